from __future__ import annotations

import json
import sqlite3

import httpx

from sandbox.seed.model import Customer, Universe
from tests.sandbox.billing.conftest import count


def _active(universe: Universe) -> Customer:
    return next(c for c in universe.customers if c.subscriptions[0].status == "active")


async def test_change_quantity_and_cancel_at_period_end(
    client: httpx.AsyncClient, universe: Universe
) -> None:
    sub = _active(universe).subscriptions[0]
    seats = sub.items[1]
    response = await client.post(
        f"/v1/subscriptions/{sub.id}",
        data={
            "items[0][id]": seats.id,
            "items[0][quantity]": "9",
            "proration_behavior": "none",
            "cancel_at_period_end": "true",
            "metadata[owner]": "ops",
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    quantities = {i["id"]: i["quantity"] for i in body["items"]["data"]}
    assert quantities[seats.id] == 9
    assert body["cancel_at_period_end"] is True and body["cancel_at"] == body["current_period_end"]
    assert body["metadata"] == {"owner": "ops"} and body["latest_invoice"] is not None
    again = (await client.get(f"/v1/subscriptions/{sub.id}")).json()
    assert {i["id"]: i["quantity"] for i in again["items"]["data"]}[seats.id] == 9


async def test_swap_add_and_delete_items(client: httpx.AsyncClient, universe: Universe) -> None:
    customer = _active(universe)
    sub = customer.subscriptions[0]
    currency = sub.currency
    interval = "year" if "yearly" in sub.items[0].price_id else "month"
    support = f"price_premium_support_{currency}_{interval}ly"
    data = {"items[0][id]": sub.items[1].id, "items[0][deleted]": "true"}
    if support not in {i.price_id for i in sub.items}:
        data |= {"items[1][price]": support, "items[1][quantity]": "2"}
    response = await client.post(f"/v1/subscriptions/{sub.id}", data=data)
    assert response.status_code == 200, response.text
    prices = {i["price"]["id"]: i["quantity"] for i in response.json()["items"]["data"]}
    assert sub.items[1].price_id not in prices and support in prices


async def test_always_invoice_bills_the_proration(client: httpx.AsyncClient, universe: Universe) -> None:
    sub = _active(universe).subscriptions[0]
    response = await client.post(
        f"/v1/subscriptions/{sub.id}",
        data={
            "items[0][id]": sub.items[1].id,
            "items[0][quantity]": str(sub.items[1].quantity + 5),
            "proration_behavior": "always_invoice",
            "expand[]": "latest_invoice",
        },
    )
    assert response.status_code == 200, response.text
    invoice = response.json()["latest_invoice"]
    assert invoice["billing_reason"] == "subscription_update" and invoice["subscription"] == sub.id
    assert invoice["total"] >= 0 and all(line["proration"] for line in invoice["lines"]["data"])


async def test_refusals_write_nothing(
    client: httpx.AsyncClient, universe: Universe, db: sqlite3.Connection
) -> None:
    sub = _active(universe).subscriptions[0]
    before = db.execute("SELECT items, metadata FROM subscriptions WHERE id = ?", (sub.id,)).fetchone()
    invoices = count(db, "invoices")
    cases = [
        ({"items[0][price]": "price_nope"}, "items[0][price]", "resource_missing"),
        ({"items[0][id]": sub.items[0].id, "items[0][quantity]": "-1"}, "items[0][quantity]", None),
        ({"items[0][id]": "si_nope", "items[0][quantity]": "2"}, "items[0][id]", "resource_missing"),
        ({"items[0][quantity]": "2"}, "items[0][price]", "parameter_missing"),
        ({"items[0][deleted]": "true"}, "items[0][id]", "parameter_missing"),
        ({"proration_behavior": "sometimes"}, "proration_behavior", None),
        ({"cancel_at_period_end": "maybe"}, "cancel_at_period_end", None),
        ({"items[0][colour]": "red"}, "items[0][colour]", "parameter_unknown"),
        ({f"items[{i}][price]": "price_seats_usd_monthly" for i in range(21)}, "items", None),
        ({"items[1][price]": "price_seats_usd_monthly"}, "items", None),
        ({"items[0][price]": sub.items[0].price_id}, "items", None),
    ]
    for data, param, code in cases:
        response = await client.post(f"/v1/subscriptions/{sub.id}", data={**data, "metadata[x]": "y"})
        assert response.status_code == 400, (data, response.text)
        error = response.json()["error"]
        assert error["param"] == param, (data, error)
        if code is not None:
            assert error["code"] == code
    after = db.execute("SELECT items, metadata FROM subscriptions WHERE id = ?", (sub.id,)).fetchone()
    assert (
        json.loads(after["items"]) == json.loads(before["items"]) and after["metadata"] == before["metadata"]
    )
    assert count(db, "invoices") == invoices


async def test_deleting_every_item_or_updating_a_canceled_subscription(
    client: httpx.AsyncClient, universe: Universe
) -> None:
    sub = _active(universe).subscriptions[0]
    data = {f"items[{n}][id]": item.id for n, item in enumerate(sub.items)}
    data |= {f"items[{n}][deleted]": "true" for n in range(len(sub.items))}
    assert (await client.post(f"/v1/subscriptions/{sub.id}", data=data)).status_code == 400
    canceled = next(c for c in universe.customers if c.subscriptions[0].status == "canceled").subscriptions[0]
    refused = await client.post(f"/v1/subscriptions/{canceled.id}", data={"cancel_at_period_end": "true"})
    assert refused.status_code == 400
    assert "canceled subscription" in refused.json()["error"]["message"]
    metadata_only = await client.post(f"/v1/subscriptions/{canceled.id}", data={"metadata[note]": "churned"})
    assert metadata_only.status_code == 200 and metadata_only.json()["metadata"] == {"note": "churned"}
    assert (await client.post("/v1/subscriptions/sub_nope", data={"metadata[a]": "b"})).status_code == 404
