# A small, non-root image of the Tessera gateway (the sandbox is for the demo and tests, not production).
FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY app ./app
COPY resolvers ./resolvers
COPY sources ./sources
COPY domain ./domain
COPY sandbox ./sandbox
RUN pip install --no-cache-dir --prefix=/install .

FROM python:3.11-slim
RUN useradd --system --uid 10001 --home-dir /nonexistent --shell /usr/sbin/nologin tessera
COPY --from=build /install /usr/local
USER tessera
ENV TESSERA_HOST=0.0.0.0 TESSERA_PORT=8000 PYTHONUNBUFFERED=1
EXPOSE 8000
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["python", "-c", "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2).status == 200 else 1)"]
CMD ["tessera", "serve"]
