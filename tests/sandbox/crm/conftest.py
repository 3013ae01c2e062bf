"""Fixtures for the CRM sandbox: a small seeded universe, a database per test, the app and a client."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import httpx
import pytest

from sandbox.common.credentials import Credentials
from sandbox.common.db import connect
from sandbox.common.system import SystemApp
from sandbox.crm import store
from sandbox.crm.app import create_app
from sandbox.seed.generate import generate
from sandbox.seed.model import Universe

BASE = "/services/data/v60.0"


@pytest.fixture(scope="session")
def universe() -> Universe:
    return generate(customers=40, seed=3, as_of=date(2026, 11, 1))


@pytest.fixture
def db_path(tmp_path: Path, universe: Universe) -> Path:
    path = tmp_path / "crm.sqlite"
    conn = connect(path)
    store.seed(conn, universe)
    conn.close()
    return path


@pytest.fixture
def credentials() -> Credentials:
    return Credentials()


@pytest.fixture
def app(db_path: Path, credentials: Credentials) -> SystemApp:
    return create_app(db_path, credentials)


def make_client(app: SystemApp, token: str | None) -> httpx.AsyncClient:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://crm.test", headers=headers
    )


@pytest.fixture
async def client(app: SystemApp, credentials: Credentials) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app, credentials.crm_access_token) as c:
        yield c


async def soql(client: httpx.AsyncClient, query: str) -> httpx.Response:
    return await client.get(f"{BASE}/query", params={"q": query})
