"""Seed and serve the four sandbox systems together, as the demo and the benchmarks run them."""

from __future__ import annotations

import asyncio
import json
import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path

import uvicorn

from sandbox.billing import app as billing_app
from sandbox.billing import store as billing_store
from sandbox.common.credentials import Credentials
from sandbox.common.db import connect
from sandbox.common.system import SystemApp
from sandbox.crm import app as crm_app
from sandbox.crm import store as crm_store
from sandbox.erp import app as erp_app
from sandbox.erp import store as erp_store
from sandbox.seed.discrepancies import describe
from sandbox.seed.generate import empty_universe, iter_customers
from sandbox.seed.model import Customer, Universe
from sandbox.support import app as support_app
from sandbox.support import store as support_store

log = logging.getLogger("tessera.sandbox")

MANIFEST = "manifest.json"


@dataclass(frozen=True)
class System:
    """One sandbox system: its name, default port, base path and how to seed and build it."""

    name: str
    port: int
    base_path: str
    seed: Callable[[sqlite3.Connection, Universe], None]
    create_app: Callable[[Path, Credentials], SystemApp]

    def db_path(self, data_dir: Path) -> Path:
        """Where this system's SQLite database lives."""
        return data_dir / f"{self.name}.sqlite3"


SYSTEMS: tuple[System, ...] = (
    System("crm", 8101, "/services/data/v60.0", crm_store.seed, crm_app.create_app),
    System("billing", 8102, "/v1", billing_store.seed, billing_app.create_app),
    System("support", 8103, "/api/v2", support_store.seed, support_app.create_app),
    System("erp", 8104, "/services/rest", erp_store.seed, erp_app.create_app),
)


def is_seeded(data_dir: Path) -> bool:
    """Whether every system's database and the manifest exist."""
    return (data_dir / MANIFEST).exists() and all(s.db_path(data_dir).exists() for s in SYSTEMS)


def seed_all(
    data_dir: Path,
    *,
    customers: int,
    seed: int,
    as_of: date,
    progress: Callable[[Iterable[Customer], int], Iterator[Customer]] | None = None,
) -> Universe:
    """Generate the universe and write every system's share of it, then the manifest."""
    universe = empty_universe(seed, as_of)
    generated = iter_customers(customers, seed, as_of)
    universe.customers = list(progress(generated, customers) if progress else generated)
    universe.discrepancies = [describe(c) for c in universe.customers if c.discrepancy]
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / MANIFEST).unlink(missing_ok=True)
    for system in SYSTEMS:
        conn = connect(system.db_path(data_dir))
        try:
            system.seed(conn, universe)
        finally:
            conn.close()
    manifest = {
        "seed": seed,
        "customers": customers,
        "as_of": as_of.isoformat(),
        "discrepancies": [asdict(d) for d in universe.discrepancies],
        "sample_customer_ids": [c.account_id for c in universe.customers[:10]],
    }
    (data_dir / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return universe


def build_apps(
    data_dir: Path, credentials: Credentials, only: Iterable[str] | None = None
) -> dict[str, SystemApp]:
    """Each system's ASGI app over its database in `data_dir` (only those named in `only`, when given)."""
    wanted = None if only is None else frozenset(only)
    return {
        s.name: s.create_app(s.db_path(data_dir), credentials)
        for s in SYSTEMS
        if wanted is None or s.name in wanted
    }


def servers(
    apps: dict[str, SystemApp], *, host: str, ports: dict[str, int], log_level: str = "warning"
) -> list[uvicorn.Server]:
    """One uvicorn server per app (keyed by system name), not yet started."""
    return [
        uvicorn.Server(
            uvicorn.Config(
                apps[s.name], host=host, port=ports.get(s.name, s.port), log_level=log_level, lifespan="off"
            )
        )
        for s in SYSTEMS
        if s.name in apps
    ]


async def serve_all(servers_: list[uvicorn.Server]) -> None:
    """Run the servers until they are told to stop."""
    await asyncio.gather(*(server.serve() for server in servers_))
