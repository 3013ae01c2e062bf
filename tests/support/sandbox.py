"""The sandbox in tests: seed a universe into a directory once, build fresh apps over it (or over a copy, for
tests that write), reach them through `httpx.ASGITransport`, and read journals and put faults."""

from __future__ import annotations

import base64
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from sandbox import runner
from sandbox.common.credentials import Credentials
from sandbox.common.db import connect
from sandbox.common.faults import Faults
from sandbox.common.system import SystemApp
from sandbox.seed.generate import generate
from sandbox.seed.model import Customer, Universe

AS_OF = date(2026, 11, 1)
CREDENTIALS = Credentials()
#: The four systems, in the order the tests list them.
NAMES = ("crm", "erp", "billing", "support")
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_SYSTEMS = {system.name: system for system in runner.SYSTEMS}


@dataclass(frozen=True)
class Seeded:
    """A universe and the directory its systems' databases were seeded into (read only: copy to write)."""

    universe: Universe
    root: Path


def seeded(directory: Path, *, customers: int, seed: int = 3, as_of: date = AS_OF) -> Seeded:
    """Generate a deterministic universe and seed all four systems' databases into `directory`."""
    world = generate(customers=customers, seed=seed, as_of=as_of)
    return Seeded(world, seed_dir(directory, world))


def db_path(directory: Path, name: str) -> Path:
    """Where system `name` keeps its database in `directory`."""
    return _SYSTEMS[name].db_path(directory)


def seed_dir(directory: Path, world: Universe) -> Path:
    """Write each system's share of `world` into `directory` (returned)."""
    for name in NAMES:
        conn = connect(db_path(directory, name))
        try:
            _SYSTEMS[name].seed(conn, world)
        finally:
            conn.close()
    return directory


def copy_seeded(source: Path, target: Path, names: Iterable[str] = NAMES) -> Path:
    """Copy the named systems' databases from `source` into `target` (returned), for tests that write."""
    target.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(db_path(source, name), db_path(target, name))
    return target


def build_apps(directory: Path, credentials: Credentials = CREDENTIALS) -> dict[str, SystemApp]:
    """A fresh app per system (own journal and faults) over the databases in `directory`, in `NAMES` order."""
    return {name: _SYSTEMS[name].create_app(db_path(directory, name), credentials) for name in NAMES}


def reset(apps: Iterable[SystemApp]) -> None:
    """Empty the apps' journals and lift their faults."""
    for app in apps:
        app.journal.clear()
        app.faults = Faults()


def write_entries(app: SystemApp) -> list[dict[str, Any]]:
    """The app's journaled write requests (a POST to SuiteQL is a read and is left out)."""
    return [
        e
        for e in app.journal.entries()
        if e["method"] in WRITE_METHODS and not e["path"].endswith("/suiteql")
    ]


@dataclass
class Sandbox:
    """The four sandbox systems over one seeded universe."""

    universe: Universe
    apps: dict[str, SystemApp]

    @classmethod
    def open(cls, seeded: Seeded) -> Sandbox:
        """Fresh apps over the seeded databases themselves (for tests that only read)."""
        return cls(universe=seeded.universe, apps=build_apps(seeded.root))

    @classmethod
    def copy(cls, seeded: Seeded, directory: Path) -> Sandbox:
        """Fresh apps over a copy of the seeded databases in `directory` (for tests that write)."""
        return cls(universe=seeded.universe, apps=build_apps(copy_seeded(seeded.root, directory)))

    @property
    def crm(self) -> SystemApp:
        return self.apps["crm"]

    @property
    def erp(self) -> SystemApp:
        return self.apps["erp"]

    @property
    def billing(self) -> SystemApp:
        return self.apps["billing"]

    @property
    def support(self) -> SystemApp:
        return self.apps["support"]

    def customer(self, index: int) -> Customer:
        """The universe's customer at `index`."""
        return self.universe.customers[index]

    def calls(self, system: str) -> list[dict[str, Any]]:
        """Dialect requests the system answered since its journal was last cleared."""
        return self.apps[system].journal.entries()

    def counts(self) -> dict[str, int]:
        """How many dialect requests each system answered."""
        return {name: len(self.calls(name)) for name in self.apps}

    def reset(self) -> None:
        """Empty every journal and lift every fault."""
        reset(self.apps.values())


# --- clients ---------------------------------------------------------------------------------------------


def basic_auth(email: str = CREDENTIALS.support_email, token: str = CREDENTIALS.support_api_token) -> str:
    """An `Authorization` value for Zendesk API-token auth."""
    return "Basic " + base64.b64encode(f"{email}/token:{token}".encode()).decode()


def demo_auth(name: str, credentials: Credentials = CREDENTIALS) -> str:
    """The `Authorization` value system `name` accepts with the demo credentials."""
    bearer = {
        "crm": credentials.crm_access_token,
        "erp": credentials.erp_access_token,
        "billing": credentials.billing_secret_key,
    }
    if name == "support":
        return basic_auth(credentials.support_email, credentials.support_api_token)
    return f"Bearer {bearer[name]}"


def asgi_client(
    app: Any, base_url: str = "http://sandbox", headers: dict[str, str] | None = None
) -> httpx.AsyncClient:
    """A client of an ASGI app, in process."""
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base_url, headers=headers)


def sandbox_client(app: SystemApp, name: str, authorization: str | None = None) -> httpx.AsyncClient:
    """A client of sandbox system `name` at `http://{name}.test`, with the demo credentials unless given."""
    headers = {"Authorization": authorization or demo_auth(name)}
    return asgi_client(app, f"http://{name}.test", headers)


async def client_journal(client: httpx.AsyncClient) -> list[dict[str, Any]]:
    """The journal of the sandbox system behind `client` (the control plane itself is never journaled)."""
    response = await client.get("/__sandbox/journal")
    response.raise_for_status()
    entries: list[dict[str, Any]] = response.json()
    return entries


async def journal(app: SystemApp) -> list[dict[str, Any]]:
    """A sandbox system's journal, through its control plane."""
    async with asgi_client(app) as client:
        return await client_journal(client)


async def put_faults(app: SystemApp, **faults: Any) -> None:
    """Set faults on a sandbox system through its control plane."""
    async with asgi_client(app) as client:
        response = await client.put("/__sandbox/faults", json=faults)
        response.raise_for_status()


class TimeoutAfterCommit(httpx.AsyncBaseTransport):
    """Forwards to the sandbox app, then raises ReadTimeout on the first write: the write committed."""

    def __init__(self, app: SystemApp) -> None:
        self._inner = httpx.ASGITransport(app=app)
        self.fired = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self._inner.handle_async_request(request)
        if request.method in WRITE_METHODS and not self.fired:
            self.fired = True
            await response.aread()
            raise httpx.ReadTimeout("timed out after the upstream committed", request=request)
        return response
