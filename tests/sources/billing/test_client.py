from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from domain.money import Money
from sources.billing.client import BillingSource
from sources.cache import SourceCache
from sources.config import BillingConfig, CacheConfig
from sources.errors import SourceUnavailable
from sources.results import Fetched
from tests.sources.conftest import ClientFor
from tests.sources.fakes import FakeClock
from tests.support.sandbox import Sandbox, client_journal


@pytest.fixture
def billing_client(sandbox: Sandbox, client_for: ClientFor) -> httpx.AsyncClient:
    return client_for(sandbox.billing, "http://billing.test")


@pytest.fixture
def billing(billing_client, cache) -> BillingSource:
    return BillingSource(billing_client, BillingConfig(), cache)


async def test_invoices_map_the_universe_newest_first(sandbox: Sandbox, billing: BillingSource, ctx) -> None:
    customer = max(sandbox.universe.customers[:30], key=lambda c: len(c.invoices))
    fetched = (await billing.invoices([customer.billing_id], ctx))[customer.billing_id]
    assert isinstance(fetched, Fetched) and fetched.value is not None
    invoices = fetched.value
    expected = {i.id: i for i in customer.invoices}
    assert {i.id for i in invoices} == set(expected)
    for invoice in invoices:
        seeded = expected[invoice.id]
        assert invoice.total == Money.from_minor(seeded.total, seeded.currency)
        assert invoice.amount_remaining == Money.from_minor(seeded.amount_remaining, seeded.currency)
        assert invoice.status.value == seeded.status
        assert invoice.due_date == seeded.due_date
    created = [i.created for i in invoices]
    assert created == sorted(created, reverse=True)


async def test_subscriptions_include_canceled(sandbox: Sandbox, billing: BillingSource, ctx) -> None:
    customer = next(
        c for c in sandbox.universe.customers if any(s.status == "canceled" for s in c.subscriptions)
    )
    fetched = (await billing.subscriptions([customer.billing_id], ctx))[customer.billing_id]
    assert isinstance(fetched, Fetched) and fetched.value is not None
    assert {s.id for s in fetched.value} == {s.id for s in customer.subscriptions}


async def test_subscription_request_asks_for_every_status(
    sandbox: Sandbox, billing: BillingSource, billing_client, ctx
) -> None:
    customer = sandbox.customer(0)
    await billing.subscriptions([customer.billing_id], ctx)
    (entry,) = await client_journal(billing_client)
    assert entry["path"] == "/v1/subscriptions"
    assert parse_qs(entry["query"]) == {
        "customer": [customer.billing_id],
        "status": ["all"],
        "limit": ["100"],
    }
    assert entry["headers"]["authorization"] == "Bearer [redacted]"


async def test_customers(sandbox: Sandbox, billing: BillingSource, ctx) -> None:
    customer = sandbox.customer(4)
    answers = await billing.customers([customer.billing_id, "cus_missing1", "nope"], ctx)
    found = answers[customer.billing_id]
    assert isinstance(found, Fetched) and found.value is not None
    assert found.value.name == customer.billing_name
    assert found.value.balance == Money.from_minor(customer.billing_balance, customer.currency)
    assert isinstance(answers["cus_missing1"], Fetched) and answers["cus_missing1"].value is None
    assert isinstance(answers["nope"], Fetched) and answers["nope"].value is None


@pytest.mark.parametrize("n", [1, 10, 100])
async def test_one_call_per_customer_and_entity(n: int, sandbox: Sandbox, billing_client, ctx) -> None:
    ids = [c.billing_id for c in sandbox.universe.customers[:n]]
    for method in ("subscriptions", "invoices", "customers"):
        billing = BillingSource(billing_client, BillingConfig(), SourceCache(CacheConfig()))
        await billing_client.delete("/__sandbox/journal")
        answers = await getattr(billing, method)(ids, ctx)
        assert set(answers) == set(ids)
        assert len(await client_journal(billing_client)) == n


async def test_fan_out_is_bounded(sandbox: Sandbox, cache, ctx) -> None:
    active = 0
    peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        await asyncio.sleep(0.001)
        active -= 1
        return httpx.Response(
            200, json={"object": "list", "data": [], "has_more": False, "url": "/v1/invoices"}
        )

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://billing.test")
    billing = BillingSource(client, BillingConfig(max_concurrency=3), cache)
    ids = [f"cus_{i}x" for i in range(20)]
    answers = await billing.invoices(ids, ctx)
    assert all(isinstance(a, Fetched) and a.value == [] for a in answers.values())
    assert peak == 3


async def test_one_failing_customer_fails_only_itself(cache, ctx) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.params["customer"] == "cus_bad":
            return httpx.Response(500, json={"error": {"type": "api_error"}})
        return httpx.Response(
            200, json={"object": "list", "data": [], "has_more": False, "url": "/v1/invoices"}
        )

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://billing.test")
    answers = await BillingSource(client, BillingConfig(), cache).invoices(["cus_good", "cus_bad"], ctx)
    assert isinstance(answers["cus_good"], Fetched)
    assert isinstance(answers["cus_bad"], SourceUnavailable)


async def test_pages_with_starting_after(cache, ctx) -> None:
    seen: list[str | None] = []

    def inv(i: str) -> dict[str, Any]:
        amounts = {"total": 100, "amount_due": 100, "amount_paid": 100, "amount_remaining": 0}
        return {"id": i, "customer": "cus_a", "status": "paid", "currency": "usd", "created": 1, **amounts}

    def handler(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("starting_after")
        seen.append(after)
        data = [inv("in_2")] if after is None else [inv("in_1")]
        return httpx.Response(200, json={"object": "list", "data": data, "has_more": after is None})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://billing.test")
    answers = await BillingSource(client, BillingConfig(), cache).invoices(["cus_a"], ctx)
    assert seen == [None, "in_2"]
    assert [i.id for i in answers["cus_a"].value] == ["in_2", "in_1"]  # type: ignore[union-attr]


async def test_down(sandbox: Sandbox, billing: BillingSource, billing_client, ctx) -> None:
    await billing_client.put("/__sandbox/faults", json={"down": True})
    answers = await billing.invoices([sandbox.customer(0).billing_id], ctx)
    assert isinstance(answers[sandbox.customer(0).billing_id], SourceUnavailable)


async def test_stale_if_error_serves_the_expired_copy_with_its_age(
    sandbox: Sandbox, billing_client, ctx
) -> None:
    clock = FakeClock()
    cache = SourceCache(CacheConfig(billing_ttl_s=60, max_stale_s=300), timer=clock.time)
    billing = BillingSource(billing_client, BillingConfig(), cache, clock=clock.clock)
    customer_id = sandbox.customer(0).billing_id
    live = (await billing.invoices([customer_id], ctx))[customer_id]
    assert isinstance(live, Fetched) and live.origin == "live"
    await billing_client.put("/__sandbox/faults", json={"down": True})
    clock.now += 90
    stale = (await billing.invoices([customer_id], ctx))[customer_id]
    assert isinstance(stale, Fetched) and stale.origin == "stale"
    assert stale.value == live.value and stale.age_s == pytest.approx(90, abs=1)
    clock.now += 300
    assert isinstance((await billing.invoices([customer_id], ctx))[customer_id], SourceUnavailable)
