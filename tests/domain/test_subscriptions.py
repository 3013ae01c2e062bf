from fractions import Fraction

import pytest

from domain.models import SubscriptionStatus
from domain.money import Money
from domain.subscriptions import RollupStatus, monthly_amount, overall_status, roll_up_status
from tests.domain.builders import item, subscription


def subs(*statuses: str):
    return [subscription(s, n=i) for i, s in enumerate(statuses)]


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ((), RollupStatus.NONE),
        (("active", "past_due"), RollupStatus.PAST_DUE),
        (("active", "unpaid"), RollupStatus.PAST_DUE),
        (("active", "canceled"), RollupStatus.ACTIVE),
        (("trialing", "canceled"), RollupStatus.TRIALING),
        (("active", "trialing"), RollupStatus.ACTIVE),
        (("paused", "canceled"), RollupStatus.PAUSED),
        (("incomplete",), RollupStatus.INCOMPLETE),
        (("canceled", "incomplete_expired"), RollupStatus.CANCELED),
    ],
)
def test_overall_status_precedence(statuses, expected):
    assert overall_status(subs(*statuses)) is expected


def test_counts_cover_every_status():
    rollup = roll_up_status(subs("active", "active", "past_due", "canceled"))
    assert rollup.total == 4
    assert rollup.counts[SubscriptionStatus.ACTIVE] == 2
    assert rollup.counts[SubscriptionStatus.PAUSED] == 0
    assert set(rollup.counts) == set(SubscriptionStatus)
    assert rollup.past_due_subscription_ids == ("sub_2",)


def test_monthly_normalisation_is_exact():
    assert monthly_amount(item("1200", "year")) == Fraction(100)
    assert monthly_amount(item("100", "year")) == Fraction(100, 12)
    assert monthly_amount(item("10", "week")) == Fraction(520, 12)
    assert monthly_amount(item("1", "day")) == Fraction(365, 12)
    assert monthly_amount(item("30", "month", quantity=3)) == Fraction(90)
    assert monthly_amount(item(None)) is None


def test_mrr_sums_live_subscriptions_and_rounds_once():
    rollup = roll_up_status(
        [
            subscription("active", item("100", "year", n=1), item("100", "year", n=2), n=1),
            subscription("trialing", item("10", "month", quantity=2, n=3), n=2),
            subscription("past_due", item("0.01", "year", n=4), n=3),
            subscription("canceled", item("999", "month", n=5), n=4),
            subscription("paused", item("999", "month", n=6), n=5),
        ]
    )
    # 200/12 + 20 + 0.01/12 = 36.6675 -> 36.67; rounding each item first would give 8.33 + 8.33 + 20 = 36.66.
    assert rollup.mrr == Money.of("36.67", "USD")
    assert rollup.mrr_by_currency == (Money.of("36.67", "USD"),)
    assert rollup.status is RollupStatus.PAST_DUE


def test_mrr_respects_currency_exponent():
    rollup = roll_up_status([subscription("active", item("1000", "year", currency="JPY"))])
    assert rollup.mrr == Money.of(83, "JPY")  # 83.33 rounded to whole yen


def test_mrr_with_mixed_currencies_is_per_currency():
    rollup = roll_up_status(
        [
            subscription("active", item("10", currency="USD"), n=1),
            subscription("active", item("20", currency="EUR", n=2), n=2),
        ]
    )
    assert rollup.mrr is None
    assert rollup.mrr_by_currency == (Money.of(20, "EUR"), Money.of(10, "USD"))


def test_unpriced_items_are_reported_not_counted():
    rollup = roll_up_status([subscription("active", item("10", n=1), item(None, n=2))])
    assert rollup.mrr == Money.of(10, "USD")
    assert rollup.unpriced_item_ids == ("si_2",)


def test_no_subscriptions():
    rollup = roll_up_status([])
    assert rollup.status is RollupStatus.NONE
    assert rollup.mrr is None and rollup.mrr_by_currency == () and rollup.total == 0
