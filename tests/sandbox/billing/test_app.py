from __future__ import annotations

from pathlib import Path

import httpx

from sandbox.billing.app import create_app
from sandbox.seed.model import Universe
from tests.sandbox.billing.conftest import AUTH
from tests.support.sandbox import CREDENTIALS


async def test_writes_survive_a_restart(db_path: Path, universe: Universe) -> None:
    invoice = next(i for c in universe.customers for i in c.invoices if i.status == "open")
    transport = httpx.ASGITransport(app=create_app(db_path, CREDENTIALS))
    async with httpx.AsyncClient(transport=transport, base_url="http://billing.test", headers=AUTH) as c:
        note = (await c.post("/v1/credit_notes", data={"invoice": invoice.id, "amount": "1"})).json()
    transport = httpx.ASGITransport(app=create_app(db_path, CREDENTIALS))
    async with httpx.AsyncClient(transport=transport, base_url="http://billing.test", headers=AUTH) as c:
        again = await c.get(f"/v1/credit_notes/{note['id']}")
        assert again.status_code == 200 and again.json()["amount"] == 1
        assert (await c.get(f"/v1/invoices/{invoice.id}")).json()["amount_due"] == invoice.amount_due - 1


async def test_an_unseeded_database_answers_empty_lists(tmp_path: Path) -> None:
    transport = httpx.ASGITransport(app=create_app(tmp_path / "empty.db", CREDENTIALS))
    async with httpx.AsyncClient(transport=transport, base_url="http://billing.test", headers=AUTH) as c:
        body = (await c.get("/v1/customers")).json()
    assert body == {"object": "list", "data": [], "has_more": False, "url": "/v1/customers"}


async def test_every_answer_has_stripe_headers(client: httpx.AsyncClient) -> None:
    for response in (await client.get("/v1/customers"), await client.get("/v1/customers/cus_x")):
        assert response.headers["request-id"].startswith("req_")
        assert response.headers["stripe-version"] == "2023-08-16"
    bad_body = await client.post(
        "/v1/credit_notes",
        content=b"invoice=%zz",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert bad_body.status_code == 400 and bad_body.json()["error"]["type"] == "invalid_request_error"
