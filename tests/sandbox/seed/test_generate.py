from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from sandbox.seed.generate import generate, receivables
from sandbox.seed.ids import salesforce_checksum, salesforce_id

AS_OF = date(2026, 11, 1)


@pytest.fixture(scope="module")
def universe():
    return generate(customers=400, seed=11, as_of=AS_OF)


def test_same_inputs_give_the_same_universe():
    assert generate(customers=25, seed=5, as_of=AS_OF) == generate(customers=25, seed=5, as_of=AS_OF)


def test_another_seed_gives_other_data():
    first = generate(customers=5, seed=1, as_of=AS_OF).customers
    second = generate(customers=5, seed=2, as_of=AS_OF).customers
    assert [c.billing_id for c in first] != [c.billing_id for c in second]


def test_ids_are_unique_across_customers(universe):
    for attribute in ("account_id", "erp_id", "billing_id", "support_org_id", "entity_id"):
        values = [getattr(c, attribute) for c in universe.customers]
        assert len(set(values)) == len(values), attribute
    invoice_ids = [i.id for c in universe.customers for i in c.invoices]
    assert len(set(invoice_ids)) == len(invoice_ids)
    ticket_ids = [t.id for c in universe.customers for t in c.tickets]
    assert len(set(ticket_ids)) == len(ticket_ids)


def test_salesforce_ids_carry_a_valid_checksum(universe):
    for customer in universe.customers[:50]:
        assert len(customer.account_id) == 18
        assert customer.account_id.startswith("001")
        assert salesforce_checksum(customer.account_id[:15]) == customer.account_id[15:]
    # The checksum encodes which of the first 15 characters are upper case.
    assert salesforce_checksum("001000000000000") == "AAA"
    assert salesforce_checksum("A0000A0000A0000") == "BBB"
    assert salesforce_id("800", 1) != salesforce_id("800", 2)


def test_history_spans_twelve_to_twenty_four_months(universe):
    for customer in universe.customers:
        first = min(i.period_start for i in customer.invoices)
        assert 12 <= (AS_OF.year - first.year) * 12 + AS_OF.month - first.month <= 24
        sub = customer.subscriptions[0]
        monthly = sub.items[0].price_id.endswith("_monthly")
        if monthly and sub.status not in ("canceled", "incomplete_expired") and customer.discrepancy is None:
            # One invoice a month from the start, plus the current period's.
            assert 12 <= len(customer.invoices) <= 25


def test_every_subscription_status_appears(universe):
    statuses = Counter(s.status for c in universe.customers for s in c.subscriptions)
    assert set(statuses) >= {"active", "past_due", "canceled", "trialing", "unpaid"}
    assert statuses["active"] > len(universe.customers) / 2


def test_tickets_cover_every_priority_and_some_breach(universe):
    tickets = [t for c in universe.customers for t in c.tickets]
    assert {t.priority for t in tickets} == {"low", "normal", "high", "urgent"}
    now = max(t.updated_at for t in tickets)
    breaching = [t for t in tickets if t.sla and t.sla[0].stage == "active" and t.sla[0].breach_at < now]
    assert breaching


def test_erp_receivables_agree_with_open_invoices(universe):
    for customer in universe.customers:
        if customer.discrepancy == "erp_overdue_billing_paid":
            continue
        balance, overdue, days, aging = receivables(customer.invoices, AS_OF)
        assert (customer.erp_balance, customer.erp_overdue_balance, customer.erp_days_overdue) == (
            balance,
            overdue,
            days,
        )
        assert customer.erp_aging == aging
        assert customer.erp_balance == sum(
            i.amount_remaining for i in customer.invoices if i.status == "open"
        )


def test_invoice_amounts_are_consistent(universe):
    for customer in universe.customers:
        for invoice in customer.invoices:
            if invoice.status == "void":
                # Stripe leaves nothing to collect on a voided invoice.
                assert invoice.amount_remaining == 0
                continue
            assert invoice.amount_remaining == invoice.amount_due - invoice.amount_paid
            assert invoice.total == sum(line.amount for line in invoice.lines)
        for note in customer.credit_notes:
            invoice = next(i for i in customer.invoices if i.id == note.invoice_id)
            assert 0 < note.amount <= invoice.total
            if note.type == "pre_payment":
                assert invoice.amount_due == invoice.total - note.amount


def test_about_five_percent_carry_a_listed_disagreement(universe):
    flagged = [c for c in universe.customers if c.discrepancy]
    assert 0.02 * len(universe.customers) <= len(flagged) <= 0.09 * len(universe.customers)
    assert [d.account_id for d in universe.discrepancies] == [c.account_id for c in flagged]
    kinds = {d.kind for d in universe.discrepancies}
    assert len(kinds) >= 4


def test_disagreements_are_what_the_manifest_says(universe):
    by_id = {c.account_id: c for c in universe.customers}
    for entry in universe.discrepancies:
        customer = by_id[entry.account_id]
        if entry.kind == "contract_active_subscription_canceled":
            assert customer.contracts[0].status == "Activated"
            assert all(s.status == "canceled" for s in customer.subscriptions)
        elif entry.kind == "erp_overdue_billing_paid":
            assert customer.erp_overdue_balance > 0
            assert all(i.status != "open" for i in customer.invoices)
        elif entry.kind == "name_mismatch":
            assert customer.legal_name.split(" ")[0:2] != customer.name.split(" ")[0:2]
        elif entry.kind == "currency_mismatch":
            assert customer.currency.lower() != customer.subscriptions[0].currency
        elif entry.kind == "dangling_support_org":
            assert not customer.support_org_exists


def test_some_accounts_have_parents_that_exist(universe):
    ids = {c.account_id for c in universe.customers}
    parents = [c.parent_account_id for c in universe.customers if c.parent_account_id]
    assert parents
    assert set(parents) <= ids
