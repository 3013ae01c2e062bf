from __future__ import annotations

import json

import httpx

from sandbox.common.system import SystemApp
from sandbox.erp.app import create_app
from tests.sandbox.erp.conftest import RECORDS, SUITEQL, assert_netsuite_error, client_for
from tests.support.sandbox import CREDENTIALS


def _bare(app: SystemApp) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://erp.test")


async def test_missing_or_wrong_credentials_get_invalid_login(app):
    async with _bare(app) as client:
        for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": "Basic Zm9vOmJhcg=="}):
            for response in (
                await client.get(f"{RECORDS}/customer/1000", headers=headers),
                await client.post(
                    SUITEQL, json={"q": "SELECT id FROM customer"}, headers={"Prefer": "transient", **headers}
                ),
            ):
                body = assert_netsuite_error(response, 401, "INVALID_LOGIN")
                assert body["type"] == "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2"


async def test_a_rejected_patch_without_credentials_writes_nothing(app, client):
    async with _bare(app) as bare:
        response = await bare.patch(f"{RECORDS}/customer/1000", json={"creditHoldOverride": {"id": "ON"}})
    assert response.status_code == 401
    doc = (await client.get(f"{RECORDS}/customer/1000")).json()
    assert doc["lastModifiedDate"] == doc["dateCreated"]


async def test_down_answers_503_in_netsuite_shape(client):
    assert (await client.put("/__sandbox/faults", json={"down": True})).status_code == 200
    assert_netsuite_error(await client.get(f"{RECORDS}/customer/1000"), 503, "SERVICE_UNAVAILABLE")
    await client.delete("/__sandbox/faults")
    assert (await client.get(f"{RECORDS}/customer/1000")).status_code == 200


async def test_injected_errors_use_the_error_shape(client):
    await client.put("/__sandbox/faults", json={"error_rate": 1, "error_status": 502})
    response = await client.get(f"{RECORDS}/customer/1000")
    body = assert_netsuite_error(response, 502, "INJECTED_FAULT")
    assert body["title"] == "Bad Gateway"


async def test_rate_limit_answers_429_concurrency_limit(client):
    await client.put("/__sandbox/faults", json={"rate_limit_per_second": 1})
    statuses = [(await client.get(f"{RECORDS}/customer/1000")) for _ in range(3)]
    limited = [r for r in statuses if r.status_code == 429]
    assert limited, [r.status_code for r in statuses]
    body = assert_netsuite_error(limited[0], 429, "CONCURRENCY_LIMIT_EXCEEDED")
    assert body["title"] == "Too Many Requests"


async def test_journal_records_requests_with_tracing_headers(client):
    await client.delete("/__sandbox/journal")
    headers = {
        "Prefer": "transient",
        "traceparent": "00-abc-def-01",
        "X-Request-Id": "req-1",
        "Idempotency-Key": "k1",
    }
    await client.post(SUITEQL, params={"limit": 5}, json={"q": "SELECT id FROM customer"}, headers=headers)
    await client.patch(f"{RECORDS}/customer/1000", json={"creditHoldOverride": {"id": "OFF"}})
    entries = (await client.get("/__sandbox/journal")).json()
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("POST", SUITEQL, 200),
        ("PATCH", f"{RECORDS}/customer/1000", 204),
    ]
    first = entries[0]
    assert first["query"] == "limit=5"
    assert json.loads(first["body"]) == {"q": "SELECT id FROM customer"}
    assert first["headers"]["traceparent"] == "00-abc-def-01"
    assert first["headers"]["x-request-id"] == "req-1"
    assert first["headers"]["idempotency-key"] == "k1"
    assert first["headers"]["authorization"] == "Bearer [redacted]"


async def test_writes_survive_a_restart(db_path, app, client):
    response = await client.patch(
        f"{RECORDS}/customer/1001", json={"creditLimit": 4321.09, "companyName": "Kept Ltd."}
    )
    assert response.status_code == 204
    async with client_for(create_app(db_path, CREDENTIALS)) as again:
        doc = (await again.get(f"{RECORDS}/customer/1001")).json()
        assert (doc["creditLimit"], doc["companyName"]) == (4321.09, "Kept Ltd.")
        rows = (
            await again.post(
                SUITEQL,
                json={"q": "SELECT creditlimit FROM customer WHERE companyname = 'Kept Ltd.'"},
                headers={"Prefer": "transient"},
            )
        ).json()["items"]
        assert rows == [{"links": [], "creditlimit": "4321.09"}]


async def test_an_unseeded_database_answers_empty(tmp_path):
    async with client_for(create_app(tmp_path / "empty.db", CREDENTIALS)) as client:
        doc = (await client.get(f"{RECORDS}/customer")).json()
        assert (doc["count"], doc["totalResults"], doc["hasMore"]) == (0, 0, False)
        assert_netsuite_error(await client.get(f"{RECORDS}/customer/1"), 404, "NONEXISTENT_ID")
