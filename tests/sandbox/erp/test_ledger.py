from __future__ import annotations

import random
from datetime import date, timedelta

from sandbox.erp.ledger import transactions
from sandbox.seed.discrepancies import apply_discrepancy


def test_open_invoices_add_up_to_the_erp_balance_for_every_customer(universe):
    for customer in universe.customers:
        rows = transactions(customer, universe.as_of)
        open_sum = sum(t.amountunpaid for t in rows if t.type == "CustInvc")
        assert open_sum == customer.erp_balance, customer.entity_id
        assert all(t.amountunpaid == 0 for t in rows if not t.open)


def test_void_and_draft_invoices_never_reach_the_erp(universe):
    for customer in universe.customers:
        ids = {t.externalid for t in transactions(customer, universe.as_of)}
        for invoice in customer.invoices:
            assert (invoice.id in ids) == (invoice.status not in ("void", "draft"))


def test_an_erp_that_missed_a_payment_shows_the_invoice_open_and_overdue(universe):
    rng = random.Random(7)
    kinds = [apply_discrepancy(c, "erp_overdue_billing_paid", rng) for c in universe.customers[:10]]
    for customer in kinds:
        assert customer.erp_balance > 0
        assert all(i.status != "open" for i in customer.invoices)
        open_rows = [t for t in transactions(customer, universe.as_of) if t.open]
        assert sum(t.amountunpaid for t in open_rows) == customer.erp_balance
        due = universe.as_of - timedelta(days=customer.erp_days_overdue)
        assert all(date.fromisoformat(t.duedate or "") == due for t in open_rows)


def test_credit_memos_point_at_the_invoice_they_credit(universe):
    found = 0
    for customer in universe.customers:
        rows = transactions(customer, universe.as_of)
        by_id = {t.id: t for t in rows}
        for note in customer.credit_notes:
            memo = by_id[note.erp_id]
            assert memo.type == "CustCred" and memo.externalid == note.id and memo.total == note.amount
            assert by_id[memo.createdfrom or 0].externalid == note.invoice_id
            found += 1
    assert found
