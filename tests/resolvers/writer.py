"""Fixtures for the write path (imported by tests/resolvers/conftest.py): a fresh sandbox per test
(copied from one seeded template), the schema over it, a shared idempotency store and audit sink, and the
sandbox journals as proof of where writes went."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import strawberry

from resolvers.audit import MemoryAuditSink
from resolvers.auth import ALL_SCOPES, Principal
from resolvers.context import build_context
from resolvers.mutations.runner import WritePath
from sandbox.common.system import SystemApp
from sandbox.seed.model import Customer, Universe
from sources.cache import SourceCache
from sources.config import CacheConfig
from sources.context import CallContext
from sources.idempotency import InProcessIdempotencyStore
from sources.registry import Sources
from tests.support.sandbox import (
    NAMES,
    Sandbox,
    Seeded,
    TimeoutAfterCommit,
    asgi_client,
    seeded,
    write_entries,
)
from tests.support.wiring import build_sources

NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
EVERY_SCOPE = Principal("agent-console", ALL_SCOPES)


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """One seeded set of databases; each test works on its own copy."""
    return seeded(tmp_path_factory.mktemp("mutations-template"), customers=16, seed=11)


@dataclass
class WriteGateway:
    """The schema over a fresh sandbox, with one idempotency store and audit sink across requests."""

    universe: Universe
    apps: dict[str, SystemApp]
    schema: strawberry.federation.Schema
    sources: Sources
    timeouts: dict[str, TimeoutAfterCommit]
    store: InProcessIdempotencyStore = field(default_factory=InProcessIdempotencyStore)
    audit: MemoryAuditSink = field(default_factory=MemoryAuditSink)

    async def execute(
        self, document: str, *, principal: Principal | None = EVERY_SCOPE, **variables: Any
    ) -> Any:
        context = build_context(
            sources=self.sources,
            call=CallContext(request_id="req-mutation"),
            now=NOW,
            principal=principal,
            writes=WritePath(self.sources, self.store, self.audit),
        )
        return await self.schema.execute(document, variable_values=variables or None, context_value=context)

    def writes(self) -> dict[str, int]:
        """How many write requests each system received (a SuiteQL POST is a read and is left out)."""
        return {name: len(write_entries(app)) for name, app in self.apps.items()}

    def committed(self) -> dict[str, int]:
        """Writes each system committed: Stripe commits one request per Idempotency-Key however often it is
        sent (the HTTP layer may resend a timed-out keyed POST), every other system each write request."""
        counts: dict[str, int] = {}
        for name in self.apps:
            entries = self.write_entries(name)
            keys = {e["headers"].get("idempotency-key") for e in entries}
            counts[name] = len(keys) if entries and None not in keys else len(entries)
        return counts

    def write_entries(self, system: str) -> list[dict[str, Any]]:
        return write_entries(self.apps[system])

    def calls(self) -> int:
        return sum(len(app.journal.entries()) for app in self.apps.values())

    def clear(self) -> None:
        for app in self.apps.values():
            app.journal.clear()

    # --- picking seeded objects ---------------------------------------------------------------------

    def customer_with(self, test: Callable[[Customer], object]) -> Customer:
        return next(c for c in self.universe.customers if test(c))


def only(system: str, count: int) -> dict[str, int]:
    """The journal counts expected when `system` got `count` writes and every other system none."""
    return {name: (count if name == system else 0) for name in NAMES}


NONE = {name: 0 for name in NAMES}


@pytest.fixture
async def make_writer(
    template: Seeded, tmp_path: Path, schema: strawberry.federation.Schema
) -> AsyncIterator[Callable[..., Awaitable[WriteGateway]]]:
    """Build a gateway over a fresh copy of the sandbox; `time_out="billing"` makes that system's first
    write time out after it committed."""
    clients: list[httpx.AsyncClient] = []

    async def build(time_out: str | None = None) -> WriteGateway:
        apps = Sandbox.copy(template, tmp_path).apps
        timeouts = {name: TimeoutAfterCommit(app) for name, app in apps.items()}
        built: dict[str, httpx.AsyncClient] = {}
        for name, app in apps.items():
            base_url = f"http://{name}.sandbox.test"
            built[name] = (
                httpx.AsyncClient(transport=timeouts[name], base_url=base_url)
                if name == time_out
                else asgi_client(app, base_url)
            )
        clients.extend(built.values())
        sources = build_sources(built, SourceCache(CacheConfig()))
        return WriteGateway(template.universe, apps, schema, sources, timeouts)

    yield build
    for client in clients:
        await client.aclose()


@pytest.fixture
async def writer(make_writer: Callable[..., Awaitable[WriteGateway]]) -> WriteGateway:
    return await make_writer()
