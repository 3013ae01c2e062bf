from __future__ import annotations

import sqlite3

import httpx

from sandbox.seed.model import Universe
from tests.sandbox.billing.conftest import count


async def test_retrieve_customer(client: httpx.AsyncClient, universe: Universe) -> None:
    customer = universe.customers[0]
    body = (await client.get(f"/v1/customers/{customer.billing_id}")).json()
    assert body["id"] == customer.billing_id and body["object"] == "customer"
    assert body["email"] == customer.email and body["name"] == customer.billing_name
    assert body["balance"] == customer.billing_balance and body["currency"] == customer.currency.lower()
    assert body["metadata"] == {"crm_account_id": customer.account_id}
    assert body["livemode"] is False and isinstance(body["delinquent"], bool)
    assert set(body["invoice_settings"]) >= {"default_payment_method", "footer"}


async def test_missing_customer_is_404_resource_missing(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/customers/cus_nope")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "resource_missing" and error["message"] == "No such customer: 'cus_nope'"


async def test_list_pages_forward_and_back_without_overlap(
    client: httpx.AsyncClient, universe: Universe
) -> None:
    seen: list[str] = []
    params: dict[str, str] = {"limit": "7"}
    while True:
        page = (await client.get("/v1/customers", params=params)).json()
        assert page["object"] == "list" and page["url"] == "/v1/customers"
        seen += [c["id"] for c in page["data"]]
        if not page["has_more"]:
            break
        params = {"limit": "7", "starting_after": page["data"][-1]["id"]}
    assert len(seen) == len(set(seen)) == len(universe.customers)
    back = (await client.get("/v1/customers", params={"limit": "3", "ending_before": seen[10]})).json()
    assert [c["id"] for c in back["data"]] == seen[7:10] and back["has_more"] is True


async def test_default_limit_and_limit_bounds(client: httpx.AsyncClient) -> None:
    assert len((await client.get("/v1/customers")).json()["data"]) == 10
    for bad in ("0", "101", "x"):
        response = await client.get("/v1/customers", params={"limit": bad})
        assert response.status_code == 400 and response.json()["error"]["param"] == "limit"
    both = await client.get("/v1/customers", params={"starting_after": "a", "ending_before": "b"})
    assert both.status_code == 400
    unknown_cursor = await client.get("/v1/customers", params={"starting_after": "cus_gone"})
    assert unknown_cursor.status_code == 400 and unknown_cursor.json()["error"]["param"] == "starting_after"


async def test_email_filter_is_exact_and_injection_safe(
    client: httpx.AsyncClient, universe: Universe
) -> None:
    customer = universe.customers[3]
    found = (await client.get("/v1/customers", params={"email": customer.email})).json()["data"]
    assert [c["id"] for c in found] == [customer.billing_id]
    for hostile in ("' OR '1'='1", f"{customer.email}' --", 'x" OR 1=1'):
        assert (await client.get("/v1/customers", params={"email": hostile})).json()["data"] == []


async def test_unknown_query_parameter(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/customers", params={"colour": "red"})
    assert response.status_code == 400
    assert response.json()["error"] == {
        "type": "invalid_request_error",
        "code": "parameter_unknown",
        "doc_url": "https://stripe.com/docs/error-codes/parameter-unknown",
        "message": "Received unknown parameter: colour",
        "param": "colour",
    }


async def test_balance_transactions_list_and_adjust(
    client: httpx.AsyncClient, universe: Universe, db: sqlite3.Connection
) -> None:
    customer = universe.customers[0]
    cus = customer.billing_id
    created = await client.post(
        f"/v1/customers/{cus}/balance_transactions",
        data={
            "amount": "-2500",
            "currency": customer.currency.upper(),
            "description": "Goodwill",
            "metadata[t]": "1",
        },
    )
    assert created.status_code == 200, created.text
    txn = created.json()
    assert txn["object"] == "customer_balance_transaction" and txn["type"] == "adjustment"
    assert txn["amount"] == -2500 and txn["ending_balance"] == customer.billing_balance - 2500
    assert txn["metadata"] == {"t": "1"}
    listed = (await client.get(f"/v1/customers/{cus}/balance_transactions")).json()
    assert listed["data"][0]["id"] == txn["id"]
    one = await client.get(f"/v1/customers/{cus}/balance_transactions/{txn['id']}")
    assert one.json()["id"] == txn["id"]
    assert (await client.get(f"/v1/customers/{cus}")).json()["balance"] == customer.billing_balance - 2500


async def test_balance_adjustment_refusals_write_nothing(
    client: httpx.AsyncClient, universe: Universe, db: sqlite3.Connection
) -> None:
    cus = universe.customers[0].billing_id
    before = count(db, "balance_transactions")
    cases = [
        {"amount": "abc", "currency": "usd"},
        {"amount": "0", "currency": "usd"},
        {"currency": "usd"},
        {"amount": "10"},
        {"amount": "10", "currency": "zzz"},
        {"amount": "10", "currency": "usd", "bogus": "1"},
    ]
    for data in cases:
        response = await client.post(f"/v1/customers/{cus}/balance_transactions", data=data)
        assert response.status_code == 400, data
        assert response.json()["error"]["type"] == "invalid_request_error"
    missing = await client.post(
        "/v1/customers/cus_nope/balance_transactions", data={"amount": "1", "currency": "usd"}
    )
    assert missing.status_code == 404
    assert (await client.get("/v1/customers/cus_nope/balance_transactions")).status_code == 404
    assert count(db, "balance_transactions") == before
