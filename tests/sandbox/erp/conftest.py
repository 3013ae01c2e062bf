"""Fixtures for the ERP sandbox (the shared ones are in tests/sandbox/conftest.py): the app, and helpers for
SuiteQL and NetSuite's error shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.common.system import SystemApp
from sandbox.erp.app import create_app
from tests.support.sandbox import CREDENTIALS, sandbox_client

SUITEQL = "/services/rest/query/v1/suiteql"
RECORDS = "/services/rest/record/v1"


@pytest.fixture
def system_name() -> str:
    return "erp"


@pytest.fixture
def app(db_path: Path) -> SystemApp:
    return create_app(db_path, CREDENTIALS)


def client_for(app: SystemApp) -> httpx.AsyncClient:
    """A client with the demo access token."""
    return sandbox_client(app, "erp")


async def suiteql(client: httpx.AsyncClient, q: str, **params: Any) -> httpx.Response:
    return await client.post(SUITEQL, params=params, json={"q": q}, headers={"Prefer": "transient"})


def assert_netsuite_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/vnd.oracle.resource+json; type=error")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["type"].startswith("https://www.rfc-editor.org/rfc/")
    assert isinstance(body["title"], str) and body["title"]
    assert body["o:errorDetails"], body
    assert body["o:errorDetails"][0]["o:errorCode"] == code, body
    return body
