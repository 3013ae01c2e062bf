"""End-to-end harness: the gateway in process before the in-process sandbox, every upstream request passing
through a `FaultyTransport` (which counts attempts and makes the faults the sandbox cannot), and an injected
clock so that backoff, Retry-After, deadlines, TTLs and breaker resets take no real time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from app.main import create_app
from app.runtime import Runtime
from app.settings import Settings
from domain.systems import SourceSystem
from resolvers.audit import AuditSink
from sandbox.common.system import SystemApp
from sources.resilience import Clock
from tests.app.conftest import AUTH
from tests.support.sandbox import asgi_client

#: Transport-made faults: what the sandbox's control plane cannot produce.
REFUSED = "connection refused"
MALFORMED = "malformed JSON"
WRONG_SHAPE = "wrong shape"
RETRY_AFTER = "429 with Retry-After"


class FakeClock:
    """Monotonic time that moves only when someone sleeps (or the test advances it). Concurrent sleeps
    overlap, as on a real clock: two tasks sleeping 1 s from the same instant end 1 s later, not 2."""

    def __init__(self) -> None:
        self.t = 10_000.0

    def now(self) -> float:
        return self.t

    async def sleep(self, seconds: float) -> None:
        target = self.t + seconds
        await asyncio.sleep(0)
        self.t = max(self.t, target)

    def advance(self, seconds: float) -> None:
        self.t += seconds

    def clock(self) -> Clock:
        return Clock(now=self.now, sleep=self.sleep)


class FaultyTransport(httpx.AsyncBaseTransport):
    """The sandbox system's transport, counting every upstream request and, in a fault `mode`, failing it
    the way the sandbox cannot: refusing the connection, a 429 with Retry-After, or a 200 whose body is
    malformed JSON or JSON of the wrong shape."""

    def __init__(self, app: SystemApp) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self.mode: str | None = None
        self.retry_after = "1"
        self.requests: list[httpx.Request] = []

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.mode == REFUSED:
            raise httpx.ConnectError("[Errno 111] Connection refused", request=request)
        if self.mode == RETRY_AFTER:
            return httpx.Response(
                429,
                headers={"Retry-After": self.retry_after},
                json={"error": "rate limited"},
                request=request,
            )
        response = await self._inner.handle_async_request(request)
        if self.mode in (MALFORMED, WRONG_SHAPE):
            await response.aread()
            body = b'{"records": [{"Id": ' if self.mode == MALFORMED else b'{"unexpected": [1, 2, 3]}'
            return httpx.Response(
                200, headers={"Content-Type": "application/json"}, content=body, request=request
            )
        return response


@dataclass
class Harness:
    """A running gateway: its client, the upstream transports, the ASGI app (state.runtime) and the clock."""

    client: httpx.AsyncClient
    upstream: dict[SourceSystem, FaultyTransport]
    app: Starlette
    clock: FakeClock

    @property
    def runtime(self) -> Runtime:
        """The running gateway's runtime (sources, metrics)."""
        runtime: Runtime = self.app.state.runtime
        return runtime

    def attempts(self) -> dict[SourceSystem, int]:
        """Upstream requests per system since the last `reset`."""
        return {system: len(transport.requests) for system, transport in self.upstream.items()}

    def reset(self) -> None:
        """Forget the requests counted so far."""
        for transport in self.upstream.values():
            transport.requests.clear()

    async def profile(self, query: str, customer_id: str, **headers: str) -> httpx.Response:
        """POST one query with `$id`."""
        return await self.client.post(
            "/graphql", json={"query": query, "variables": {"id": customer_id}}, headers=headers
        )


@asynccontextmanager
async def open_gateway(
    settings: Settings, sandboxes: Mapping[SourceSystem, SystemApp], *, audit: AuditSink | None = None
) -> AsyncIterator[Harness]:
    """The gateway over the sandbox apps, with a `FakeClock`, its lifespan running."""
    fake = FakeClock()
    upstream = {system: FaultyTransport(app) for system, app in sandboxes.items()}
    app = create_app(settings, transports=upstream, clock=fake.clock(), audit=audit)
    async with (
        LifespanManager(app) as manager,
        asgi_client(manager.app, "http://gateway", AUTH) as client,
    ):
        yield Harness(client, upstream, app, fake)


def policy_settings(policy: dict[str, Any], **system: Any) -> dict[str, Any]:
    """The same connection settings and call policy for the four systems."""
    one = {"policy": policy, **system}
    return {"crm": one, "erp": one, "billing": one, "support": one}
