"""The Query root against the sandbox: values equal the seeded universe; ids validated before any call."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from resolvers.execution import PlannedExecutionContext
from sandbox.seed.model import Customer as Seeded
from tests.resolvers.conftest import Gateway
from tests.resolvers.queries import CUSTOMER, FULL_CUSTOMER
from tests.support.sandbox import AS_OF, Sandbox

NOT_AN_ID = "not-a-customer-id"


def _plain(sandbox: Sandbox) -> Seeded:
    """A customer the seed left without any deliberate disagreement."""
    return next(c for c in sandbox.universe.customers if c.discrepancy is None and c.support_org_exists)


def _money(minor: int, currency: str) -> dict[str, str]:
    return {"amount": str(Decimal(minor).scaleb(-2)), "currency": currency.upper()}


def _codes(result: Any) -> list[tuple[str, str | None]]:
    return [(e.extensions["code"], e.extensions.get("source")) for e in result.errors or []]


async def test_full_profile_equals_the_universe(gateway: Gateway, sandbox: Sandbox) -> None:
    seeded = _plain(sandbox)
    result = await gateway.execute(FULL_CUSTOMER, id=seeded.account_id)
    customer = result.data["customer"]

    account = customer["account"]
    assert account["id"] == seeded.account_id
    assert account["name"] == seeded.name
    assert account["industry"] == seeded.industry
    assert account["type"] == seeded.account_type
    assert account["segment"] == seeded.segment
    assert account["tier"] == seeded.tier.upper()
    assert account["ownerId"] == seeded.owner_id
    assert account["externalIds"] == {
        "erpCustomerId": str(seeded.erp_id),
        "billingCustomerId": seeded.billing_id,
        "supportOrgId": str(seeded.support_org_id),
    }
    legal = account["legal"]
    assert legal["erpId"] == str(seeded.erp_id)
    assert legal["legalName"] == seeded.legal_name
    assert legal["currency"] == seeded.currency
    assert legal["paymentTerms"] == seeded.terms
    assert legal["creditLimit"] == _money(seeded.credit_limit, seeded.currency)
    assert legal["creditHold"] == seeded.credit_hold
    assert legal["balance"] == _money(seeded.erp_balance, seeded.currency)
    assert legal["overdueBalance"] == _money(seeded.erp_overdue_balance, seeded.currency)
    assert legal["daysOverdue"] == seeded.erp_days_overdue

    assert sorted(c["id"] for c in customer["contracts"]) == sorted(c.id for c in seeded.contracts)
    assert sorted(e["id"] for e in customer["entitlements"]) == sorted(e.id for e in seeded.entitlements)
    assert {c["id"] for c in customer["cases"]} == {str(t.id) for t in seeded.tickets}

    newest_first = sorted(seeded.invoices, key=lambda inv: inv.created, reverse=True)
    assert [i["id"] for i in customer["invoices"]] == [inv.id for inv in newest_first]
    first = customer["invoices"][0]
    assert first["total"] == _money(newest_first[0].total, newest_first[0].currency)
    assert first["amountRemaining"] == _money(newest_first[0].amount_remaining, newest_first[0].currency)

    assert sorted(s["id"] for s in customer["subscriptions"]) == sorted(s.id for s in seeded.subscriptions)
    assert customer["sla"]["tier"] == seeded.tier.upper()
    assert customer["sla"]["policy"]["tier"] == seeded.tier.upper()
    assert customer["delinquency"]["complete"] is True
    assert result.errors is None
    assert [(s["system"], s["answered"], s["origin"]) for s in customer["sources"]] == [
        ("CRM", True, "LIVE"),
        ("ERP", True, "LIVE"),
        ("BILLING", True, "LIVE"),
        ("SUPPORT", True, "LIVE"),
    ]


async def test_contracts_lists_every_contract(gateway: Gateway, sandbox: Sandbox) -> None:
    seeded = max(sandbox.universe.customers, key=lambda c: len(c.contracts))
    assert len(seeded.contracts) > 1
    result = await gateway.execute(CUSTOMER % "contracts { id status }", id=seeded.account_id)
    listed = result.data["customer"]["contracts"]
    assert sorted(c["id"] for c in listed) == sorted(c.id for c in seeded.contracts)


async def test_invoices_newest_first_filtered_and_sliced(gateway: Gateway, sandbox: Sandbox) -> None:
    seeded = max(sandbox.universe.customers, key=lambda c: len({i.status for i in c.invoices}))
    query = (
        CUSTOMER
        % """
      all: invoices(first: 100) { id status created }
      paid: invoices(status: [PAID], first: 2) { id status }
      firstThree: invoices(first: 3) { id }
      none: invoices(status: [DRAFT, VOID, UNCOLLECTIBLE, OPEN, PAID], first: 0) { id }
    """
    )
    result = await gateway.execute(query, id=seeded.account_id)
    data = result.data["customer"]
    created = [i["created"] for i in data["all"]]
    assert created == sorted(created, reverse=True)
    assert len(data["all"]) == len(seeded.invoices)
    paid = [i for i in data["all"] if i["status"] == "PAID"][:2]
    assert data["paid"] == [{"id": i["id"], "status": "PAID"} for i in paid]
    assert [i["id"] for i in data["firstThree"]] == [i["id"] for i in data["all"][:3]]
    assert data["none"] == []
    # One list served every argument set.
    assert len(sandbox.calls("billing")) == 1


async def test_money_is_exact_decimal_strings(gateway: Gateway, sandbox: Sandbox) -> None:
    seeded = next(c for c in sandbox.universe.customers if c.invoices)
    result = await gateway.execute(
        CUSTOMER % "invoices(first: 100) { id total { amount currency } }", id=seeded.account_id
    )
    by_id = {inv.id: inv for inv in seeded.invoices}
    invoices = result.data["customer"]["invoices"]
    assert {invoice["id"] for invoice in invoices} == set(by_id)
    for invoice in invoices:
        amount = invoice["total"]["amount"]
        assert isinstance(amount, str)
        assert Decimal(amount) == Decimal(by_id[invoice["id"]].total) / 100
        assert "e" not in amount.lower()


async def test_unknown_id_is_null_with_not_found(gateway: Gateway, sandbox: Sandbox) -> None:
    unknown = "001" + "Z" * 12  # well formed, never seeded
    result = await gateway.execute(CUSTOMER % "id account { name }", id=unknown)
    assert result.data == {"customer": None}
    assert _codes(result) == [("NOT_FOUND", "crm")]


async def test_malformed_id_is_bad_user_input_without_upstream_call(
    gateway: Gateway, sandbox: Sandbox
) -> None:
    result = await gateway.execute(FULL_CUSTOMER, id=NOT_AN_ID)
    assert result.data == {"customer": None}
    assert _codes(result) == [("BAD_USER_INPUT", None)]
    assert sandbox.counts() == {"crm": 0, "erp": 0, "billing": 0, "support": 0}


async def test_customers_over_200_ids_is_refused_without_upstream_call(
    gateway: Gateway, sandbox: Sandbox
) -> None:
    ids = [c.account_id for c in sandbox.universe.customers] * 2
    assert len(ids) > 200
    result = await gateway.execute("query($ids: [ID!]!) { customers(ids: $ids) { id } }", ids=ids[:201])
    assert result.data == {"customers": None}
    assert _codes(result) == [("BAD_USER_INPUT", None)]
    assert sandbox.counts() == {"crm": 0, "erp": 0, "billing": 0, "support": 0}


async def test_customers_keeps_order_and_nulls_bad_items(gateway: Gateway, sandbox: Sandbox) -> None:
    known = [c.account_id for c in sandbox.universe.customers[:2]]
    ids = [known[0], NOT_AN_ID, known[1]]
    result = await gateway.execute("query($ids: [ID!]!) { customers(ids: $ids) { id } }", ids=ids)
    assert result.data == {"customers": [{"id": known[0]}, None, {"id": known[1]}]}
    assert [(e.path, e.extensions["code"]) for e in result.errors] == [(["customers", 1], "BAD_USER_INPUT")]


async def test_customer_by_external_id(gateway: Gateway, sandbox: Sandbox) -> None:
    seeded = _plain(sandbox)
    query = """query($system: SourceSystem!, $id: String!) {
      customerByExternalId(system: $system, id: $id) { id account { name } } }"""
    for system, external in (
        ("CRM", seeded.account_id),
        ("ERP", str(seeded.erp_id)),
        ("BILLING", seeded.billing_id),
        ("SUPPORT", str(seeded.support_org_id)),
    ):
        result = await gateway.execute(query, system=system, id=external)
        assert result.errors is None, (system, result.errors)
        assert result.data["customerByExternalId"] == {
            "id": seeded.account_id,
            "account": {"name": seeded.name},
        }

    result = await gateway.execute(query, system="BILLING", id="not_a_stripe_id!")
    assert result.data == {"customerByExternalId": None}
    assert _codes(result) == [("BAD_USER_INPUT", None)]


async def test_search_customers(gateway: Gateway, sandbox: Sandbox) -> None:
    seeded = _plain(sandbox)
    query = """query($name: String!, $first: Int!) {
      searchCustomers(name: $name, first: $first) { id account { name } } }"""
    result = await gateway.execute(query, name=seeded.name, first=5)
    assert result.errors is None
    assert {"id": seeded.account_id, "account": {"name": seeded.name}} in result.data["searchCustomers"]
    # The search answered the accounts: no second CRM call for them.
    assert len(sandbox.calls("crm")) == 1

    result = await gateway.execute(query, name=seeded.name, first=101)
    assert _codes(result) == [("BAD_USER_INPUT", None)]


async def test_federation_entities_resolve_customers(gateway: Gateway, sandbox: Sandbox) -> None:
    seeded = _plain(sandbox)
    query = """query($reps: [_Any!]!) { _entities(representations: $reps) {
      ... on Customer { id account { name } contracts { id } } } }"""
    result = await gateway.execute(query, reps=[{"__typename": "Customer", "id": seeded.account_id}])
    assert result.errors is None
    assert result.data["_entities"][0]["account"] == {"name": seeded.name}
    assert sandbox.counts()["billing"] == 0


def test_as_of_is_the_universe_date() -> None:
    assert AS_OF.isoformat() == "2026-11-01"


async def test_a_cold_customer_completes_in_one_pass_once_every_part_is_in(
    gateway: Gateway, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    executed: list[str] = []
    original = PlannedExecutionContext.execute_field

    def counting(
        self: PlannedExecutionContext, parent_type: Any, source: Any, details: Any, *args: Any
    ) -> Any:
        executed.append(f"{parent_type.name}.{details[0].node.name.value}")
        return original(self, parent_type, source, details, *args)

    monkeypatch.setattr(PlannedExecutionContext, "execute_field", counting)
    customer = sandbox.customer(0).account_id
    query = (
        "query($id: ID!) { customer(id: $id) { id contracts { id } subscriptions { id } invoices { id } "
        "cases { id } delinquency { status } sla { tier } sources { system origin } } }"
    )

    result = await gateway.execute(query, id=customer)

    assert result.errors is None
    assert {s["origin"] for s in result.data["customer"]["sources"]} == {"LIVE"}  # every part loaded now
    # The root resolver returns the customer once its parts are in: no field of it waits in graphql-core.
    assert executed == ["Query.customer"]
