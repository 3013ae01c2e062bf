from __future__ import annotations

import sqlite3

import httpx
import pytest

from sandbox.seed.model import Customer, Invoice, Universe
from tests.sandbox.billing.conftest import count


def _with_status(universe: Universe, status: str) -> tuple[Customer, Invoice]:
    for customer in universe.customers:
        for invoice in customer.invoices:
            wanted = invoice.status == status
            if wanted and (status == "paid" or invoice.amount_remaining >= 1000):
                return customer, invoice
    raise AssertionError(f"no {status} invoice in the seed")


async def test_credit_on_open_invoice_lowers_amount_due(
    client: httpx.AsyncClient, universe: Universe
) -> None:
    customer, invoice = _with_status(universe, "open")
    response = await client.post(
        "/v1/credit_notes",
        data={
            "invoice": invoice.id,
            "amount": "500",
            "reason": "order_change",
            "memo": "Sorry",
            "metadata[case]": "9",
        },
    )
    assert response.status_code == 200, response.text
    note = response.json()
    assert note["object"] == "credit_note" and note["type"] == "pre_payment" and note["status"] == "issued"
    assert note["amount"] == note["total"] == 500 and note["invoice"] == invoice.id
    assert note["customer"] == customer.billing_id and note["metadata"] == {"case": "9"}
    assert note["customer_balance_transaction"] is None
    after = (await client.get(f"/v1/invoices/{invoice.id}")).json()
    assert after["amount_due"] == invoice.amount_due - 500
    assert after["amount_remaining"] == invoice.amount_remaining - 500
    assert after["pre_payment_credit_notes_amount"] == invoice.total - invoice.amount_due + 500
    assert (await client.get(f"/v1/customers/{customer.billing_id}")).json()[
        "balance"
    ] == customer.billing_balance


async def test_crediting_the_whole_remainder_marks_the_invoice_paid(
    client: httpx.AsyncClient, universe: Universe
) -> None:
    _, invoice = _with_status(universe, "open")
    response = await client.post(
        "/v1/credit_notes", data={"invoice": invoice.id, "amount": str(invoice.amount_remaining)}
    )
    assert response.status_code == 200
    after = (await client.get(f"/v1/invoices/{invoice.id}")).json()
    assert after["amount_remaining"] == 0 and after["status"] == "paid" and after["paid"] is True


async def test_credit_on_paid_invoice_credits_the_balance(
    client: httpx.AsyncClient, universe: Universe
) -> None:
    customer, invoice = _with_status(universe, "paid")
    response = await client.post(
        "/v1/credit_notes",
        data={"invoice": invoice.id, "amount": "700", "expand[]": "customer_balance_transaction"},
    )
    assert response.status_code == 200, response.text
    note = response.json()
    assert note["type"] == "post_payment"
    txn = note["customer_balance_transaction"]
    assert txn["type"] == "credit_note" and txn["amount"] == -700 and txn["credit_note"] == note["id"]
    assert (await client.get(f"/v1/customers/{customer.billing_id}")).json()[
        "balance"
    ] == customer.billing_balance - 700
    after = (await client.get(f"/v1/invoices/{invoice.id}")).json()
    assert after["post_payment_credit_notes_amount"] >= 700 and after["amount_paid"] == invoice.amount_paid


async def test_out_of_band_credit_leaves_the_balance_alone(
    client: httpx.AsyncClient, universe: Universe
) -> None:
    customer, invoice = _with_status(universe, "paid")
    response = await client.post(
        "/v1/credit_notes", data={"invoice": invoice.id, "amount": "300", "out_of_band_amount": "300"}
    )
    assert response.status_code == 200, response.text
    assert response.json()["out_of_band_amount"] == 300
    assert response.json()["customer_balance_transaction"] is None
    assert (await client.get(f"/v1/customers/{customer.billing_id}")).json()[
        "balance"
    ] == customer.billing_balance


async def test_quotes_in_memo_are_stored_verbatim(client: httpx.AsyncClient, universe: Universe) -> None:
    _, invoice = _with_status(universe, "open")
    memo = "it's \"fine\"'); DROP TABLE credit_notes; --"
    response = await client.post(
        "/v1/credit_notes", data={"invoice": invoice.id, "amount": "1", "memo": memo}
    )
    note = (await client.get(f"/v1/credit_notes/{response.json()['id']}")).json()
    assert note["memo"] == memo


@pytest.mark.parametrize(
    ("data", "param"),
    [
        ({"amount": "0"}, "amount"),
        ({"amount": "-5"}, "amount"),
        ({"amount": "ten"}, "amount"),
        ({"amount": "99999999"}, "amount"),
        ({"amount": "5", "reason": "because"}, "reason"),
        ({"amount": "5", "bogus": "x"}, "bogus"),
        ({"amount": "5", "credit_amount": "5"}, "credit_amount"),
        ({}, "amount"),
    ],
)
async def test_refusals_on_an_open_invoice_write_nothing(
    client: httpx.AsyncClient, universe: Universe, db: sqlite3.Connection, data: dict[str, str], param: str
) -> None:
    _, invoice = _with_status(universe, "open")
    before = (count(db, "credit_notes"), count(db, "balance_transactions"))
    response = await client.post("/v1/credit_notes", data={"invoice": invoice.id, **data})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid_request_error" and error["param"] == param
    assert (count(db, "credit_notes"), count(db, "balance_transactions")) == before
    after = (await client.get(f"/v1/invoices/{invoice.id}")).json()
    assert after["amount_due"] == invoice.amount_due


async def test_refusals_by_invoice_state(
    client: httpx.AsyncClient, universe: Universe, db: sqlite3.Connection
) -> None:
    before = count(db, "credit_notes")
    missing = await client.post("/v1/credit_notes", data={"amount": "5"})
    assert missing.json()["error"]["code"] == "parameter_missing"
    unknown = await client.post("/v1/credit_notes", data={"invoice": "in_nope", "amount": "5"})
    assert unknown.status_code == 400 and unknown.json()["error"]["code"] == "resource_missing"
    void = next((i for c in universe.customers for i in c.invoices if i.status == "void"), None)
    if void is not None:
        assert (
            await client.post("/v1/credit_notes", data={"invoice": void.id, "amount": "1"})
        ).status_code == 400
    db.execute("UPDATE invoices SET status = 'draft' WHERE id = ?", (universe.customers[0].invoices[0].id,))
    draft = await client.post(
        "/v1/credit_notes", data={"invoice": universe.customers[0].invoices[0].id, "amount": "1"}
    )
    assert draft.status_code == 400
    _, paid = _with_status(universe, "paid")
    over = await client.post("/v1/credit_notes", data={"invoice": paid.id, "amount": str(paid.total + 1)})
    assert over.status_code == 400
    assert count(db, "credit_notes") == before
