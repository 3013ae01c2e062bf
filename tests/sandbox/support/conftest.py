"""Fixtures: a seeded support database built from a small deterministic universe, and clients for it."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from sandbox.common.credentials import Credentials
from sandbox.common.db import connect
from sandbox.common.system import SystemApp
from sandbox.seed.generate import generate
from sandbox.seed.model import Customer, Universe
from sandbox.support.app import create_app
from sandbox.support.store import seed

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
CREDENTIALS = Credentials()


def basic_auth(email: str = CREDENTIALS.support_email, token: str = CREDENTIALS.support_api_token) -> str:
    """An `Authorization` value for Zendesk API-token auth."""
    return "Basic " + base64.b64encode(f"{email}/token:{token}".encode()).decode()


@pytest.fixture(scope="session")
def universe() -> Universe:
    return generate(customers=40, seed=3, as_of=date(2026, 11, 1))


@pytest.fixture
def db_path(tmp_path: Path, universe: Universe) -> Path:
    path = tmp_path / "support.sqlite"
    conn = connect(path)
    seed(conn, universe)
    conn.close()
    return path


@pytest.fixture
def app(db_path: Path) -> SystemApp:
    return create_app(db_path, CREDENTIALS, clock=lambda: NOW)


def make_client(app: SystemApp, auth: str | None = None) -> httpx.AsyncClient:
    headers = {"Authorization": auth or basic_auth()}
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://support.test", headers=headers
    )


@pytest.fixture
async def client(app: SystemApp) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(app) as c:
        yield c


def orgs(universe: Universe) -> list[Customer]:
    """Customers whose organization exists in Zendesk."""
    return [c for c in universe.customers if c.support_org_exists]


def busiest(universe: Universe) -> Customer:
    """The existing organization with the most tickets (for paging)."""
    return max(orgs(universe), key=lambda c: (len(c.tickets), -c.support_org_id))
