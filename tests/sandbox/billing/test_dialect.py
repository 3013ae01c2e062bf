from __future__ import annotations

import httpx

from sandbox.billing.dialect import mask_key
from sandbox.common.system import SystemApp
from tests.support.sandbox import CREDENTIALS


def _client(app: SystemApp, headers: dict[str, str] | None = None) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://billing.test", headers=headers
    )


def test_mask_key_never_shows_the_whole_key() -> None:
    assert mask_key("sk_test_abcdefghijkl") == "sk_test_********ijkl"
    assert mask_key("sk_test_abc") == "sk_test_***"
    assert mask_key("short") == "*****"


async def test_missing_key_is_a_401_in_stripe_shape(app: SystemApp) -> None:
    async with _client(app) as c:
        response = await c.get("/v1/customers")
    assert response.status_code == 401
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error"
    assert error["message"].startswith("You did not provide an API key.")
    assert response.headers["request-id"].startswith("req_")


async def test_wrong_key_is_named_masked(app: SystemApp) -> None:
    wrong = "sk_test_not_the_right_key_9876"
    async with _client(app, {"Authorization": f"Bearer {wrong}"}) as c:
        response = await c.get("/v1/customers")
    assert response.status_code == 401
    message = response.json()["error"]["message"]
    assert message.startswith("Invalid API Key provided: sk_test_") and message.endswith("9876")
    assert wrong not in response.text


async def test_basic_auth_with_the_key_as_user_is_accepted(app: SystemApp) -> None:
    async with _client(app) as c:
        response = await c.get("/v1/customers", auth=(CREDENTIALS.billing_secret_key, ""))
    assert response.status_code == 200


async def test_down_answers_503_api_error(app: SystemApp, client: httpx.AsyncClient) -> None:
    await client.put("/__sandbox/faults", json={"down": True})
    response = await client.get("/v1/customers")
    assert response.status_code == 503
    assert response.json()["error"]["type"] == "api_error"


async def test_injected_errors_use_the_stripe_envelope(client: httpx.AsyncClient) -> None:
    await client.put("/__sandbox/faults", json={"error_rate": 1, "error_status": 502})
    response = await client.get("/v1/customers")
    assert response.status_code == 502
    assert response.json()["error"]["type"] == "api_error"
    assert "code" not in response.json()["error"]


async def test_rate_limit_is_429_with_code_rate_limit(client: httpx.AsyncClient) -> None:
    await client.put("/__sandbox/faults", json={"rate_limit_per_second": 1})
    statuses = [(await client.get("/v1/prices")).status_code for _ in range(3)]
    assert 429 in statuses
    limited = await client.get("/v1/prices")
    if limited.status_code == 429:
        assert limited.json()["error"] == {
            "type": "invalid_request_error",
            "code": "rate_limit",
            "doc_url": "https://stripe.com/docs/error-codes/rate-limit",
            "message": limited.json()["error"]["message"],
        }


async def test_journal_records_headers_and_body(client: httpx.AsyncClient) -> None:
    await client.delete("/__sandbox/journal")
    await client.post(
        "/v1/credit_notes",
        data={"invoice": "in_missing", "amount": "5"},
        headers={"Idempotency-Key": "journal-key", "traceparent": "00-abc-def-01", "X-Request-Id": "rid-1"},
    )
    entries = (await client.get("/__sandbox/journal")).json()
    assert len(entries) == 1
    entry = entries[0]
    assert entry["method"] == "POST" and entry["path"] == "/v1/credit_notes" and entry["status"] == 400
    assert entry["headers"]["idempotency-key"] == "journal-key"
    assert entry["headers"]["traceparent"] == "00-abc-def-01"
    assert entry["headers"]["x-request-id"] == "rid-1"
    assert entry["headers"]["authorization"] == "Bearer [redacted]"
    assert "invoice=in_missing" in entry["body"]


async def test_unknown_urls_are_stripe_404s(client: httpx.AsyncClient) -> None:
    response = await client.delete("/v1/customers/cus_x")
    assert response.status_code == 404
    assert response.json()["error"]["message"].startswith(
        "Unrecognized request URL (DELETE: /v1/customers/cus_x)"
    )
