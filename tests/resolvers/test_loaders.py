"""Upstream call counts from each sandbox's journal: the vendor minimum, whatever fields are selected."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest

from tests.resolvers.conftest import Gateway
from tests.resolvers.queries import CRM_ONLY, FULL_CUSTOMERS, FULL_WITH_DISCREPANCIES, THIN_CUSTOMERS
from tests.support.sandbox import Sandbox


def _expected(n: int) -> dict[str, int]:
    # CRM: one query, the accounts with their contracts and entitlements as subqueries; ERP: one SuiteQL
    # IN; Stripe: two lists per customer; Zendesk: one ticket list per organization plus the SLA policies.
    return {"crm": 1, "erp": 1, "billing": 2 * n, "support": n + 1}


@pytest.mark.parametrize("n", [1, 10, 100])
async def test_full_profile_costs_the_vendor_minimum(gateway: Gateway, sandbox: Sandbox, n: int) -> None:
    ids = [c.account_id for c in sandbox.universe.customers[:n]]
    result = await gateway.execute(FULL_CUSTOMERS, ids=ids)
    assert len(result.data["customers"]) == n
    assert sandbox.counts() == _expected(n)


@pytest.mark.parametrize("query", [THIN_CUSTOMERS, FULL_WITH_DISCREPANCIES])
async def test_counts_do_not_grow_with_fields(gateway: Gateway, sandbox: Sandbox, query: str) -> None:
    ids = [c.account_id for c in sandbox.universe.customers[:10]]
    await gateway.execute(query, ids=ids)
    assert sandbox.counts() == _expected(10)


async def test_crm_only_query_calls_only_the_crm(gateway: Gateway, sandbox: Sandbox) -> None:
    ids = [c.account_id for c in sandbox.universe.customers[:10]]
    result = await gateway.execute(CRM_ONLY, ids=ids)
    assert result.errors is None
    assert sandbox.counts() == {"crm": 1, "erp": 0, "billing": 0, "support": 0}


async def test_sources_reports_only_the_systems_used(gateway: Gateway, sandbox: Sandbox) -> None:
    ids = [sandbox.universe.customers[0].account_id]
    query = (
        "query($ids: [ID!]!) { customers(ids: $ids) { invoices { id } sources { system answered origin } } }"
    )
    result = await gateway.execute(query, ids=ids)
    assert result.data["customers"][0]["sources"] == [
        {"system": "CRM", "answered": True, "origin": "LIVE"},
        {"system": "BILLING", "answered": True, "origin": "LIVE"},
    ]
    assert sandbox.counts() == {"crm": 1, "erp": 0, "billing": 1, "support": 0}


async def test_second_request_is_served_from_the_cache(gateway: Gateway, sandbox: Sandbox) -> None:
    ids = [c.account_id for c in sandbox.universe.customers[:3]]
    query = """query($ids: [ID!]!) {
      customers(ids: $ids) { account { legal { erpId } } sources { system origin } } }"""
    await gateway.execute(query, ids=ids)
    before = sandbox.counts()
    result = await gateway.execute(query, ids=ids)
    assert sandbox.counts() == before
    assert result.data["customers"][0]["sources"] == [
        {"system": "CRM", "origin": "CACHE"},
        {"system": "ERP", "origin": "CACHE"},
    ]


async def test_a_warm_profile_is_answered_from_the_cache_without_a_batch(
    gateway: Gateway, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = [c.account_id for c in sandbox.universe.customers[:3]]
    first = await gateway.execute(FULL_CUSTOMERS, ids=ids)
    batches: list[str] = []
    for connector in (
        gateway.sources.crm,
        gateway.sources.erp,
        gateway.sources.billing,
        gateway.sources.support,
    ):
        for name in ("accounts", "contracts", "entitlements", "legal_entities", "subscriptions", "invoices"):
            if hasattr(connector, name):
                monkeypatch.setattr(connector, name, lambda *a, name=name, **k: batches.append(name))
        if hasattr(connector, "cases"):
            monkeypatch.setattr(connector, "cases", lambda *a, **k: batches.append("cases"))
            monkeypatch.setattr(connector, "sla_policies", lambda *a, **k: batches.append("sla_policies"))

    second = await gateway.execute(FULL_CUSTOMERS, ids=ids)

    assert batches == []  # every part read from the cache in place: no loader batch reached a connector
    assert second.errors is None
    for before, after in zip(first.data["customers"], second.data["customers"], strict=True):
        assert {k: v for k, v in after.items() if k != "sources"} == {
            k: v for k, v in before.items() if k != "sources"
        }
        assert {s["origin"] for s in after["sources"]} == {"CACHE"}


LOADER_NAMES = {
    "crm",
    "erp_legal",
    "billing_subscriptions",
    "billing_invoices",
    "support_cases",
    "support_policies",
    "directory",
}


async def test_loaders_are_built_on_first_use_and_a_warm_profile_builds_none(
    gateway: Gateway, sandbox: Sandbox
) -> None:
    ids = [c.account_id for c in sandbox.universe.customers[:3]]
    cold, warm = gateway.context(), gateway.context()

    first = await gateway.schema.execute(FULL_CUSTOMERS, variable_values={"ids": ids}, context_value=cold)
    second = await gateway.schema.execute(FULL_CUSTOMERS, variable_values={"ids": ids}, context_value=warm)

    assert first.errors is None and second.errors is None
    assert LOADER_NAMES - {"directory"} <= set(vars(cold.loaders))  # a cold profile asked every loader
    assert LOADER_NAMES.isdisjoint(vars(warm.loaders))  # read from the cache in place: none built


async def test_with_the_cross_reference_cached_the_crm_reads_only_the_children(
    gateway: Gateway, sandbox: Sandbox
) -> None:
    ids = [c.account_id for c in sandbox.universe.customers[:10]]
    await gateway.execute("query($ids: [ID!]!) { customers(ids: $ids) { id } }", ids=ids)
    sandbox.reset()

    result = await gateway.execute(FULL_CUSTOMERS, ids=ids)

    assert result.errors is None
    assert sandbox.counts() == {"crm": 1, "erp": 1, "billing": 20, "support": 11}
    (query,) = (parse_qs(entry["query"])["q"][0] for entry in sandbox.calls("crm"))
    assert query.startswith("SELECT Id, (SELECT") and "Billing_Customer_Id__c" not in query
    assert "FROM Contracts" in query and "FROM Entitlements" in query
