"""Delinquency: how far behind on paying a customer is, from ERP receivables and billing state.

The scale is ordered, least to most severe: CURRENT < WATCH < DELINQUENT < COLLECTIONS. Each rule below
raises the status to at least its level; the result is the most severe level any rule reached.

ERP (owner of AR and credit hold):
- an overdue balance above zero, or days overdue >= `WATCH_DAYS_OVERDUE`        -> WATCH
- days overdue >= `DELINQUENT_DAYS_OVERDUE`                                     -> DELINQUENT
- days overdue >= `COLLECTIONS_DAYS_OVERDUE` (i.e. more than 90)                -> COLLECTIONS
- credit hold in effect (ON, or AUTO and held)                                  -> DELINQUENT
Billing:
- a subscription past_due (Stripe still retrying)                               -> WATCH
- a subscription unpaid (retries exhausted)                                     -> DELINQUENT
- an open invoice past its due date: by its days late, with the same day thresholds as the ERP
- an uncollectible invoice with an amount remaining                             -> DELINQUENT

Missing inputs (None: the source did not answer) are listed, and the status is the best effort from what
is present; with no input at all the status is None. An empty list means "answered, nothing there".
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Final

from domain.models._base import DomainModel
from domain.models.billing import Invoice, InvoiceStatus, Subscription, SubscriptionStatus, is_invoice_overdue
from domain.models.legal import LegalEntity, is_on_credit_hold
from domain.money import Money, totals_by_currency
from domain.ownership import Fact, owner_of
from domain.systems import SourceSystem

WATCH_DAYS_OVERDUE: Final = 1
DELINQUENT_DAYS_OVERDUE: Final = 31
COLLECTIONS_DAYS_OVERDUE: Final = 91


class DelinquencyStatus(StrEnum):
    """Ordered delinquency scale; compare with `severity`."""

    CURRENT = "current"
    WATCH = "watch"
    DELINQUENT = "delinquent"
    COLLECTIONS = "collections"

    @property
    def severity(self) -> int:
        """0 for CURRENT up to 3 for COLLECTIONS."""
        return _SEVERITY[self]


_SEVERITY: Final = {status: rank for rank, status in enumerate(DelinquencyStatus)}


class Delinquency(DomainModel):
    """The delinquency assessment of one customer, with its reasons and provenance."""

    status: DelinquencyStatus | None
    """None only when no input was available."""
    overdue_balance: Money | None
    days_overdue: int | None
    credit_hold: bool | None
    past_due_subscription_ids: tuple[str, ...]
    overdue_invoice_ids: tuple[str, ...]
    billing_overdue: tuple[Money, ...]
    """Amount remaining on overdue invoices, one total per currency."""
    billing_overdue_amount: Money | None
    """The billing overdue total when it is in exactly one currency."""
    billing_days_overdue: int | None
    """Days since the oldest overdue invoice's due date; None when nothing is overdue or unknown."""
    reasons: tuple[str, ...]
    sources: tuple[SourceSystem, ...]
    """Systems whose data contributed."""
    missing_inputs: tuple[Fact, ...]

    @property
    def is_complete(self) -> bool:
        """True when every input was present."""
        return not self.missing_inputs

    @property
    def missing_sources(self) -> tuple[SourceSystem, ...]:
        """Systems that own a missing input, without repeats."""
        return tuple(dict.fromkeys(owner_of(fact) for fact in self.missing_inputs))


def status_for_days_overdue(days: int) -> DelinquencyStatus:
    """Map a count of days overdue to the delinquency scale."""
    if days >= COLLECTIONS_DAYS_OVERDUE:
        return DelinquencyStatus.COLLECTIONS
    if days >= DELINQUENT_DAYS_OVERDUE:
        return DelinquencyStatus.DELINQUENT
    if days >= WATCH_DAYS_OVERDUE:
        return DelinquencyStatus.WATCH
    return DelinquencyStatus.CURRENT


def worst(*statuses: DelinquencyStatus) -> DelinquencyStatus:
    """Return the most severe of some statuses (CURRENT when none)."""
    return max(statuses, key=lambda s: s.severity, default=DelinquencyStatus.CURRENT)


class _Findings:
    def __init__(self) -> None:
        self.status = DelinquencyStatus.CURRENT
        self.reasons: list[str] = []

    def raise_to(self, status: DelinquencyStatus, reason: str) -> None:
        self.status = worst(self.status, status)
        self.reasons.append(reason)


def _assess_erp(legal: LegalEntity, found: _Findings) -> bool:
    if legal.overdue_balance.is_positive:
        found.raise_to(DelinquencyStatus.WATCH, f"ERP overdue balance {legal.overdue_balance}")
    if legal.days_overdue >= WATCH_DAYS_OVERDUE:
        found.raise_to(
            status_for_days_overdue(legal.days_overdue), f"ERP reports {legal.days_overdue} days overdue"
        )
    held = is_on_credit_hold(legal)
    if held:
        found.raise_to(DelinquencyStatus.DELINQUENT, f"ERP credit hold in effect ({legal.credit_hold.value})")
    return held


def _assess_subscriptions(subscriptions: Sequence[Subscription], found: _Findings) -> tuple[str, ...]:
    past_due: list[str] = []
    for sub in subscriptions:
        if sub.status is SubscriptionStatus.PAST_DUE:
            past_due.append(sub.id)
            found.raise_to(DelinquencyStatus.WATCH, f"subscription {sub.id} is past due")
        elif sub.status is SubscriptionStatus.UNPAID:
            past_due.append(sub.id)
            found.raise_to(DelinquencyStatus.DELINQUENT, f"subscription {sub.id} is unpaid")
    return tuple(past_due)


def _assess_invoices(invoices: Sequence[Invoice], as_of: date, found: _Findings) -> tuple[Invoice, ...]:
    overdue = tuple(inv for inv in invoices if is_invoice_overdue(inv, as_of))
    for inv in overdue:
        days = (as_of - inv.due_date).days if inv.due_date is not None else 0
        found.raise_to(
            worst(status_for_days_overdue(days), DelinquencyStatus.WATCH),
            f"invoice {inv.number or inv.id} is {days} days overdue ({inv.amount_remaining} remaining)",
        )
    for inv in invoices:
        if inv.status is InvoiceStatus.UNCOLLECTIBLE and inv.amount_remaining.is_positive:
            found.raise_to(
                DelinquencyStatus.DELINQUENT,
                f"invoice {inv.number or inv.id} marked uncollectible ({inv.amount_remaining} remaining)",
            )
    return overdue


def assess_delinquency(
    *,
    legal: LegalEntity | None,
    subscriptions: Sequence[Subscription] | None,
    invoices: Sequence[Invoice] | None,
    as_of: date,
) -> Delinquency:
    """Assess a customer's delinquency from whichever of ERP and billing inputs are present."""
    found = _Findings()
    missing: list[Fact] = []
    sources: list[SourceSystem] = []

    credit_hold: bool | None = None
    if legal is None:
        missing.append(Fact.AR_BALANCE)
    else:
        sources.append(SourceSystem.ERP)
        credit_hold = _assess_erp(legal, found)

    past_due_ids: tuple[str, ...] = ()
    if subscriptions is None:
        missing.append(Fact.SUBSCRIPTION)
    else:
        past_due_ids = _assess_subscriptions(subscriptions, found)

    overdue: tuple[Invoice, ...] = ()
    if invoices is None:
        missing.append(Fact.INVOICE)
    else:
        overdue = _assess_invoices(invoices, as_of, found)

    if subscriptions is not None or invoices is not None:
        sources.append(SourceSystem.BILLING)
    for fact in missing:
        found.reasons.append(f"{fact.value} unavailable: assessment is partial")

    billing_overdue = totals_by_currency(inv.amount_remaining for inv in overdue)
    oldest_due = min((inv.due_date for inv in overdue if inv.due_date is not None), default=None)
    return Delinquency(
        status=found.status if sources else None,
        overdue_balance=legal.overdue_balance if legal is not None else None,
        days_overdue=legal.days_overdue if legal is not None else None,
        credit_hold=credit_hold,
        past_due_subscription_ids=past_due_ids,
        overdue_invoice_ids=tuple(inv.id for inv in overdue),
        billing_overdue=billing_overdue,
        billing_overdue_amount=billing_overdue[0] if len(billing_overdue) == 1 else None,
        billing_days_overdue=(as_of - oldest_due).days if oldest_due is not None else None,
        reasons=tuple(found.reasons),
        sources=tuple(sources),
        missing_inputs=tuple(missing),
    )
