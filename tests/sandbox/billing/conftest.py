"""Fixtures: a seeded billing database (40 customers), the app on it, and a client with the demo key."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from sandbox.billing.app import create_app
from sandbox.billing.store import seed
from sandbox.common.credentials import Credentials
from sandbox.common.db import connect
from sandbox.common.system import SystemApp
from sandbox.seed.generate import generate
from sandbox.seed.model import Universe

CREDENTIALS = Credentials()
AUTH = {"Authorization": f"Bearer {CREDENTIALS.billing_secret_key}"}


@pytest.fixture(scope="session")
def universe() -> Universe:
    return generate(customers=40, seed=3, as_of=date(2026, 11, 1))


@pytest.fixture
def db_path(tmp_path: Path, universe: Universe) -> Path:
    path = tmp_path / "billing.db"
    conn = connect(path)
    seed(conn, universe)
    conn.close()
    return path


@pytest.fixture
def app(db_path: Path) -> SystemApp:
    return create_app(db_path, CREDENTIALS)


@pytest.fixture
async def client(app: SystemApp) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://billing.test", headers=AUTH) as c:
        yield c


@pytest.fixture
def db(db_path: Path) -> sqlite3.Connection:
    """A second connection for reading what the app wrote."""
    return connect(db_path)


def count(db: sqlite3.Connection, table: str) -> int:
    """Rows in a table."""
    return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
