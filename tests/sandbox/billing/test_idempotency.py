from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import httpx
import pytest

from sandbox.billing import credit_notes
from sandbox.billing.app import build_dialect_app, create_app
from sandbox.billing.catalog import Catalog
from sandbox.billing.context import Billing
from sandbox.billing.idempotency import RETENTION_SECONDS, scope_of
from sandbox.common.db import connect
from sandbox.seed.model import Invoice, Universe
from tests.sandbox.billing.conftest import AUTH, count
from tests.support.sandbox import CREDENTIALS


def _open_invoice(universe: Universe) -> Invoice:
    return next(
        i for c in universe.customers for i in c.invoices if i.status == "open" and i.amount_remaining > 1000
    )


async def test_sequential_retry_replays_the_first_answer(
    client: httpx.AsyncClient, universe: Universe, db: sqlite3.Connection
) -> None:
    invoice = _open_invoice(universe)
    data = {"invoice": invoice.id, "amount": "100"}
    first = await client.post("/v1/credit_notes", data=data, headers={"Idempotency-Key": "key-1"})
    second = await client.post("/v1/credit_notes", data=data, headers={"Idempotency-Key": "key-1"})
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert second.headers["idempotent-replayed"] == "true" and "idempotent-replayed" not in first.headers
    assert second.headers["idempotency-key"] == "key-1"
    notes = (await client.get("/v1/credit_notes", params={"invoice": invoice.id})).json()["data"]
    assert len(notes) == 1
    assert (await client.get(f"/v1/invoices/{invoice.id}")).json()["amount_due"] == invoice.amount_due - 100


async def test_reused_key_with_other_parameters_is_an_idempotency_error(
    client: httpx.AsyncClient, universe: Universe
) -> None:
    invoice = _open_invoice(universe)
    await client.post(
        "/v1/credit_notes", data={"invoice": invoice.id, "amount": "100"}, headers={"Idempotency-Key": "k"}
    )
    other = await client.post(
        "/v1/credit_notes", data={"invoice": invoice.id, "amount": "200"}, headers={"Idempotency-Key": "k"}
    )
    assert other.status_code == 400
    assert other.json()["error"]["type"] == "idempotency_error"
    elsewhere = await client.post(
        f"/v1/customers/{universe.customers[0].billing_id}/balance_transactions",
        data={"invoice": invoice.id, "amount": "100"},
        headers={"Idempotency-Key": "k"},
    )
    assert elsewhere.json()["error"]["type"] == "idempotency_error"


async def test_validation_failures_are_not_saved(
    client: httpx.AsyncClient, universe: Universe, db: sqlite3.Connection
) -> None:
    invoice = _open_invoice(universe)
    bad = await client.post(
        "/v1/credit_notes",
        data={"invoice": invoice.id, "amount": "100", "reason": "x"},
        headers={"Idempotency-Key": "v"},
    )
    assert bad.status_code == 400
    assert count(db, "idempotency_keys") == 0
    good = await client.post(
        "/v1/credit_notes", data={"invoice": invoice.id, "amount": "100"}, headers={"Idempotency-Key": "v"}
    )
    assert good.status_code == 200 and "idempotent-replayed" not in good.headers


async def test_endpoint_errors_are_saved_and_replayed(client: httpx.AsyncClient, universe: Universe) -> None:
    invoice = _open_invoice(universe)
    data = {"invoice": invoice.id, "amount": str(invoice.amount_remaining + 1)}
    first = await client.post("/v1/credit_notes", data=data, headers={"Idempotency-Key": "over"})
    second = await client.post("/v1/credit_notes", data=data, headers={"Idempotency-Key": "over"})
    assert first.status_code == second.status_code == 400
    assert second.headers["idempotent-replayed"] == "true" and first.json() == second.json()


async def test_a_500_is_saved_and_replayed(
    client: httpx.AsyncClient, universe: Universe, db: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    invoice = _open_invoice(universe)
    real = credit_notes.execute

    def crash(billing: Billing, plan: credit_notes.NewCreditNote) -> dict[str, object]:
        real(billing, plan)
        raise RuntimeError("boom after writing")

    monkeypatch.setattr(credit_notes, "execute", crash)
    data = {"invoice": invoice.id, "amount": "100"}
    first = await client.post("/v1/credit_notes", data=data, headers={"Idempotency-Key": "crash"})
    assert first.status_code == 500 and first.json()["error"]["type"] == "api_error"
    monkeypatch.setattr(credit_notes, "execute", real)
    retry = await client.post("/v1/credit_notes", data=data, headers={"Idempotency-Key": "crash"})
    assert retry.status_code == 500 and retry.headers["idempotent-replayed"] == "true"
    assert count(db, "credit_notes") == sum(len(c.credit_notes) for c in universe.customers)


async def test_concurrent_requests_with_one_key_create_one_credit_note(
    client: httpx.AsyncClient, universe: Universe
) -> None:
    invoice = _open_invoice(universe)
    data = {"invoice": invoice.id, "amount": "100"}
    answers = await asyncio.gather(
        *(client.post("/v1/credit_notes", data=data, headers={"Idempotency-Key": "race"}) for _ in range(2))
    )
    statuses = sorted(a.status_code for a in answers)
    assert statuses in ([200, 200], [200, 409])
    ids = {a.json()["id"] for a in answers if a.status_code == 200}
    assert len(ids) == 1
    notes = (await client.get("/v1/credit_notes", params={"invoice": invoice.id})).json()["data"]
    assert [n["id"] for n in notes] == list(ids)
    for answer in answers:
        if answer.status_code == 409:
            assert answer.json()["error"]["code"] == "idempotency_key_in_use"


async def test_a_key_in_flight_gets_409(db_path: Path, universe: Universe) -> None:
    conn = connect(db_path)
    billing = Billing(conn=conn, catalog=Catalog.load(conn))
    transport = httpx.ASGITransport(app=build_dialect_app(billing))
    billing.in_flight.add((scope_of({"authorization": AUTH["Authorization"]}), "busy"))
    async with httpx.AsyncClient(transport=transport, base_url="http://billing.test", headers=AUTH) as c:
        data = {"invoice": _open_invoice(universe).id, "amount": "100"}
        response = await c.post("/v1/credit_notes", data=data, headers={"Idempotency-Key": "busy"})
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "idempotency_key_in_use"
    assert count(conn, "credit_notes") == sum(len(c.credit_notes) for c in universe.customers)


async def test_key_length_limit(
    client: httpx.AsyncClient, universe: Universe, db: sqlite3.Connection
) -> None:
    data = {"invoice": _open_invoice(universe).id, "amount": "100"}
    response = await client.post("/v1/credit_notes", data=data, headers={"Idempotency-Key": "k" * 256})
    assert response.status_code == 400
    assert count(db, "credit_notes") == sum(len(c.credit_notes) for c in universe.customers)
    ok = await client.post("/v1/credit_notes", data=data, headers={"Idempotency-Key": "k" * 255})
    assert ok.status_code == 200


async def test_keys_survive_a_restart_and_expire_after_a_day(db_path: Path, universe: Universe) -> None:
    data = {"invoice": _open_invoice(universe).id, "amount": "100"}
    headers = {**AUTH, "Idempotency-Key": "durable"}
    transport = httpx.ASGITransport(app=create_app(db_path, CREDENTIALS))
    async with httpx.AsyncClient(transport=transport, base_url="http://billing.test") as c:
        first = await c.post("/v1/credit_notes", data=data, headers=headers)
    transport = httpx.ASGITransport(app=create_app(db_path, CREDENTIALS))
    async with httpx.AsyncClient(transport=transport, base_url="http://billing.test") as c:
        again = await c.post("/v1/credit_notes", data=data, headers=headers)
        assert again.headers["idempotent-replayed"] == "true" and again.json()["id"] == first.json()["id"]
        conn = connect(db_path)
        conn.execute("UPDATE idempotency_keys SET created = created - ?", (RETENTION_SECONDS + 1,))
        fresh = await c.post("/v1/credit_notes", data=data, headers=headers)
        assert fresh.status_code == 200 and "idempotent-replayed" not in fresh.headers
        assert fresh.json()["id"] != first.json()["id"]
