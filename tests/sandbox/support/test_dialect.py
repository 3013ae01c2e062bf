from __future__ import annotations

import base64

import pytest

from sandbox.support.dialect import ZendeskDialect
from tests.sandbox.support.conftest import make_client, orgs
from tests.support.sandbox import CREDENTIALS, basic_auth

UNAUTHORIZED = {"error": "Couldn't authenticate you"}


@pytest.mark.parametrize(
    "auth",
    [
        basic_auth(),
        basic_auth(email=CREDENTIALS.support_email.upper()),
        f"Bearer {CREDENTIALS.support_oauth_token}",
    ],
)
async def test_accepted_credentials(app, universe, auth):
    async with make_client(app, auth) as client:
        response = await client.get(f"/api/v2/organizations/{orgs(universe)[0].support_org_id}")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "auth",
    [
        basic_auth(token="wrong"),
        basic_auth(email="someone@else.example"),
        "Basic "
        + base64.b64encode(f"{CREDENTIALS.support_email}:{CREDENTIALS.support_api_token}".encode()).decode(),
        "Bearer wrong",
        f"Bearer {CREDENTIALS.support_api_token}",
        "Basic !!!",
    ],
)
async def test_refused_credentials(app, auth):
    async with make_client(app, auth) as client:
        response = await client.get("/api/v2/slas/policies")
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


async def test_missing_credentials(app):
    async with make_client(app) as client:
        response = await client.get("/api/v2/slas/policies", headers={"Authorization": ""})
    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED


async def test_rate_limit_headers_on_every_answer(client):
    first = await client.get("/api/v2/slas/policies")
    second = await client.get("/api/v2/organizations/1")
    assert first.headers["X-Rate-Limit"] == "700"
    assert int(second.headers["X-Rate-Limit-Remaining"]) == int(first.headers["X-Rate-Limit-Remaining"]) - 1
    assert second.status_code == 404 and "X-Rate-Limit" in second.headers


def test_default_window_resets_each_minute():
    clock = iter([0.0, 1.0, 61.0])
    dialect = ZendeskDialect(CREDENTIALS, monotonic=lambda: next(clock))
    remaining = [dialect.rate_limit_headers(None, 0)["X-Rate-Limit-Remaining"] for _ in range(3)]
    assert remaining == ["699", "698", "699"]


async def test_over_the_fault_rate_limit_is_429(app, client):
    app.faults = app.faults.model_copy(update={"rate_limit_per_second": 1})
    responses = [await client.get("/api/v2/slas/policies") for _ in range(3)]
    limited = [r for r in responses if r.status_code == 429]
    assert limited, "at most two of three requests fit in one-second windows"
    answer = limited[0]
    assert answer.text == "Number of allowed API requests per minute exceeded"
    assert int(answer.headers["Retry-After"]) >= 1
    assert answer.headers["X-Rate-Limit"] == "1"
    assert answer.headers["X-Rate-Limit-Remaining"] == "0"


async def test_down_is_503(app, client):
    put = await client.put("/__sandbox/faults", json={"down": True})
    assert put.status_code == 200
    response = await client.get("/api/v2/slas/policies")
    assert response.status_code == 503
    assert response.json()["error"] == "ServiceUnavailable"
    assert "X-Rate-Limit" in response.headers
    await client.delete("/__sandbox/faults")
    assert (await client.get("/api/v2/slas/policies")).status_code == 200


async def test_injected_errors_use_the_classic_shape(client):
    await client.put("/__sandbox/faults", json={"error_rate": 1, "error_status": 500})
    response = await client.get("/api/v2/slas/policies")
    assert response.status_code == 500
    assert set(response.json()) == {"error", "description"}
