"""Fixtures: one seeded sandbox per session, and a fresh gateway (sources, cache, context) per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import strawberry

from resolvers.audit import MemoryAuditSink
from resolvers.auth import ALL_SCOPES, Principal
from resolvers.context import Context, build_context
from resolvers.mutations.runner import WritePath
from resolvers.schema import build_schema
from sandbox.billing import app as billing_app
from sandbox.billing import store as billing_store
from sandbox.common.credentials import Credentials
from sandbox.common.db import connect
from sandbox.common.faults import Faults
from sandbox.common.system import SystemApp
from sandbox.crm import app as crm_app
from sandbox.crm import store as crm_store
from sandbox.erp import app as erp_app
from sandbox.erp import store as erp_store
from sandbox.seed.generate import generate
from sandbox.seed.model import Universe
from sandbox.support import app as support_app
from sandbox.support import store as support_store
from sources.billing.client import BillingSource
from sources.cache import SourceCache
from sources.config import BillingConfig, CacheConfig, CrmConfig, ErpConfig, SupportConfig
from sources.context import CallContext
from sources.crm.client import CrmSource
from sources.erp.client import ErpSource
from sources.idempotency import InProcessIdempotencyStore
from sources.registry import Sources
from sources.support.client import SupportSource
from tests.resolvers.writer import make_writer, template, writer  # noqa: F401 (fixtures for the write path)

AS_OF = date(2026, 11, 1)
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
SYSTEMS = ("crm", "erp", "billing", "support")
#: The test principal: every scope (tests of authorization build their own).
EVERY_SCOPE = Principal("tests", ALL_SCOPES)


@dataclass
class Sandbox:
    """The four sandbox systems over one seeded universe."""

    universe: Universe
    apps: dict[str, SystemApp]

    def calls(self, system: str) -> list[dict[str, Any]]:
        """Dialect requests the system answered since the test started."""
        return self.apps[system].journal.entries()

    def counts(self) -> dict[str, int]:
        return {name: len(self.calls(name)) for name in SYSTEMS}


@pytest.fixture(scope="session")
def schema() -> strawberry.federation.Schema:
    return build_schema()


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    universe = generate(customers=120, seed=3, as_of=AS_OF)
    root: Path = tmp_path_factory.mktemp("resolvers-sandbox")
    apps: dict[str, SystemApp] = {}
    for name, store, module in (
        ("crm", crm_store, crm_app),
        ("erp", erp_store, erp_app),
        ("billing", billing_store, billing_app),
        ("support", support_store, support_app),
    ):
        path = root / f"{name}.db"
        conn = connect(path)
        store.seed(conn, universe)
        conn.close()
        apps[name] = module.create_app(path, Credentials())
    return Sandbox(universe=universe, apps=apps)


@pytest.fixture(autouse=True)
def _clean_control_plane(sandbox: Sandbox) -> None:
    """Each test starts with empty journals and no faults."""
    for app in sandbox.apps.values():
        app.journal.clear()
        app.faults = Faults()


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
            name: httpx.ASGITransport(app=sandbox.apps[name]) for name in SYSTEMS
        }
        chosen.update(transports or {})
        clients = {
            name: httpx.AsyncClient(transport=transport, base_url=f"http://{name}.sandbox.test")
            for name, transport in chosen.items()
        }
        source_cache = SourceCache(CacheConfig(enabled=cache))
        sources = Sources(
            crm=CrmSource(clients["crm"], CrmConfig(timeout_s=timeout_s), source_cache),
            erp=ErpSource(clients["erp"], ErpConfig(timeout_s=timeout_s), source_cache),
            billing=BillingSource(clients["billing"], BillingConfig(timeout_s=timeout_s), source_cache),
            support=SupportSource(clients["support"], SupportConfig(timeout_s=timeout_s), source_cache),
        )
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
