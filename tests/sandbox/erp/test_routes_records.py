from __future__ import annotations

import random
from copy import copy
from typing import Any

from sandbox.common.db import connect
from sandbox.erp.app import create_app
from sandbox.erp.store import seed
from sandbox.seed.discrepancies import apply_discrepancy
from tests.sandbox.erp.conftest import RECORDS, assert_netsuite_error, client_for, suiteql
from tests.support.sandbox import CREDENTIALS


async def test_get_customer(client, universe):
    customer = universe.customers[5]
    response = await client.get(f"{RECORDS}/customer/{customer.erp_id}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.oracle.resource+json; type=singular-resource"
    doc = response.json()
    assert doc["id"] == str(customer.erp_id)
    assert doc["externalId"] == customer.account_id


async def test_get_customer_by_external_id_and_fields(client, universe):
    customer = universe.customers[6]
    response = await client.get(
        f"{RECORDS}/customer/eid:{customer.account_id}", params={"fields": "creditHoldOverride,balance"}
    )
    assert response.status_code == 200
    assert set(response.json()) == {"links", "id", "creditHoldOverride", "balance"}
    bad = await client.get(f"{RECORDS}/customer/{customer.erp_id}", params={"fields": "nope"})
    assert (
        assert_netsuite_error(bad, 400, "INVALID_PARAMETER")["o:errorDetails"][0]["o:errorQueryParam"]
        == "fields"
    )


async def test_missing_records_are_nonexistent_id(client):
    for path in ("customer/999999", "customer/abc", "invoice/1000", "creditMemo/999", "customer/eid:nobody"):
        body = assert_netsuite_error(await client.get(f"{RECORDS}/{path}"), 404, "NONEXISTENT_ID")
        assert body["title"] == "Not Found"


async def test_unknown_record_types_and_methods_answer_in_netsuite_shape(client):
    assert_netsuite_error(await client.get(f"{RECORDS}/salesOrder/1"), 404, "NONEXISTENT_ID")
    assert_netsuite_error(await client.delete(f"{RECORDS}/customer/1000"), 405, "METHOD_NOT_ALLOWED")
    assert_netsuite_error(await client.get("/services/rest/nothing"), 404, "NONEXISTENT_ID")


async def test_invoice_and_credit_memo_records(client, universe):
    customer = next(c for c in universe.customers if c.credit_notes)
    note = customer.credit_notes[0]
    invoice = next(i for i in customer.invoices if i.id == note.invoice_id)
    response = await client.get(f"{RECORDS}/invoice/{invoice.erp_id}")
    doc = response.json()
    assert response.status_code == 200
    assert doc["tranId"] == invoice.number
    assert doc["externalId"] == invoice.id
    assert doc["entity"]["id"] == str(customer.erp_id)
    assert doc["entity"]["refName"] == customer.legal_name
    assert round(doc["total"] * 100) == invoice.total
    is_open = invoice.status == "open" and invoice.amount_remaining > 0
    assert doc["status"] == (
        {"id": "Open", "refName": "Open"} if is_open else {"id": "Paid In Full", "refName": "Paid In Full"}
    )
    assert round(doc["amountRemaining"] * 100) == (invoice.amount_remaining if is_open else 0)
    assert doc["currency"]["refName"] == customer.currency
    memo = (await client.get(f"{RECORDS}/creditmemo/{note.erp_id}")).json()  # record type is case-insensitive
    assert memo["createdFrom"]["id"] == str(invoice.erp_id)
    assert memo["createdFrom"]["refName"] == f"Invoice #{invoice.number}"
    assert memo["externalId"] == note.id
    assert round(memo["total"] * 100) == note.amount
    assert memo["links"][0]["href"].endswith(f"/record/v1/creditMemo/{note.erp_id}")
    # A credit memo id is not an invoice id.
    assert_netsuite_error(await client.get(f"{RECORDS}/invoice/{note.erp_id}"), 404, "NONEXISTENT_ID")


async def test_collection_paging_walks_every_customer_once(client, universe):
    seen: list[str] = []
    offset = 0
    while True:
        response = await client.get(f"{RECORDS}/customer", params={"limit": 15, "offset": offset})
        assert response.status_code == 200
        doc = response.json()
        assert doc["totalResults"] == len(universe.customers)
        assert doc["count"] == len(doc["items"]) <= 15
        seen += [item["id"] for item in doc["items"]]
        if not doc["hasMore"]:
            break
        nxt = next(link["href"] for link in doc["links"] if link["rel"] == "next")
        offset = int(nxt.rsplit("offset=", 1)[1])
    assert seen == [str(c.erp_id) for c in sorted(universe.customers, key=lambda c: c.erp_id)]
    assert_netsuite_error(
        await client.get(f"{RECORDS}/customer", params={"limit": 15, "offset": 7}), 400, "INVALID_PARAMETER"
    )
    assert_netsuite_error(
        await client.get(f"{RECORDS}/customer", params={"limit": 1001}), 400, "INVALID_PARAMETER"
    )
    assert_netsuite_error(
        await client.get(f"{RECORDS}/customer", params={"q": "x"}), 400, "INVALID_PARAMETER"
    )
    invoices = (await client.get(f"{RECORDS}/invoice", params={"limit": 5})).json()
    assert invoices["count"] == 5 and invoices["hasMore"]


async def test_patch_customer_writes_and_answers_204_with_location(client, universe):
    customer = universe.customers[7]
    url = f"{RECORDS}/customer/{customer.erp_id}"
    before = (await client.get(url)).json()
    response = await client.patch(
        url,
        json={
            "creditHoldOverride": {"id": "ON"},
            "creditLimit": 777.77,
            "terms": {"id": "7"},
            "email": "x@y.example",
        },
    )
    assert response.status_code == 204
    assert response.content == b""
    assert response.headers["location"] == f"http://erp.test{url}"
    after = (await client.get(url)).json()
    assert after["creditHoldOverride"] == {"id": "ON", "refName": "On"}
    assert after["creditLimit"] == 777.77
    assert after["terms"]["refName"] == "Net 60"
    assert after["email"] == "x@y.example"
    assert after["balance"] == before["balance"]
    assert after["lastModifiedDate"] > before["lastModifiedDate"]
    by_eid = await client.patch(
        f"{RECORDS}/customer/eid:{customer.account_id}", json={"companyName": "Renamed Co."}
    )
    assert by_eid.status_code == 204 and by_eid.headers["location"].endswith(f"/customer/{customer.erp_id}")


async def test_rejected_patch_writes_nothing(client, universe):
    customer = universe.customers[8]
    url = f"{RECORDS}/customer/{customer.erp_id}"
    before = (await client.get(url)).json()
    bodies: list[dict[str, Any]] = [
        {"creditLimit": 1, "balance": 5},
        {"companyName": "New Name", "creditHoldOverride": {"id": "SOMETIMES"}},
        {"email": "ok@example.com", "daysOverdue": 0},
        {"companyName": "x", "unknownField": 1},
    ]
    for body in bodies:
        response = await client.patch(url, json=body)
        details = assert_netsuite_error(response, 400, response.json()["o:errorDetails"][0]["o:errorCode"])
        assert details["o:errorDetails"][-1]["o:errorPath"] in body
    for raw in (b"{not json", b"[1, 2]"):
        response = await client.patch(url, content=raw, headers={"Content-Type": "application/json"})
        assert_netsuite_error(response, 400, "INVALID_CONTENT")
    assert (await client.get(url)).json() == before


async def test_patch_missing_customer_and_transactions(client):
    assert_netsuite_error(
        await client.patch(f"{RECORDS}/customer/424242", json={"email": "a@b.co"}), 404, "NONEXISTENT_ID"
    )
    assert_netsuite_error(
        await client.patch(f"{RECORDS}/invoice/1", json={"memo": "x"}), 405, "METHOD_NOT_ALLOWED"
    )


async def test_erp_overdue_while_billing_paid_is_self_consistent(tmp_path, universe):
    changed = copy(universe)
    customer = apply_discrepancy(universe.customers[0], "erp_overdue_billing_paid", random.Random(2))
    changed.customers = [customer, *universe.customers[1:]]
    path = tmp_path / "d.db"
    seed(connect(path), changed)
    async with client_for(create_app(path, CREDENTIALS)) as client:
        doc = (await client.get(f"{RECORDS}/customer/{customer.erp_id}")).json()
        assert round(doc["overdueBalance"] * 100) == customer.erp_overdue_balance > 0
        rows = (
            await suiteql(
                client,
                "SELECT id, externalid, foreignamountunpaid FROM transaction "
                f"WHERE entity = {customer.erp_id} AND type = 'CustInvc' AND status = 'A'",
            )
        ).json()["items"]
        assert rows
        assert sum(round(float(r["foreignamountunpaid"]) * 100) for r in rows) == customer.erp_balance
        paid_in_billing = {i.id for i in customer.invoices if i.status == "paid"}
        assert {r["externalid"] for r in rows} <= paid_in_billing
