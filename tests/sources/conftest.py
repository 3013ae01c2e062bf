"""Shared fixtures: one seeded universe and the four sandbox apps per session, a fresh client per test."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from sources.cache import SourceCache
from sources.config import CacheConfig
from sources.context import CallContext
from tests.support.sandbox import Sandbox, Seeded, TimeoutAfterCommit, asgi_client, seeded, write_entries


@pytest.fixture(scope="session")
def sandbox(tmp_path_factory: pytest.TempPathFactory) -> Sandbox:
    return Sandbox.open(seeded(tmp_path_factory.mktemp("sandbox"), customers=120))


@pytest.fixture(autouse=True)
def _clean_control_plane(sandbox: Sandbox) -> None:
    """Each test starts with empty journals and no faults."""
    sandbox.reset()


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
        client = asgi_client(app, base_url)
        clients.append(client)
        return client

    yield build
    for client in clients:
        await client.aclose()


# --- writes: a fresh, small sandbox per test, so writes never leak into the shared universe ------------


@dataclass
class WriteRig:
    """A fresh sandbox with one client per system (billing, crm, support, erp by name)."""

    sandbox: Sandbox
    clients: dict[str, httpx.AsyncClient]
    timeouts: dict[str, TimeoutAfterCommit]

    async def writes(self) -> dict[str, list[dict[str, Any]]]:
        """Each system's journaled write requests (POST to SuiteQL is a read and is left out)."""
        return {name: write_entries(app) for name, app in self.sandbox.apps.items()}


@pytest.fixture(scope="session")
def write_template(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """A small universe seeded once; each write test works on its own copy."""
    return seeded(tmp_path_factory.mktemp("write-template"), customers=12, seed=11)


@pytest.fixture
async def rig(write_template: Seeded, tmp_path: Path) -> AsyncIterator[WriteRig]:
    """A fresh 12-customer sandbox; `rig.clients[name]` talk to it, `rig.timeouts[name]` time out once."""
    sandbox = Sandbox.copy(write_template, tmp_path)
    clients: dict[str, httpx.AsyncClient] = {}
    timeouts: dict[str, TimeoutAfterCommit] = {}
    for name, app in sandbox.apps.items():
        host = f"http://{name}.test"
        clients[name] = asgi_client(app, host)
        timeouts[name] = TimeoutAfterCommit(app)
        clients[f"{name}-timeout"] = httpx.AsyncClient(transport=timeouts[name], base_url=host)
    yield WriteRig(sandbox, clients, timeouts)
    for client in clients.values():
        await client.aclose()
