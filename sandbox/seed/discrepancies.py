"""Known cross-system disagreements, seeded into about one customer in twenty and listed in a manifest."""

from __future__ import annotations

import random
from dataclasses import replace

from sandbox.seed.model import Customer, Discrepancy

KINDS = (
    "contract_active_subscription_canceled",
    "erp_overdue_billing_paid",
    "name_mismatch",
    "currency_mismatch",
    "dangling_support_org",
)


def apply_discrepancy(customer: Customer, kind: str, rng: random.Random) -> Customer:
    """The customer with one system disagreeing with the others in the given way."""
    if kind == "contract_active_subscription_canceled":
        # The CRM's current contract stays Activated; billing canceled every subscription.
        canceled_at = customer.subscriptions[0].current_period_start
        subscriptions = [
            replace(s, status="canceled", canceled_at=canceled_at, cancel_at_period_end=False)
            for s in customer.subscriptions
        ]
        return replace(customer, subscriptions=subscriptions, discrepancy=kind)
    if kind == "erp_overdue_billing_paid":
        # Billing shows everything paid; the ERP never applied the last payment.
        invoices = [
            replace(
                i, status="paid", amount_paid=i.amount_due, amount_remaining=0, paid_at=i.paid_at or i.created
            )
            if i.status == "open"
            else i
            for i in customer.invoices
        ]
        last = next((i for i in reversed(invoices) if i.status == "paid"), invoices[-1])
        subscriptions = [
            replace(s, status="active") if s.status in ("past_due", "unpaid") else s
            for s in customer.subscriptions
        ]
        days = rng.randint(35, 75)
        return replace(
            customer,
            invoices=invoices,
            subscriptions=subscriptions,
            erp_balance=last.total,
            erp_overdue_balance=last.total,
            erp_days_overdue=days,
            erp_aging=replace(
                customer.erp_aging, current=0, days_1_30=0, days_31_60=last.total, days_61_90=0, over_90=0
            )
            if days <= 60
            else replace(
                customer.erp_aging, current=0, days_1_30=0, days_31_60=0, days_61_90=last.total, over_90=0
            ),
            discrepancy=kind,
        )
    if kind == "name_mismatch":
        # The ERP and billing still carry the name from before a rebrand.
        old = f"{customer.name.split(' ')[0]} Holdings"
        return replace(customer, legal_name=f"{old} LLC", billing_name=old, discrepancy=kind)
    if kind == "currency_mismatch":
        other = "EUR" if customer.currency != "EUR" else "USD"
        return replace(customer, currency=other, discrepancy=kind)
    if kind == "dangling_support_org":
        return replace(customer, support_org_exists=False, tickets=[], discrepancy=kind)
    raise ValueError(f"unknown discrepancy kind {kind!r}")


def describe(customer: Customer) -> Discrepancy:
    """The manifest entry for a customer carrying a seeded disagreement."""
    kind = customer.discrepancy or ""
    c = customer
    details = {
        "contract_active_subscription_canceled": "CRM contract Activated, billing subscriptions canceled",
        "erp_overdue_billing_paid": (
            f"ERP overdue {customer.erp_overdue_balance} ({customer.currency} minor units, "
            f"{customer.erp_days_overdue} days) while billing shows every invoice paid"
        ),
        "name_mismatch": f"CRM name {c.name!r}, ERP {c.legal_name!r}, billing {c.billing_name!r}",
        "currency_mismatch": f"ERP currency {c.currency}, billing {c.subscriptions[0].currency}",
        "dangling_support_org": f"CRM points at support organization {c.support_org_id}, which is missing",
    }
    return Discrepancy(account_id=customer.account_id, kind=kind, detail=details[kind])
