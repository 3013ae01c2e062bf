"""A minimal HTTP/1.1 server answering every request with one fixed JSON body: the load generator's target
when its own ceiling is measured (`python -m bench.echo PORT`)."""

from __future__ import annotations

import asyncio
import sys

import uvloop

ANSWER = b'{"data":{"__typename":"Query"}}'
RESPONSE = (
    b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: "
    + str(len(ANSWER)).encode()
    + b"\r\n\r\n"
    + ANSWER
)


async def _handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            if length:
                await reader.readexactly(length)
            writer.write(RESPONSE)
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def _serve(port: int) -> None:
    server = await asyncio.start_server(_handle, "127.0.0.1", port)
    async with server:
        await server.serve_forever()


def main() -> None:
    """Serve on 127.0.0.1:PORT until killed."""
    uvloop.run(_serve(int(sys.argv[1])))


if __name__ == "__main__":
    main()
