from __future__ import annotations

import json
import math
from typing import Any

import httpx
import pytest

from domain.money import Money
from sources.cache import SourceCache
from sources.config import CacheConfig, ErpConfig
from sources.erp.client import ErpSource
from sources.errors import SourceBadResponse, SourceUnavailable
from sources.results import Fetched
from tests.sources.conftest import ClientFor
from tests.support.sandbox import Sandbox, client_journal


@pytest.fixture
def erp_client(sandbox: Sandbox, client_for: ClientFor) -> httpx.AsyncClient:
    return client_for(sandbox.erp, "http://erp.test")


@pytest.fixture
def erp(erp_client, cache) -> ErpSource:
    return ErpSource(erp_client, ErpConfig(), cache)


async def test_legal_entities_map_the_universe(sandbox: Sandbox, erp: ErpSource, erp_client, ctx) -> None:
    customers = sandbox.universe.customers[:5]
    answers = await erp.legal_entities([str(c.erp_id) for c in customers], ctx)
    for c in customers:
        fetched = answers[str(c.erp_id)]
        assert isinstance(fetched, Fetched) and fetched.value is not None
        legal = fetched.value
        assert legal.legal_name == c.legal_name
        assert legal.currency == c.currency
        assert legal.credit_limit == Money.from_minor(c.credit_limit, c.currency)
        assert legal.balance == Money.from_minor(c.erp_balance, c.currency)
        assert legal.overdue_balance == Money.from_minor(c.erp_overdue_balance, c.currency)
        assert legal.days_overdue == c.erp_days_overdue
        assert legal.credit_hold.value == c.credit_hold.lower()
        assert legal.subsidiary == c.subsidiary_name
    (entry,) = await client_journal(erp_client)
    assert entry["method"] == "POST" and entry["path"] == "/services/rest/query/v1/suiteql"
    assert entry["headers"]["prefer"] == "transient"
    assert entry["headers"]["authorization"] == "Bearer [redacted]"
    assert "WHERE id IN (" in json.loads(entry["body"])["q"]


@pytest.mark.parametrize("n", [1, 10, 100])
async def test_one_query_per_1000_ids(n: int, sandbox: Sandbox, erp_client, ctx) -> None:
    erp = ErpSource(erp_client, ErpConfig(), SourceCache(CacheConfig()))
    ids = [str(c.erp_id) for c in sandbox.universe.customers[:n]]
    answers = await erp.legal_entities(ids, ctx)
    assert all(isinstance(a, Fetched) and a.value is not None for a in answers.values())
    assert len(await client_journal(erp_client)) == math.ceil(n / 1000)


async def test_in_limit_is_configurable(sandbox: Sandbox, erp_client, cache, ctx) -> None:
    erp = ErpSource(erp_client, ErpConfig(in_limit=40), cache)
    await erp.legal_entities([str(c.erp_id) for c in sandbox.universe.customers[:100]], ctx)
    assert len(await client_journal(erp_client)) == 3


async def test_unknown_and_injected_ids(erp: ErpSource, erp_client, ctx) -> None:
    answers = await erp.legal_entities(["999999", "1) OR (1=1"], ctx)
    assert all(isinstance(a, Fetched) and a.value is None for a in answers.values())
    (entry,) = await client_journal(erp_client)
    assert "1=1" not in json.loads(entry["body"])["q"]


async def test_follows_has_more(cache, ctx) -> None:
    offsets: list[str] = []

    def item(i: int) -> dict[str, Any]:
        return {
            "id": str(i),
            "entityid": f"C{i}",
            "companyname": f"Co {i}",
            "currency": "EUR",
            "balancesearch": "1.5",
        }

    def handler(request: httpx.Request) -> httpx.Response:
        offsets.append(request.url.params["offset"])
        first = request.url.params["offset"] == "0"
        items = [item(1)] if first else [item(2)]
        return httpx.Response(
            200, json={"links": [], "count": 1, "hasMore": first, "offset": 0, "items": items}
        )

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://erp.test")
    answers = await ErpSource(client, ErpConfig(), cache).legal_entities(["1", "2"], ctx)
    assert offsets == ["0", "1"]
    assert answers["2"].value.balance == Money.of("1.5", "EUR")  # type: ignore[union-attr]


async def test_numbers_instead_of_strings_are_a_bad_response(cache, ctx) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200,
            json={
                "count": 1,
                "hasMore": False,
                "items": [{"id": 1, "entityid": "C", "companyname": "x", "currency": "USD"}],
            },
        )

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://erp.test")
    answers = await ErpSource(client, ErpConfig(), cache).legal_entities(["1"], ctx)
    assert isinstance(answers["1"], SourceBadResponse)


async def test_down(erp: ErpSource, erp_client, ctx) -> None:
    await erp_client.put("/__sandbox/faults", json={"down": True})
    assert isinstance((await erp.legal_entities(["1000"], ctx))["1000"], SourceUnavailable)
    with pytest.raises(SourceUnavailable):
        await erp.ping(ctx)
