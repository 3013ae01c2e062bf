"""The network transport under each system's `httpx.AsyncClient`: HTTP/1.1 keep-alive over aiohttp.

httpx's own stack (httpcore, h11, anyio) cost about 0.8 ms of CPU per upstream call, two thirds of the
gateway's cost for a call; aiohttp's C parser and connection pool do the same work for about half
(bench/README.md). httpx stays the API every connector uses (`sources/http.py`): this transport only
sends the request httpx built and hands back its status, headers and body. Failures are raised as the
httpx exceptions httpcore would raise, so `SourceHttp` maps them exactly as before: a timeout as
`httpx.TimeoutException`, a refused or dropped connection as another `httpx.TransportError`.
"""

from __future__ import annotations

import aiohttp
import httpx
from yarl import URL


class AiohttpTransport(httpx.AsyncBaseTransport):
    """One system's keep-alive pool of at most `max_connections`, idle connections closed after
    `keepalive_expiry_s`. Cookies and proxies stay httpx's business: aiohttp's own are turned off."""

    def __init__(self, *, max_connections: int, keepalive_expiry_s: float) -> None:
        self._max_connections = max_connections
        self._keepalive_expiry_s = keepalive_expiry_s
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        # Built on first use: aiohttp binds a session to the running event loop.
        if self._session is None:
            connector = aiohttp.TCPConnector(
                limit=self._max_connections,
                limit_per_host=0,
                keepalive_timeout=self._keepalive_expiry_s,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                cookie_jar=aiohttp.DummyCookieJar(),
                auto_decompress=False,  # httpx decodes per Content-Encoding, as with its own transport
                trust_env=False,
            )
        return self._session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Send `request` as httpx encoded it and return the whole answer."""
        timeout = request.extensions.get("timeout", {})
        body = await request.aread()
        encoding = request.headers.encoding
        # The names as given (httpx's `multi_items()` would lower-case them), in httpx's order.
        headers = [(name.decode(encoding), value.decode(encoding)) for name, value in request.headers.raw]
        try:
            async with self._open().request(
                request.method,
                URL(str(request.url), encoded=True),  # exactly httpx's encoding, not re-quoted
                headers=headers,
                data=body or None,
                allow_redirects=False,
                timeout=aiohttp.ClientTimeout(
                    total=None,
                    connect=timeout.get("pool"),
                    sock_connect=timeout.get("connect"),
                    sock_read=timeout.get("read"),
                ),
            ) as answer:
                content = await answer.read()
        except aiohttp.ConnectionTimeoutError as exc:
            raise httpx.ConnectTimeout(str(exc), request=request) from exc
        except TimeoutError as exc:  # aiohttp's read timeouts (SocketTimeoutError and the like)
            raise httpx.ReadTimeout(str(exc), request=request) from exc
        except aiohttp.ClientConnectorError as exc:
            raise httpx.ConnectError(str(exc), request=request) from exc
        except (aiohttp.ServerDisconnectedError, aiohttp.ClientResponseError) as exc:
            raise httpx.RemoteProtocolError(str(exc), request=request) from exc
        except aiohttp.ClientError as exc:
            raise httpx.ReadError(str(exc), request=request) from exc
        return httpx.Response(
            answer.status,
            headers=answer.raw_headers,
            stream=httpx.ByteStream(content),
            request=request,
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": (answer.reason or "").encode()},
        )

    async def aclose(self) -> None:
        """Close every pooled connection."""
        if self._session is not None:
            await self._session.close()
            self._session = None
