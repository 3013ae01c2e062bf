from __future__ import annotations

import httpx

from sandbox.seed.model import Universe


async def test_invoice_fields(client: httpx.AsyncClient, universe: Universe) -> None:
    customer = next(c for c in universe.customers if any(i.status == "open" for i in c.invoices))
    invoice = next(i for i in customer.invoices if i.status == "open")
    body = (await client.get(f"/v1/invoices/{invoice.id}")).json()
    assert body["object"] == "invoice" and body["customer"] == customer.billing_id
    assert body["subscription"] == invoice.subscription_id and body["status"] == "open"
    assert body["paid"] is False and body["number"] == invoice.number
    assert body["amount_due"] == invoice.amount_due and body["amount_remaining"] == invoice.amount_remaining
    assert body["total"] == invoice.total and body["currency"] == invoice.currency
    assert body["lines"]["object"] == "list" and len(body["lines"]["data"]) == len(invoice.lines)
    assert body["lines"]["data"][0]["price"]["object"] == "price"
    assert set(body["status_transitions"]) == {
        "finalized_at",
        "marked_uncollectible_at",
        "paid_at",
        "voided_at",
    }
    if invoice.due_date is not None:
        assert body["due_date"] % 86400 == 0


async def test_invoice_list_filters_and_order(client: httpx.AsyncClient, universe: Universe) -> None:
    customer = universe.customers[0]
    page = (await client.get("/v1/invoices", params={"customer": customer.billing_id, "limit": "100"})).json()
    created = [i["created"] for i in page["data"]]
    assert created == sorted(created, reverse=True) and len(created) == len(customer.invoices)
    paid = (
        await client.get("/v1/invoices", params={"customer": customer.billing_id, "status": "paid"})
    ).json()
    assert paid["data"] and all(i["status"] == "paid" for i in paid["data"])
    sub = customer.subscriptions[0].id
    by_sub = (await client.get("/v1/invoices", params={"subscription": sub, "limit": "3"})).json()
    assert len(by_sub["data"]) == 3 and all(i["subscription"] == sub for i in by_sub["data"])
    bad = await client.get("/v1/invoices", params={"status": "settled"})
    assert bad.status_code == 400 and bad.json()["error"]["param"] == "status"


async def test_subscription_fields_and_status_filter(client: httpx.AsyncClient, universe: Universe) -> None:
    canceled = next(c for c in universe.customers if c.subscriptions[0].status == "canceled")
    sub = canceled.subscriptions[0]
    body = (await client.get(f"/v1/subscriptions/{sub.id}")).json()
    assert body["object"] == "subscription" and body["status"] == "canceled" and body["canceled_at"]
    item = body["items"]["data"][0]
    assert item["object"] == "subscription_item" and item["price"]["recurring"]["interval_count"] == 1
    assert set(item["price"]) >= {"id", "product", "unit_amount", "currency", "nickname"}
    default = (await client.get("/v1/subscriptions", params={"customer": canceled.billing_id})).json()
    assert default["data"] == []
    everything = (
        await client.get("/v1/subscriptions", params={"customer": canceled.billing_id, "status": "all"})
    ).json()
    assert [s["id"] for s in everything["data"]] == [sub.id]
    only = (await client.get("/v1/subscriptions", params={"status": "canceled", "limit": "100"})).json()[
        "data"
    ]
    assert only and all(s["status"] == "canceled" for s in only)
    non_canceled = (await client.get("/v1/subscriptions", params={"limit": "100"})).json()["data"]
    assert non_canceled and all(s["status"] != "canceled" for s in non_canceled)


async def test_prices_and_products(client: httpx.AsyncClient, universe: Universe) -> None:
    price = universe.prices[0]
    body = (await client.get(f"/v1/prices/{price.id}", params={"expand[]": "product"})).json()
    assert body["unit_amount"] == price.unit_amount and body["recurring"]["interval"] == price.interval
    assert body["product"]["object"] == "product" and body["product"]["name"] == price.product_name
    listed = (await client.get("/v1/prices", params={"limit": "100", "currency": "usd"})).json()["data"]
    assert listed and all(p["currency"] == "usd" for p in listed)
    product = (await client.get(f"/v1/products/{price.product_id}")).json()
    assert product["id"] == price.product_id
    assert (await client.get("/v1/prices/price_nope")).status_code == 404


async def test_credit_note_list_by_invoice_and_customer(
    client: httpx.AsyncClient, universe: Universe
) -> None:
    customer = next(c for c in universe.customers if c.credit_notes)
    note = customer.credit_notes[0]
    by_invoice = (await client.get("/v1/credit_notes", params={"invoice": note.invoice_id})).json()["data"]
    assert [n["id"] for n in by_invoice] == [note.id]
    by_customer = (await client.get("/v1/credit_notes", params={"customer": customer.billing_id})).json()[
        "data"
    ]
    assert note.id in [n["id"] for n in by_customer]
    one = (await client.get(f"/v1/credit_notes/{note.id}")).json()
    assert one["amount"] == note.amount and one["type"] == note.type and one["number"] == note.number


async def test_expand_on_retrieve_and_list(client: httpx.AsyncClient, universe: Universe) -> None:
    customer = universe.customers[0]
    sub = customer.subscriptions[0]
    body = (
        await client.get(
            f"/v1/subscriptions/{sub.id}",
            params={"expand[]": ["customer", "latest_invoice.customer", "items.data.price.product"]},
        )
    ).json()
    assert body["customer"]["id"] == customer.billing_id
    assert body["latest_invoice"]["object"] == "invoice"
    assert body["latest_invoice"]["customer"]["object"] == "customer"
    assert body["items"]["data"][0]["price"]["product"]["object"] == "product"
    page = (
        await client.get(
            "/v1/invoices",
            params={
                "customer": customer.billing_id,
                "limit": "2",
                "expand[]": ["data.customer", "data.subscription"],
            },
        )
    ).json()
    assert len(page["data"]) == 2
    assert all(i["customer"]["id"] == customer.billing_id for i in page["data"])
    assert all(i["subscription"]["object"] == "subscription" for i in page["data"])


async def test_bad_expansions_are_refused(client: httpx.AsyncClient, universe: Universe) -> None:
    sub = universe.customers[0].subscriptions[0].id
    for path in ("nope", "items", "customer.nope", "latest_invoice.customer.x.y.z"):
        response = await client.get(f"/v1/subscriptions/{sub}", params={"expand[]": path})
        assert response.status_code == 400, path
        assert response.json()["error"]["param"] == "expand"
    listed = await client.get("/v1/invoices", params={"expand[]": "customer"})
    assert listed.status_code == 400
    indexed = await client.get(f"/v1/subscriptions/{sub}", params={"expand[1]": "customer"})
    assert indexed.status_code == 400
