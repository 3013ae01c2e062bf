from __future__ import annotations

import asyncio
import gzip
import socket
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

import httpx
import pytest

from sources.transport import AiohttpTransport

Handler = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]
OK = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-Vendor: a\r\nContent-Length: 12\r\n\r\n"
    b'{"ok": true}'
)


@asynccontextmanager
async def serving(handler: Handler) -> AsyncIterator[str]:
    """A one-handler HTTP server on a free loopback port; yields its base URL."""
    server = await asyncio.start_server(handler, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.close()


async def read_request(reader: asyncio.StreamReader) -> tuple[bytes, bytes]:
    """The request head and its body (by Content-Length)."""
    head = await reader.readuntil(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    return head, await reader.readexactly(length)


def client(base_url: str, read_s: float = 2.0) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        base_url=base_url,
        timeout=httpx.Timeout(read_s),
        transport=AiohttpTransport(max_connections=4, keepalive_expiry_s=30.0),
    )


async def test_the_request_goes_out_as_httpx_encoded_it_and_the_answer_comes_back_whole() -> None:
    seen: list[tuple[bytes, bytes]] = []

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        for _ in range(2):  # both requests on one kept-alive connection
            seen.append(await read_request(reader))
            writer.write(OK)
            await writer.drain()
        writer.close()

    async with serving(handler) as base, client(base) as http:
        query = "SELECT Id FROM Account WHERE Name = 'O\\'Brien & Co' AND Id IN ('a+b')"
        got = await http.get("/query", params={"q": query}, headers={"Authorization": "Bearer t"})
        posted = await http.post("/suiteql", json={"q": "SELECT 1"}, headers={"Prefer": "transient"})

    expected = httpx.Request("GET", f"{base}/query", params={"q": query}).url.raw_path
    get_head, _ = seen[0]
    assert get_head.split(b"\r\n")[0] == b"GET " + expected + b" HTTP/1.1"
    assert b"\r\nAuthorization: Bearer t\r\n" in get_head
    post_head, post_body = seen[1]
    assert post_head.startswith(b"POST /suiteql HTTP/1.1\r\n")
    assert b"\r\nPrefer: transient\r\n" in post_head
    assert post_body == b'{"q":"SELECT 1"}'
    for response in (got, posted):
        assert response.status_code == 200
        assert response.json() == {"ok": True}
        assert response.headers["x-vendor"] == "a"
        assert response.reason_phrase == "OK"
        assert response.elapsed.total_seconds() > 0


async def test_a_compressed_answer_is_decoded_by_httpx() -> None:
    body = gzip.compress(b'{"ok": true}')

    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        head = f"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: {len(body)}\r\n\r\n"
        writer.write(head.encode() + body)
        await writer.drain()
        writer.close()

    async with serving(handler) as base, client(base) as http:
        response = await http.get("/v1/invoices")

    assert response.json() == {"ok": True}
    assert response.headers["content-length"] == str(len(body))


async def test_an_error_status_is_an_answer_not_an_exception() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.write(b"HTTP/1.1 429 Too Many Requests\r\nRetry-After: 3\r\nContent-Length: 0\r\n\r\n")
        await writer.drain()
        writer.close()

    async with serving(handler) as base, client(base) as http:
        response = await http.get("/v1/invoices")

    assert response.status_code == 429
    assert response.headers["retry-after"] == "3"


async def test_a_refused_connection_is_a_connect_error_not_a_timeout() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    async with client(f"http://127.0.0.1:{port}") as http:
        with pytest.raises(httpx.ConnectError):
            await http.get("/")


async def test_a_connection_closed_before_the_answer_is_a_transport_error_not_a_timeout() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        writer.close()

    async with serving(handler) as base, client(base) as http:
        with pytest.raises(httpx.TransportError) as caught:
            await http.get("/")

    assert not isinstance(caught.value, httpx.TimeoutException)


async def test_a_silent_server_is_a_read_timeout() -> None:
    async def handler(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await read_request(reader)
        await asyncio.sleep(1)
        writer.close()

    async with serving(handler) as base, client(base, read_s=0.05) as http:
        with pytest.raises(httpx.ReadTimeout):
            await http.get("/")
