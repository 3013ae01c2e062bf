"""Fixtures for the write path (imported by tests/resolvers/conftest.py): a fresh sandbox per test
(copied from one seeded template), the schema over it, a shared idempotency store and audit sink, and the
sandbox journals as proof of where writes went."""

from __future__ import annotations

import shutil
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
from resolvers.context import build_context
from resolvers.mutations.runner import WritePath
from sandbox.billing import app as billing_app
from sandbox.billing import store as billing_store
from sandbox.common.credentials import Credentials
from sandbox.common.db import connect
from sandbox.common.system import SystemApp
from sandbox.crm import app as crm_app
from sandbox.crm import store as crm_store
from sandbox.erp import app as erp_app
from sandbox.erp import store as erp_store
from sandbox.seed.generate import generate
from sandbox.seed.model import Customer, Universe
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
from tests.sources.conftest import WRITE_METHODS, TimeoutAfterCommit

AS_OF = date(2026, 11, 1)
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
EVERY_SCOPE = Principal("agent-console", ALL_SCOPES)
MODULES = {
    "crm": (crm_store, crm_app),
    "erp": (erp_store, erp_app),
    "billing": (billing_store, billing_app),
    "support": (support_store, support_app),
}


@dataclass
class Template:
    universe: Universe
    root: Path


@pytest.fixture(scope="session")
def template(tmp_path_factory: pytest.TempPathFactory) -> Template:
    """One seeded set of databases; each test works on its own copy."""
    universe = generate(customers=16, seed=11, as_of=AS_OF)
    root = tmp_path_factory.mktemp("mutations-template")
    for name, (store, _) in MODULES.items():
        conn = connect(root / f"{name}.db")
        store.seed(conn, universe)
        conn.close()
    return Template(universe, root)


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
        return {
            name: sum(
                1
                for e in app.journal.entries()
                if e["method"] in WRITE_METHODS and not e["path"].endswith("/suiteql")
            )
            for name, app in self.apps.items()
        }

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
        return [
            e
            for e in self.apps[system].journal.entries()
            if e["method"] in WRITE_METHODS and not e["path"].endswith("/suiteql")
        ]

    def calls(self) -> int:
        return sum(len(app.journal.entries()) for app in self.apps.values())

    def clear(self) -> None:
        for app in self.apps.values():
            app.journal.clear()

    # --- picking seeded objects ---------------------------------------------------------------------

    def customer_with(self, test: Callable[[Customer], bool]) -> Customer:
        return next(c for c in self.universe.customers if test(c))


def only(system: str, count: int) -> dict[str, int]:
    """The journal counts expected when `system` got `count` writes and every other system none."""
    return {name: (count if name == system else 0) for name in MODULES}


NONE = {name: 0 for name in MODULES}


@pytest.fixture
async def make_writer(
    template: Template, tmp_path: Path, schema: strawberry.federation.Schema
) -> AsyncIterator[Callable[..., Awaitable[WriteGateway]]]:
    """Build a gateway over a fresh copy of the sandbox; `time_out="billing"` makes that system's first
    write time out after it committed."""
    clients: list[httpx.AsyncClient] = []

    async def build(time_out: str | None = None) -> WriteGateway:
        apps: dict[str, SystemApp] = {}
        for name, (_, module) in MODULES.items():
            path = tmp_path / f"{name}.db"
            shutil.copy(template.root / f"{name}.db", path)
            apps[name] = module.create_app(path, Credentials())
        timeouts = {name: TimeoutAfterCommit(app) for name, app in apps.items()}
        built: dict[str, httpx.AsyncClient] = {}
        for name, app in apps.items():
            transport: httpx.AsyncBaseTransport = (
                timeouts[name] if name == time_out else httpx.ASGITransport(app=app)
            )
            built[name] = httpx.AsyncClient(transport=transport, base_url=f"http://{name}.sandbox.test")
        clients.extend(built.values())
        cache = SourceCache(CacheConfig())
        sources = Sources(
            crm=CrmSource(built["crm"], CrmConfig(), cache),
            erp=ErpSource(built["erp"], ErpConfig(), cache),
            billing=BillingSource(built["billing"], BillingConfig(), cache),
            support=SupportSource(built["support"], SupportConfig(), cache),
        )
        return WriteGateway(template.universe, apps, schema, sources, timeouts)

    yield build
    for client in clients:
        await client.aclose()


@pytest.fixture
async def writer(make_writer: Callable[..., Awaitable[WriteGateway]]) -> WriteGateway:
    return await make_writer()
