"""The CRM inside the sandbox frame: auth, faults, the journal, api-usage and unknown routes."""

from .conftest import BASE, make_client

QUERY = {"q": "SELECT Id FROM Account LIMIT 1"}


async def test_missing_or_wrong_token_is_invalid_session(app):
    for token in (None, "wrong-token"):
        async with make_client(app, token) as c:
            r = await c.get(f"{BASE}/query", params=QUERY)
        assert r.status_code == 401
        assert r.json() == [{"message": "Session expired or invalid", "errorCode": "INVALID_SESSION_ID"}]


async def test_api_usage_header_counts_requests(client):
    first = (await client.get(f"{BASE}/query", params=QUERY)).headers["Sforce-Limit-Info"]
    second = (await client.get(f"{BASE}/query", params=QUERY)).headers["Sforce-Limit-Info"]
    assert first == "api-usage=1/100000" and second == "api-usage=2/100000"


async def test_down_is_503_in_salesforce_shape(client):
    await client.put("/__sandbox/faults", json={"down": True})
    r = await client.get(f"{BASE}/query", params=QUERY)
    assert r.status_code == 503 and r.json()[0]["errorCode"] == "SERVER_UNAVAILABLE"
    await client.delete("/__sandbox/faults")
    assert (await client.get(f"{BASE}/query", params=QUERY)).status_code == 200


async def test_error_rate_uses_error_status(client):
    await client.put("/__sandbox/faults", json={"error_rate": 1, "error_status": 500})
    r = await client.get(f"{BASE}/query", params=QUERY)
    assert r.status_code == 500 and r.json()[0]["errorCode"] == "UNKNOWN_EXCEPTION"
    await client.put("/__sandbox/faults", json={"error_rate": 1, "error_status": 502})
    assert (await client.get(f"{BASE}/query", params=QUERY)).status_code == 502


async def test_over_the_rate_limit_is_403_request_limit_exceeded(client):
    await client.put("/__sandbox/faults", json={"rate_limit_per_second": 1})
    statuses = []
    for _ in range(3):
        r = await client.get(f"{BASE}/query", params=QUERY)
        statuses.append(r.status_code)
        if r.status_code == 403:
            assert r.json() == [
                {"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}
            ]
    assert 403 in statuses


async def test_journal_records_requests_with_tracing_headers(client, universe):
    await client.delete("/__sandbox/journal")
    account_id = universe.customers[0].account_id
    headers = {
        "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        "X-Request-Id": "req-1",
        "Idempotency-Key": "key-1",
    }
    await client.patch(
        f"{BASE}/sobjects/Account/{account_id}", json={"Website": "https://x.example"}, headers=headers
    )
    await client.get(f"{BASE}/query", params=QUERY)
    entries = (await client.get("/__sandbox/journal")).json()
    assert [(e["method"], e["status"]) for e in entries] == [("PATCH", 204), ("GET", 200)]
    patch = entries[0]
    assert patch["path"] == f"{BASE}/sobjects/Account/{account_id}"
    assert patch["body"] == '{"Website":"https://x.example"}'
    assert patch["headers"]["traceparent"] == headers["traceparent"]
    assert patch["headers"]["x-request-id"] == "req-1" and patch["headers"]["idempotency-key"] == "key-1"
    assert patch["headers"]["authorization"] == "Bearer [redacted]"
    assert "q=SELECT" in entries[1]["query"]


async def test_unknown_route_and_method_are_salesforce_errors(client, universe):
    r = await client.get(f"{BASE}/nothing/here")
    assert r.status_code == 404 and r.json()[0]["errorCode"] == "NOT_FOUND"
    r = await client.delete(f"{BASE}/sobjects/Account/{universe.customers[0].account_id}")
    assert r.status_code == 405 and r.json()[0]["errorCode"] == "METHOD_NOT_ALLOWED"
