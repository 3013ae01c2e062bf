"""Subscription roll-up: one overall status, counts by status, and monthly recurring revenue.

Overall status precedence (first rule that applies wins):
    1. NONE       no subscriptions at all
    2. PAST_DUE   any subscription is past_due or unpaid (money is at risk, whatever else is live)
    3. ACTIVE     any subscription is active
    4. TRIALING   any subscription is trialing (and none active)
    5. PAUSED     any subscription is paused
    6. INCOMPLETE any subscription is incomplete (first payment pending)
    7. CANCELED   everything is canceled or incomplete_expired

MRR sums, over subscriptions in `MRR_STATUSES`, each priced item's unit amount times quantity normalised
to one month: per year / 12, per week x 52 / 12, per day x 365 / 12, per month as is, each also divided
by the price's interval_count. Arithmetic is exact (fractions) and rounded once, half-even,
to the currency's minor unit. Currencies are never mixed: there is one total per currency
(`mrr_by_currency`), and `mrr` is that total only when exactly one currency is present.
Items without a unit amount (tiered prices) are left out and listed in `unpriced_item_ids`.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from fractions import Fraction
from typing import Final

from domain.models._base import DomainModel
from domain.models.billing import RecurringInterval, Subscription, SubscriptionItem, SubscriptionStatus
from domain.money import Money, minor_unit_exponent

MRR_STATUSES: Final = frozenset(
    {SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING, SubscriptionStatus.PAST_DUE}
)
PAST_DUE_STATUSES: Final = frozenset({SubscriptionStatus.PAST_DUE, SubscriptionStatus.UNPAID})
ENDED_STATUSES: Final = frozenset({SubscriptionStatus.CANCELED, SubscriptionStatus.INCOMPLETE_EXPIRED})

_MONTHS_PER_INTERVAL: Final = {
    RecurringInterval.DAY: Fraction(12, 365),
    RecurringInterval.WEEK: Fraction(12, 52),
    RecurringInterval.MONTH: Fraction(1),
    RecurringInterval.YEAR: Fraction(12),
}


class RollupStatus(StrEnum):
    """Overall subscription status of a customer; precedence in the module docstring."""

    NONE = "none"
    PAST_DUE = "past_due"
    ACTIVE = "active"
    TRIALING = "trialing"
    PAUSED = "paused"
    INCOMPLETE = "incomplete"
    CANCELED = "canceled"


class SubscriptionRollup(DomainModel):
    """The customer's subscriptions summarised."""

    status: RollupStatus
    total: int
    counts: dict[SubscriptionStatus, int]
    """Every `SubscriptionStatus`, zero included."""
    past_due_subscription_ids: tuple[str, ...]
    mrr_by_currency: tuple[Money, ...]
    mrr: Money | None
    """The MRR when exactly one currency is present; None with none or several (see `mrr_by_currency`)."""
    unpriced_item_ids: tuple[str, ...]


def overall_status(subscriptions: Sequence[Subscription]) -> RollupStatus:
    """Return the overall status of a set of subscriptions (precedence in the module docstring)."""
    statuses = {sub.status for sub in subscriptions}
    if not statuses:
        return RollupStatus.NONE
    if statuses & PAST_DUE_STATUSES:
        return RollupStatus.PAST_DUE
    for status, rollup in (
        (SubscriptionStatus.ACTIVE, RollupStatus.ACTIVE),
        (SubscriptionStatus.TRIALING, RollupStatus.TRIALING),
        (SubscriptionStatus.PAUSED, RollupStatus.PAUSED),
        (SubscriptionStatus.INCOMPLETE, RollupStatus.INCOMPLETE),
    ):
        if status in statuses:
            return rollup
    return RollupStatus.CANCELED


def monthly_amount(item: SubscriptionItem) -> Fraction | None:
    """Return an item's exact amount per month in major units, or None when it has no unit amount."""
    if item.unit_amount is None:
        return None
    per_interval = Fraction(item.unit_amount.amount) * item.quantity
    return per_interval / (_MONTHS_PER_INTERVAL[item.interval] * item.interval_count)


def _round_to_money(value: Fraction, currency: str) -> Money:
    exponent = minor_unit_exponent(currency)
    minor = round(value * 10**exponent)  # round() on a Fraction is exact and half-even
    return Money.from_minor(minor, currency, exponent=exponent)


def monthly_recurring_revenue(subscriptions: Sequence[Subscription]) -> tuple[Money, ...]:
    """Return MRR per currency (sorted by code) over subscriptions in `MRR_STATUSES`."""
    sums: dict[str, Fraction] = {}
    for sub in subscriptions:
        if sub.status not in MRR_STATUSES:
            continue
        for item in sub.items:
            amount = monthly_amount(item)
            if amount is None or item.unit_amount is None:
                continue
            currency = item.unit_amount.currency
            sums[currency] = sums.get(currency, Fraction(0)) + amount
    return tuple(_round_to_money(sums[code], code) for code in sorted(sums))


def roll_up_status(subscriptions: Sequence[Subscription]) -> SubscriptionRollup:
    """Summarise a customer's subscriptions: overall status, counts, past-due ids and MRR."""
    counts = dict.fromkeys(SubscriptionStatus, 0)
    for sub in subscriptions:
        counts[sub.status] += 1
    mrr_by_currency = monthly_recurring_revenue(subscriptions)
    return SubscriptionRollup(
        status=overall_status(subscriptions),
        total=len(subscriptions),
        counts=counts,
        past_due_subscription_ids=tuple(s.id for s in subscriptions if s.status in PAST_DUE_STATUSES),
        mrr_by_currency=mrr_by_currency,
        mrr=mrr_by_currency[0] if len(mrr_by_currency) == 1 else None,
        unpriced_item_ids=tuple(
            item.id
            for sub in subscriptions
            if sub.status in MRR_STATUSES
            for item in sub.items
            if item.unit_amount is None
        ),
    )
