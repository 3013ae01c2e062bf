"""A lean HTTP/1.1 keep-alive client over asyncio streams: just enough for the benchmarks' own requests."""

from __future__ import annotations

import asyncio
import json
from typing import Any


class HttpError(Exception):
    """The server broke the HTTP/1.1 exchange (closed the connection, or a malformed answer)."""


class Connection:
    """One keep-alive connection to `host:port`; requests on it run one at a time."""

    def __init__(self, host: str, port: int, headers: dict[str, str] | None = None) -> None:
        self.host = host
        self.port = port
        self.headers = headers or {}
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def _open(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self._reader is None or self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        return self._reader, self._writer

    def encode(
        self, method: str, path: str, body: bytes = b"", content_type: str = "application/json"
    ) -> bytes:
        """The raw bytes of one request (build once, send many times)."""
        head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
        head += "".join(f"{name}: {value}\r\n" for name, value in self.headers.items())
        if body or method in ("POST", "PUT"):
            head += f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n"
        return head.encode("latin-1") + b"\r\n" + body

    async def send(self, raw: bytes) -> tuple[int, bytes]:
        """Send one pre-encoded request and read its answer: (status, body).

        A kept-alive connection the server closed while idle is reopened once, and the request resent.
        """
        reused = self._writer is not None
        try:
            return await self._exchange(raw)
        except HttpError:
            if not reused:
                raise
        return await self._exchange(raw)

    async def _exchange(self, raw: bytes) -> tuple[int, bytes]:
        reader, writer = await self._open()
        try:
            writer.write(raw)
            head = await reader.readuntil(b"\r\n\r\n")
        except (asyncio.IncompleteReadError, ConnectionError) as exc:
            self.close()
            raise HttpError("connection closed before an answer") from exc
        lines = head.split(b"\r\n")
        try:
            status = int(lines[0].split(b" ", 2)[1])
        except (IndexError, ValueError) as exc:
            self.close()
            raise HttpError(f"malformed status line {lines[0]!r}") from exc
        length = -1
        chunked = False
        closing = False
        for line in lines[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
            elif name == b"connection" and b"close" in value.lower():
                closing = True
        if status in (204, 304) or 100 <= status < 200:
            payload = b""
        elif chunked:
            payload = await _read_chunked(reader)
        elif length >= 0:
            payload = await reader.readexactly(length)
        else:
            payload = await reader.read()
            closing = True
        if closing:
            self.close()
        return status, payload

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        """Send one request and read its answer: (status, body)."""
        return await self.send(self.encode(method, path, body))

    async def json(self, method: str, path: str, payload: Any = None) -> tuple[int, Any]:
        """A JSON request and its decoded JSON answer (None for an empty body)."""
        body = b"" if payload is None else json.dumps(payload).encode()
        status, answer = await self.request(method, path, body)
        return status, (json.loads(answer) if answer else None)

    def close(self) -> None:
        """Close the connection (the next request opens a new one)."""
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


async def _read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts: list[bytes] = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)
