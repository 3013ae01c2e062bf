"""Talking to the gateway under test: one GraphQL request at a time over one keep-alive connection."""

from __future__ import annotations

import json
import time
from typing import Any

from bench.http1 import Connection
from bench.processes import HOST
from bench.queries import body


class GraphQLFailed(RuntimeError):
    """The gateway answered a status other than 200 or a GraphQL answer with errors."""


class Gateway:
    """A GraphQL client of the gateway on `port`."""

    def __init__(self, port: int, headers: dict[str, str] | None = None) -> None:
        self.port = port
        self._conn = Connection(HOST, port, headers)

    async def timed(self, query: str, variables: dict[str, Any] | None = None) -> tuple[float, Any]:
        """Send one query; (seconds from send to full answer, decoded `data`); errors raise."""
        raw = self._conn.encode("POST", "/graphql", body(query, variables))
        started = time.perf_counter()
        status, answer = await self._conn.send(raw)
        elapsed = time.perf_counter() - started
        decoded = json.loads(answer)
        if status != 200 or decoded.get("errors"):
            raise GraphQLFailed(f"HTTP {status}: {json.dumps(decoded.get('errors'))[:500]}")
        return elapsed, decoded["data"]

    async def query(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        """Send one query and return its `data`; errors raise."""
        return (await self.timed(query, variables))[1]

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()
