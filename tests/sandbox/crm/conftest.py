"""Fixtures for the CRM sandbox (the shared ones are in tests/sandbox/conftest.py): the app and a client."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from sandbox.common.credentials import Credentials
from sandbox.common.system import SystemApp
from sandbox.crm.app import create_app
from tests.support.sandbox import CREDENTIALS, asgi_client

BASE = "/services/data/v60.0"


@pytest.fixture
def system_name() -> str:
    return "crm"


@pytest.fixture
def credentials() -> Credentials:
    return CREDENTIALS


@pytest.fixture
def app(db_path: Path, credentials: Credentials) -> SystemApp:
    return create_app(db_path, credentials)


def make_client(app: SystemApp, token: str | None) -> httpx.AsyncClient:
    """A client presenting `token` as its bearer token, or no credentials at all."""
    return asgi_client(app, "http://crm.test", {"Authorization": f"Bearer {token}"} if token else {})


async def soql(client: httpx.AsyncClient, query: str) -> httpx.Response:
    return await client.get(f"{BASE}/query", params={"q": query})
