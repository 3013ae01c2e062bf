from __future__ import annotations

import asyncio
import math
from datetime import date
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from domain.ids import InvalidId
from domain.systems import SourceSystem
from sources.cache import SourceCache
from sources.config import CacheConfig, CrmConfig
from sources.context import CallContext
from sources.crm import soql
from sources.crm.client import CrmSource
from sources.errors import SourceAuthFailed, SourceRateLimited, SourceUnavailable
from sources.results import Fetched
from tests.sources.conftest import ClientFor
from tests.sources.fakes import FakeClock
from tests.support.sandbox import Sandbox, client_journal


@pytest.fixture
def crm_client(sandbox: Sandbox, client_for: ClientFor) -> httpx.AsyncClient:
    return client_for(sandbox.crm, "http://crm.test")


@pytest.fixture
def crm(crm_client: httpx.AsyncClient, cache: SourceCache) -> CrmSource:
    return CrmSource(crm_client, CrmConfig(), cache)


def soql_of(entry: dict[str, Any]) -> str:
    return str(parse_qs(entry["query"])["q"][0])


async def test_accounts_map_the_universe(sandbox: Sandbox, crm: CrmSource, ctx: CallContext) -> None:
    customers = sandbox.universe.customers[:3]
    answers = await crm.accounts([c.account_id for c in customers], ctx)
    for customer in customers:
        fetched = answers[customer.account_id]
        assert isinstance(fetched, Fetched) and fetched.origin == "live"
        account = fetched.value
        assert account is not None
        assert account.name == customer.name
        assert account.industry == customer.industry
        assert account.support_tier == customer.tier
        assert account.erp_customer_id == str(customer.erp_id)
        assert account.billing_customer_id == customer.billing_id
        assert account.support_org_id == str(customer.support_org_id)


async def test_request_speaks_salesforce(crm: CrmSource, crm_client, sandbox: Sandbox, ctx) -> None:
    await crm.accounts([sandbox.customer(0).account_id], ctx)
    (entry,) = await client_journal(crm_client)
    assert entry["method"] == "GET"
    assert entry["path"] == "/services/data/v60.0/query"
    assert entry["headers"]["authorization"] == "Bearer [redacted]"
    assert entry["headers"]["x-request-id"] == ctx.request_id
    assert soql_of(entry).startswith("SELECT Id, Name")


@pytest.mark.parametrize("n", [1, 10, 100])
async def test_one_query_per_200_ids(n: int, sandbox: Sandbox, crm_client, ctx) -> None:
    ids = [c.account_id for c in sandbox.universe.customers[:n]]
    for method in ("accounts", "contracts", "entitlements"):
        crm = CrmSource(crm_client, CrmConfig(), SourceCache(CacheConfig()))
        await crm_client.delete("/__sandbox/journal")
        answers = await getattr(crm, method)(ids, ctx)
        assert set(answers) == set(ids)
        assert all(isinstance(a, Fetched) and a.value is not None for a in answers.values())
        assert len(await client_journal(crm_client)) == math.ceil(n / 200)


async def test_chunks_above_the_in_limit(
    monkeypatch, sandbox: Sandbox, crm: CrmSource, crm_client, ctx
) -> None:
    monkeypatch.setattr(soql, "IN_CHUNK", 50)
    ids = [c.account_id for c in sandbox.universe.customers[:120]]
    answers = await crm.accounts(ids, ctx)
    assert len(await client_journal(crm_client)) == 3
    assert all(isinstance(a, Fetched) and a.value is not None for a in answers.values())


async def test_contracts_are_all_of_them_newest_first(sandbox: Sandbox, crm: CrmSource, ctx) -> None:
    customer = max(sandbox.universe.customers[:40], key=lambda c: len(c.contracts))
    fetched = (await crm.contracts([customer.account_id], ctx))[customer.account_id]
    assert isinstance(fetched, Fetched) and fetched.value is not None
    contracts = fetched.value
    assert {c.id for c in contracts} == {k.id for k in customer.contracts}
    starts = [c.start_date for c in contracts if c.start_date is not None]
    assert len(starts) == len(contracts) and starts == sorted(starts, reverse=True)
    expected = {k.id: k for k in customer.contracts}
    for contract in contracts:
        assert contract.end_date == expected[contract.id].end_date
        assert contract.number == expected[contract.id].number


async def test_entitlements(sandbox: Sandbox, crm: CrmSource, ctx) -> None:
    customer = sandbox.customer(0)
    fetched = (await crm.entitlements([customer.account_id], ctx))[customer.account_id]
    assert isinstance(fetched, Fetched) and fetched.value is not None
    assert {e.name for e in fetched.value} == {e.name for e in customer.entitlements}


async def test_unknown_and_invalid_ids(sandbox: Sandbox, crm: CrmSource, crm_client, ctx) -> None:
    unknown = "001000000000000AAA"
    answers = await crm.accounts([unknown, "not-an-id"], ctx)
    assert answers[unknown] == Fetched(None, "live", answers[unknown].latency_ms)  # type: ignore[union-attr]
    assert isinstance(answers["not-an-id"], Fetched) and answers["not-an-id"].value is None
    (entry,) = await client_journal(crm_client)
    assert "not-an-id" not in entry["query"]


async def test_second_read_comes_from_cache(sandbox: Sandbox, crm: CrmSource, crm_client, ctx) -> None:
    account_id = sandbox.customer(1).account_id
    await crm.accounts([account_id], ctx)
    again = (await crm.accounts([account_id], ctx))[account_id]
    assert isinstance(again, Fetched) and again.origin == "cache"
    assert len(await client_journal(crm_client)) == 1


@pytest.mark.parametrize(
    "system", [SourceSystem.ERP, SourceSystem.BILLING, SourceSystem.SUPPORT, SourceSystem.CRM]
)
async def test_find_account_id_by_any_system(system, sandbox: Sandbox, crm: CrmSource, ctx) -> None:
    customer = sandbox.customer(5)
    external = {
        SourceSystem.CRM: customer.account_id,
        SourceSystem.ERP: str(customer.erp_id),
        SourceSystem.BILLING: customer.billing_id,
        SourceSystem.SUPPORT: str(customer.support_org_id),
    }[system]
    assert await crm.find_account_id(system, external, ctx) == customer.account_id


async def test_find_unknown_external_id(crm: CrmSource, ctx) -> None:
    assert await crm.find_account_id(SourceSystem.BILLING, "cus_doesnotexist", ctx) is None


@pytest.mark.parametrize(
    ("system", "value"),
    [
        (SourceSystem.BILLING, "cus_x' OR Name != '"),
        (SourceSystem.ERP, "1' OR '1'='1"),
        (SourceSystem.SUPPORT, "36\\' OR"),
        (SourceSystem.CRM, "001' OR Id != '"),
    ],
)
async def test_injected_external_ids_are_rejected_before_any_call(
    system, value, crm, crm_client, ctx
) -> None:
    with pytest.raises(InvalidId):
        await crm.find_account_id(system, value, ctx)
    assert await client_journal(crm_client) == []


async def test_search_escapes_quotes_and_wildcards(sandbox: Sandbox, crm: CrmSource, crm_client, ctx) -> None:
    assert await crm.search_accounts("O'Brien % _", 10, ctx) == []
    (entry,) = await client_journal(crm_client)
    assert entry["status"] == 200
    assert r"LIKE '%O\'Brien \% \_%'" in soql_of(entry)
    # A bare % must not match everything.
    assert await crm.search_accounts("%", 10, ctx) == []


async def test_search_finds_by_name(sandbox: Sandbox, crm: CrmSource, ctx) -> None:
    customer = sandbox.customer(2)
    found = await crm.search_accounts(customer.name, 5, ctx)
    assert customer.account_id in {a.id for a in found}
    names = [a.name for a in found]
    assert names == sorted(names)
    assert len(await crm.search_accounts(customer.name[:1], 3, ctx)) <= 3


async def test_down_is_unavailable_for_every_key(sandbox: Sandbox, crm: CrmSource, crm_client, ctx) -> None:
    await crm_client.put("/__sandbox/faults", json={"down": True})
    ids = [c.account_id for c in sandbox.universe.customers[:3]]
    answers = await crm.accounts(ids, ctx)
    assert all(isinstance(a, SourceUnavailable) for a in answers.values())
    with pytest.raises(SourceUnavailable):
        await crm.ping(ctx)


async def test_errors_are_not_cached(sandbox: Sandbox, crm: CrmSource, crm_client, ctx) -> None:
    account_id = sandbox.customer(3).account_id
    await crm_client.put("/__sandbox/faults", json={"down": True})
    assert isinstance((await crm.accounts([account_id], ctx))[account_id], SourceUnavailable)
    await crm_client.delete("/__sandbox/faults")
    fetched = (await crm.accounts([account_id], ctx))[account_id]
    assert isinstance(fetched, Fetched) and fetched.origin == "live" and fetched.value is not None


async def test_wrong_token_is_auth_failure(sandbox: Sandbox, crm_client, cache, ctx) -> None:
    crm = CrmSource(crm_client, CrmConfig(access_token="wrong"), cache)
    with pytest.raises(SourceAuthFailed) as caught:
        await crm.ping(ctx)
    assert "wrong" not in str(caught.value)


async def test_salesforce_over_limit_403_is_rate_limited(cache, ctx) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            403, json=[{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]
        )

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://crm.test")
    crm = CrmSource(client, CrmConfig(), cache, clock=FakeClock().clock)
    answers = await crm.accounts(["0015T0000000001QAA"], ctx)
    assert isinstance(answers["0015T0000000001QAA"], SourceRateLimited)


async def test_follows_next_records_url(cache, ctx) -> None:
    ids = ["0015T0000000001QAA", "0015T0000000002QAA"]
    seen: list[str] = []

    def record(account_id: str) -> dict[str, Any]:
        return {"attributes": {"type": "Account"}, "Id": account_id, "Name": f"n{account_id[-4:]}"}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path.endswith("/query"):
            return httpx.Response(
                200,
                json={
                    "totalSize": 2,
                    "done": False,
                    "nextRecordsUrl": "/services/data/v60.0/query/01gD0000002HU6KIAW-2000",
                    "records": [record(ids[0])],
                },
            )
        return httpx.Response(200, json={"totalSize": 2, "done": True, "records": [record(ids[1])]})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://crm.test")
    answers = await CrmSource(client, CrmConfig(), cache).accounts(ids, ctx)
    assert all(isinstance(a, Fetched) and a.value is not None for a in answers.values())
    assert seen == ["/services/data/v60.0/query", "/services/data/v60.0/query/01gD0000002HU6KIAW-2000"]


ALL_PARTS = (soql.ACCOUNT, soql.CONTRACTS, soql.ENTITLEMENTS)


async def test_an_account_and_its_children_are_read_in_one_query(
    sandbox: Sandbox, crm: CrmSource, crm_client, ctx
) -> None:
    customers = sandbox.universe.customers[:30]
    ids = [c.account_id for c in customers]

    parts = await crm.account_parts(dict.fromkeys(ALL_PARTS, ids), ctx)

    (entry,) = await client_journal(crm_client)
    assert "FROM Contracts" in soql_of(entry) and "FROM Entitlements" in soql_of(entry)
    assert any(c.contracts for c in customers) and any(c.entitlements for c in customers)
    for customer in customers:
        account, contracts, entitlements = (parts[p][customer.account_id] for p in ALL_PARTS)
        assert isinstance(account, Fetched) and account.value is not None
        assert account.value.billing_customer_id == customer.billing_id
        assert isinstance(contracts, Fetched) and contracts.value is not None
        assert {c.id for c in contracts.value} == {k.id for k in customer.contracts}
        starts = [c.start_date or date.min for c in contracts.value]
        assert starts == sorted(starts, reverse=True)
        assert isinstance(entitlements, Fetched) and entitlements.value is not None
        assert {e.name for e in entitlements.value} == {e.name for e in customer.entitlements}


async def test_only_the_parts_missing_from_the_cache_are_asked(
    sandbox: Sandbox, crm: CrmSource, crm_client, ctx
) -> None:
    ids = [c.account_id for c in sandbox.universe.customers[:3]]
    await crm.accounts(ids, ctx)
    await crm_client.delete("/__sandbox/journal")

    parts = await crm.account_parts(dict.fromkeys(ALL_PARTS, ids), ctx)

    (entry,) = await client_journal(crm_client)
    query = soql_of(entry)
    assert query.startswith("SELECT Id, (SELECT") and "Billing_Customer_Id__c" not in query
    assert all(isinstance(a, Fetched) and a.origin == "cache" for a in parts[soql.ACCOUNT].values())
    assert all(isinstance(c, Fetched) and c.origin == "live" for c in parts[soql.CONTRACTS].values())
    await crm_client.delete("/__sandbox/journal")
    again = await crm.account_parts(dict.fromkeys(ALL_PARTS, ids), ctx)
    assert await client_journal(crm_client) == []
    assert all(isinstance(o, Fetched) and o.origin == "cache" for p in again.values() for o in p.values())


async def test_an_unknown_account_has_no_record_and_no_children(crm: CrmSource, crm_client, ctx) -> None:
    unknown = "001000000000000AAA"
    parts = await crm.account_parts(dict.fromkeys(ALL_PARTS, (unknown,)), ctx)
    assert len(await client_journal(crm_client)) == 1
    assert [parts[p][unknown].value for p in ALL_PARTS] == [None, [], []]  # type: ignore[union-attr]


async def test_a_down_crm_fails_every_part(sandbox: Sandbox, crm: CrmSource, crm_client, ctx) -> None:
    account_id = sandbox.customer(0).account_id
    await crm_client.put("/__sandbox/faults", json={"down": True})
    parts = await crm.account_parts(dict.fromkeys(ALL_PARTS, (account_id,)), ctx)
    assert all(isinstance(parts[p][account_id], SourceUnavailable) for p in ALL_PARTS)


async def test_children_past_one_batch_are_followed(cache, ctx) -> None:
    account_id = "0015T0000000001QAA"
    seen: list[str] = []

    def entitlement(n: int) -> dict[str, Any]:
        return {
            "attributes": {"type": "Entitlement"},
            "Id": f"550000000000{n:03d}AAA",
            "AccountId": account_id,
            "Name": f"e{n}",
            "Status": "Active",
        }

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path.endswith("/query"):
            children = {
                "totalSize": 3,
                "done": False,
                "nextRecordsUrl": "/services/data/v60.0/query/01gD0000002HU6KIAW-2",
                "records": [entitlement(1), entitlement(2)],
            }
            parent = {"attributes": {"type": "Account"}, "Id": account_id, "Entitlements": children}
            return httpx.Response(200, json={"totalSize": 1, "done": True, "records": [parent]})
        return httpx.Response(200, json={"totalSize": 3, "done": True, "records": [entitlement(3)]})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://crm.test")
    answers = await CrmSource(client, CrmConfig(), cache).entitlements([account_id], ctx)
    fetched = answers[account_id]
    assert isinstance(fetched, Fetched) and fetched.value is not None
    assert [e.name for e in fetched.value] == ["e1", "e2", "e3"]
    assert seen == ["/services/data/v60.0/query", "/services/data/v60.0/query/01gD0000002HU6KIAW-2"]


async def test_concurrent_reads_of_the_same_parts_share_one_query(
    sandbox: Sandbox, crm: CrmSource, crm_client, ctx
) -> None:
    ids = [c.account_id for c in sandbox.universe.customers[:2]]

    first, second = await asyncio.gather(
        crm.account_parts(dict.fromkeys(ALL_PARTS, ids), ctx),
        crm.account_parts(dict.fromkeys(ALL_PARTS, ids), ctx),
    )

    assert len(await client_journal(crm_client)) == 1  # the second awaited the first's call
    for part in ALL_PARTS:
        for account_id in ids:
            one, other = first[part][account_id], second[part][account_id]
            assert isinstance(one, Fetched) and isinstance(other, Fetched)
            assert one.value == other.value and one.value is not None
