"""Fixtures: one seeded sandbox per session, and a fresh gateway (sources, cache, context) per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
import strawberry

from resolvers.audit import MemoryAuditSink
from resolvers.auth import ALL_SCOPES, Principal
from resolvers.context import Context, build_context
from resolvers.mutations.runner import WritePath
from resolvers.schema import build_schema
from sources.cache import SourceCache
from sources.config import CacheConfig
from sources.context import CallContext
from sources.idempotency import InProcessIdempotencyStore
from sources.registry import Sources
from tests.resolvers.writer import make_writer, template, writer  # noqa: F401 (fixtures for the write path)
from tests.support.sandbox import NAMES, Sandbox, seeded
from tests.support.wiring import build_sources

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
#: The test principal: every scope (tests of authorization build their own).
EVERY_SCOPE = Principal("tests", ALL_SCOPES)


@pytest.fixture(scope="session")
def schema() -> strawberry.federation.Schema:
    return build_schema()


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return Sandbox.open(seeded(tmp_path_factory.mktemp("resolvers-sandbox"), customers=120))


@pytest.fixture(autouse=True)
def _clean_control_plane(sandbox: Sandbox) -> None:
    """Each test starts with empty journals and no faults."""
    sandbox.reset()


@dataclass
class Gateway:
    """The gateway's read path over the sandbox: real sources, a fresh cache, one schema."""

    schema: strawberry.federation.Schema
    sources: Sources
    clients: list[httpx.AsyncClient] = field(default_factory=list)
    principal: Principal | None = EVERY_SCOPE
    idempotency: InProcessIdempotencyStore = field(default_factory=InProcessIdempotencyStore)
    audit: MemoryAuditSink = field(default_factory=MemoryAuditSink)

    def context(self) -> Context:
        return build_context(
            sources=self.sources,
            call=CallContext(request_id="req-resolvers"),
            now=NOW,
            principal=self.principal,
            writes=WritePath(self.sources, self.idempotency, self.audit),
        )

    async def execute(self, query: str, **variables: Any) -> Any:
        return await self.schema.execute(
            query, variable_values=variables or None, context_value=self.context()
        )


@pytest.fixture
async def make_gateway(
    sandbox: Sandbox, schema: strawberry.federation.Schema
) -> AsyncIterator[Callable[..., Awaitable[Gateway]]]:
    """Build a gateway; `transports` replaces a system's transport (MockTransport, closed port, ...)."""
    built: list[Gateway] = []

    async def build(
        transports: dict[str, httpx.AsyncBaseTransport] | None = None,
        timeout_s: float = 2.0,
        cache: bool = True,
    ) -> Gateway:
        chosen: dict[str, httpx.AsyncBaseTransport] = {
            name: httpx.ASGITransport(app=sandbox.apps[name]) for name in NAMES
        }
        chosen.update(transports or {})
        clients = {
            name: httpx.AsyncClient(transport=transport, base_url=f"http://{name}.sandbox.test")
            for name, transport in chosen.items()
        }
        sources = build_sources(clients, SourceCache(CacheConfig(enabled=cache)), timeout_s=timeout_s)
        gateway = Gateway(schema=schema, sources=sources, clients=list(clients.values()))
        built.append(gateway)
        return gateway

    yield build
    for gateway in built:
        for client in gateway.clients:
            await client.aclose()


@pytest.fixture
async def gateway(make_gateway: Callable[..., Awaitable[Gateway]]) -> Gateway:
    return await make_gateway()
