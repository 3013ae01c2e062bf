"""Shared fixtures: one seeded universe and the four sandbox apps per session, a fresh client per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

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
from sources.cache import SourceCache
from sources.config import CacheConfig
from sources.context import CallContext

AS_OF = date(2026, 11, 1)


@dataclass
class Sandbox:
    """The four sandbox systems over one seeded universe."""

    universe: Universe
    crm: SystemApp
    erp: SystemApp
    billing: SystemApp
    support: SystemApp

    def customer(self, index: int) -> Customer:
        return self.universe.customers[index]


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    universe = generate(customers=120, seed=3, as_of=AS_OF)
    root: Path = tmp_path_factory.mktemp("sandbox")
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
    return Sandbox(universe=universe, **apps)


@pytest.fixture(autouse=True)
def _clean_control_plane(sandbox: Sandbox) -> None:
    """Each test starts with empty journals and no faults."""
    from sandbox.common.faults import Faults

    for system in (sandbox.crm, sandbox.erp, sandbox.billing, sandbox.support):
        system.journal.clear()
        system.faults = Faults()


@pytest.fixture
def ctx() -> CallContext:
    return CallContext(
        request_id="req-test-1", traceparent="00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"
    )


@pytest.fixture
def cache() -> SourceCache:
    return SourceCache(CacheConfig())


ClientFor = Callable[[Any, str], httpx.AsyncClient]


@pytest.fixture
async def client_for() -> AsyncIterator[ClientFor]:
    """Build AsyncClients over ASGI apps, closed at teardown."""
    clients: list[httpx.AsyncClient] = []

    def build(app: Any, base_url: str) -> httpx.AsyncClient:
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url)
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.aclose()


async def journal(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    """The sandbox's journal of dialect requests (the control plane itself is never journaled)."""
    response = await client.get("/__sandbox/journal")
    response.raise_for_status()
    entries: list[dict[str, Any]] = response.json()
    return entries


# --- writes: a fresh, small sandbox per test, so writes never leak into the shared universe ------------

WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SANDBOX_HOSTS = {
    "crm": "http://crm.test",
    "erp": "http://erp.test",
    "billing": "http://billing.test",
    "support": "http://support.test",
}


class TimeoutAfterCommit(httpx.AsyncBaseTransport):
    """Forwards to the sandbox app, then raises ReadTimeout on the first write: the write committed."""

    def __init__(self, app: Any) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self.fired = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if request.method in WRITE_METHODS and not self.fired:
            self.fired = True
            await response.aread()
            raise httpx.ReadTimeout("timed out after the upstream committed", request=request)
        return response


@dataclass
class WriteRig:
    """A fresh sandbox with one client per system (billing, crm, support, erp by name)."""

    sandbox: Sandbox
    clients: dict[str, httpx.AsyncClient]
    timeouts: dict[str, TimeoutAfterCommit]

    async def writes(self) -> dict[str, list[dict[str, Any]]]:
        """Each system's journaled write requests (POST to SuiteQL is a read and is left out)."""
        found: dict[str, list[dict[str, Any]]] = {}
        for name, app in (
            ("crm", self.sandbox.crm),
            ("erp", self.sandbox.erp),
            ("billing", self.sandbox.billing),
            ("support", self.sandbox.support),
        ):
            found[name] = [
                e
                for e in app.journal.entries()
                if e["method"] in WRITE_METHODS and not e["path"].endswith("/suiteql")
            ]
        return found


@pytest.fixture
async def rig(tmp_path: Path) -> AsyncIterator[WriteRig]:
    """A fresh 12-customer sandbox; `rig.clients[name]` talk to it, `rig.timeouts[name]` time out once."""
    universe = generate(customers=12, seed=11, as_of=AS_OF)
    apps: dict[str, SystemApp] = {}
    for name, store, module in (
        ("crm", crm_store, crm_app),
        ("erp", erp_store, erp_app),
        ("billing", billing_store, billing_app),
        ("support", support_store, support_app),
    ):
        path = tmp_path / f"{name}.db"
        conn = connect(path)
        store.seed(conn, universe)
        conn.close()
        apps[name] = module.create_app(path, Credentials())
    sandbox = Sandbox(universe=universe, **apps)
    clients: dict[str, httpx.AsyncClient] = {}
    timeouts: dict[str, TimeoutAfterCommit] = {}
    for name, app in apps.items():
        clients[name] = httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=SANDBOX_HOSTS[name]
        )
        timeouts[name] = TimeoutAfterCommit(app)
        clients[f"{name}-timeout"] = httpx.AsyncClient(transport=timeouts[name], base_url=SANDBOX_HOSTS[name])
    yield WriteRig(sandbox, clients, timeouts)
    for client in clients.values():
        await client.aclose()
