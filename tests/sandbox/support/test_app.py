from __future__ import annotations

from pathlib import Path

from sandbox.support.app import create_app
from tests.sandbox.support.conftest import make_client, orgs
from tests.support.sandbox import CREDENTIALS


async def test_unknown_endpoint_and_method(client):
    response = await client.get("/api/v2/users/me.json")
    assert response.status_code == 404
    assert response.json() == {"error": "InvalidEndpoint", "description": "Not found"}
    assert (await client.delete("/api/v2/slas/policies")).status_code == 404


async def test_journal_records_requests_as_called(client, universe):
    await client.delete("/__sandbox/journal")
    org_id = orgs(universe)[0].support_org_id
    headers = {"X-Request-Id": "req-1", "traceparent": "00-abc-def-01", "Idempotency-Key": "k-1"}
    await client.get(f"/api/v2/organizations/{org_id}.json?include=x", headers=headers)
    await client.put("/api/v2/tickets/1", json={"ticket": {"status": "open"}})
    entries = (await client.get("/__sandbox/journal")).json()
    assert [(e["method"], e["path"], e["status"]) for e in entries] == [
        ("GET", f"/api/v2/organizations/{org_id}.json", 200),
        ("PUT", "/api/v2/tickets/1", 404),
    ]
    first = entries[0]
    assert first["query"] == "include=x"
    assert first["headers"]["x-request-id"] == "req-1"
    assert first["headers"]["traceparent"] == "00-abc-def-01"
    assert first["headers"]["idempotency-key"] == "k-1"
    assert first["headers"]["authorization"] == "Basic [redacted]"
    assert '"status": "open"' in entries[1]["body"] or '"status":"open"' in entries[1]["body"]


async def test_an_unseeded_database_serves_empty_answers(tmp_path: Path):
    async with make_client(create_app(tmp_path / "empty.sqlite", CREDENTIALS)) as client:
        assert (await client.get("/api/v2/slas/policies")).json()["count"] == 0
        assert (await client.get("/api/v2/organizations/1")).status_code == 404


async def test_journal_records_how_long_each_answer_took_injected_latency_included(client, universe):
    await client.delete("/__sandbox/journal")
    await client.put("/__sandbox/faults", json={"latency_ms": 30})
    try:
        await client.get("/api/v2/slas/policies")
    finally:
        await client.delete("/__sandbox/faults")
    await client.get("/api/v2/slas/policies")

    slow, quick = (await client.get("/__sandbox/journal")).json()
    assert slow["duration_ms"] >= 30
    assert 0 <= quick["duration_ms"] < slow["duration_ms"]
