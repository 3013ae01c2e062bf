from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.common.credentials import Credentials
from sandbox.common.db import connect
from sandbox.common.system import SystemApp
from sandbox.erp.app import create_app
from sandbox.erp.store import seed
from sandbox.seed.generate import generate
from sandbox.seed.model import Universe

CREDENTIALS = Credentials()
AUTH = {"Authorization": f"Bearer {CREDENTIALS.erp_access_token}"}
SUITEQL = "/services/rest/query/v1/suiteql"
RECORDS = "/services/rest/record/v1"


@pytest.fixture(scope="session")
def universe() -> Universe:
    return generate(customers=40, seed=3, as_of=date(2026, 11, 1))


@pytest.fixture
def db_path(tmp_path: Path, universe: Universe) -> Path:
    path = tmp_path / "erp.db"
    conn = connect(path)
    seed(conn, universe)
    conn.close()
    return path


@pytest.fixture
def app(db_path: Path) -> SystemApp:
    return create_app(db_path, CREDENTIALS)


def client_for(app: SystemApp) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://erp.test", headers=AUTH)


@pytest.fixture
async def client(app: SystemApp) -> AsyncIterator[httpx.AsyncClient]:
    async with client_for(app) as c:
        yield c


async def suiteql(client: httpx.AsyncClient, q: str, **params: Any) -> httpx.Response:
    return await client.post(SUITEQL, params=params, json={"q": q}, headers={"Prefer": "transient"})


def assert_netsuite_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/vnd.oracle.resource+json; type=error")
    body = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://www.rfc-editor.org/rfc/")
    assert isinstance(body["title"], str) and body["title"]
    assert body["o:errorDetails"], body
    assert body["o:errorDetails"][0]["o:errorCode"] == code, body
    return body
