from __future__ import annotations

import math
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from domain.models import Tier
from sources.cache import SourceCache
from sources.config import CacheConfig, CallPolicy, SupportConfig
from sources.errors import SourceRateLimited, SourceUnavailable
from sources.results import Fetched
from sources.support.client import SupportSource
from tests.sources.conftest import ClientFor
from tests.support.sandbox import Sandbox, client_journal


@pytest.fixture
def support_client(sandbox: Sandbox, client_for: ClientFor) -> httpx.AsyncClient:
    return client_for(sandbox.support, "http://support.test")


@pytest.fixture
def support(support_client, cache) -> SupportSource:
    return SupportSource(support_client, SupportConfig(), cache)


async def test_organizations_map_the_universe(
    sandbox: Sandbox, support: SupportSource, support_client, ctx
) -> None:
    customers = sandbox.universe.customers[:20]
    answers = await support.organizations([str(c.support_org_id) for c in customers], ctx)
    for c in customers:
        fetched = answers[str(c.support_org_id)]
        assert isinstance(fetched, Fetched)
        if c.support_org_exists:
            assert fetched.value is not None and fetched.value.name == c.org_name
        else:
            assert fetched.value is None
    (entry,) = await client_journal(support_client)
    assert entry["path"] == "/api/v2/organizations/show_many"
    assert entry["headers"]["authorization"] == "Basic [redacted]"


@pytest.mark.parametrize("n", [1, 10, 100])
async def test_call_counts(n: int, sandbox: Sandbox, support_client, ctx) -> None:
    ids = [str(c.support_org_id) for c in sandbox.universe.customers[:n]]
    support = SupportSource(support_client, SupportConfig(), SourceCache(CacheConfig()))
    await support.organizations(ids, ctx)
    assert len(await client_journal(support_client)) == math.ceil(n / 100)
    await support_client.delete("/__sandbox/journal")
    answers = await support.cases(ids, ctx)
    assert set(answers) == set(ids)
    assert len(await client_journal(support_client)) == n


async def test_show_many_chunks_by_100(sandbox: Sandbox, support: SupportSource, support_client, ctx) -> None:
    await support.organizations([str(c.support_org_id) for c in sandbox.universe.customers[:120]], ctx)
    assert len(await client_journal(support_client)) == 2


async def test_cases_with_sla_newest_first(
    sandbox: Sandbox, support: SupportSource, support_client, ctx
) -> None:
    customer = max(
        (c for c in sandbox.universe.customers if c.support_org_exists), key=lambda c: len(c.tickets)
    )
    org = str(customer.support_org_id)
    fetched = (await support.cases([org], ctx))[org]
    assert isinstance(fetched, Fetched) and fetched.value is not None
    cases = fetched.value
    assert {c.id for c in cases} == {str(t.id) for t in customer.tickets}
    assert [c.created_at for c in cases] == sorted((c.created_at for c in cases), reverse=True)
    assert all(c.sla for c in cases)
    (entry,) = await client_journal(support_client)
    assert entry["path"] == f"/api/v2/organizations/{org}/tickets"
    query = parse_qs(entry["query"])
    assert query["include"] == ["slas"] and query["page[size]"] == ["100"]


async def test_sla_policies_have_tiers(support: SupportSource, support_client, ctx) -> None:
    fetched = await support.sla_policies(ctx)
    assert isinstance(fetched, Fetched) and fetched.value is not None
    assert {p.tier for p in fetched.value} >= {Tier.ENTERPRISE, Tier.BUSINESS, Tier.STANDARD}
    again = await support.sla_policies(ctx)
    assert isinstance(again, Fetched) and again.origin == "cache"
    assert len(await client_journal(support_client)) == 1


async def test_cases_follow_the_cursor(cache, ctx) -> None:
    afters: list[str | None] = []

    def ticket(i: int) -> dict[str, Any]:
        return {
            "id": i,
            "status": "open",
            "created_at": f"2026-10-0{i}T00:00:00Z",
            "updated_at": "2026-10-09T00:00:00Z",
        }

    def handler(request: httpx.Request) -> httpx.Response:
        after = request.url.params.get("page[after]")
        afters.append(after)
        more = after is None
        return httpx.Response(
            200,
            json={
                "tickets": [ticket(2)] if more else [ticket(1)],
                "meta": {"has_more": more, "after_cursor": "abc" if more else None},
                "links": {},
            },
        )

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://support.test")
    answers = await SupportSource(client, SupportConfig(), cache).cases(["7"], ctx)
    assert afters == [None, "abc"]
    assert [c.id for c in answers["7"].value] == ["2", "1"]  # type: ignore[union-attr]


async def test_unknown_org_has_no_cases(support: SupportSource, ctx) -> None:
    answers = await support.cases(["1", "abc"], ctx)
    assert all(isinstance(a, Fetched) and a.value is None for a in answers.values())


async def test_rate_limited_with_retry_after(sandbox: Sandbox, support_client, cache, ctx) -> None:
    # Waits of more than half a second are not for this call: Zendesk's Retry-After of 1 s fails it.
    config = SupportConfig(policy=CallPolicy(retry_after_max_s=0.5))
    support = SupportSource(support_client, config, cache)
    await support_client.put("/__sandbox/faults", json={"rate_limit_per_second": 1})
    orgs = [str(c.support_org_id) for c in sandbox.universe.customers[:3]]
    answers = await support.cases(orgs, ctx)
    limited = [a for a in answers.values() if isinstance(a, SourceRateLimited)]
    assert limited and any(a.retry_after == 1.0 for a in limited)
    assert all(a.retry_after is not None and 0 < a.retry_after <= 1.0 for a in limited)
    # Nothing was retried into the open window: at most one request per organization.
    assert len(await client_journal(support_client)) <= len(orgs)


async def test_down(support: SupportSource, support_client, ctx) -> None:
    await support_client.put("/__sandbox/faults", json={"down": True})
    assert isinstance(await support.sla_policies(ctx), SourceUnavailable)
    with pytest.raises(SourceUnavailable):
        await support.ping(ctx)
