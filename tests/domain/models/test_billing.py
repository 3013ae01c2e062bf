from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from pydantic import ValidationError

from domain.models import Invoice, InvoiceStatus, Subscription, SubscriptionStatus, is_invoice_overdue
from domain.money import Money
from tests.domain.builders import invoice, subscription


def test_all_eight_subscription_statuses():
    assert {s.value for s in SubscriptionStatus} == {
        "trialing",
        "active",
        "past_due",
        "canceled",
        "unpaid",
        "incomplete",
        "incomplete_expired",
        "paused",
    }


def test_datetimes_are_utc_and_accept_unix_seconds():
    sub = subscription().model_copy()
    data = sub.model_dump() | {
        "current_period_start": 1700000000,
        "current_period_end": datetime(2024, 1, 1, 2, tzinfo=timezone(timedelta(hours=2))),
    }
    parsed = Subscription.model_validate(data)
    assert parsed.current_period_start == datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)
    assert parsed.current_period_start.tzinfo is UTC
    assert parsed.current_period_end == datetime(2024, 1, 1, 0, tzinfo=UTC)
    with pytest.raises(ValidationError):
        Subscription.model_validate(data | {"created": datetime(2024, 1, 1)})


def test_invoice_amounts_share_one_currency():
    inv = invoice()
    assert inv.currency == "USD"
    with pytest.raises(ValidationError, match="one currency"):
        Invoice.model_validate(inv.model_dump() | {"amount_paid": Money.of(0, "EUR")})


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        ("open", date(2024, 5, 14), True),
        ("open", date(2024, 5, 15), False),  # due today is not yet overdue
        ("open", None, False),
        ("paid", date(2024, 1, 1), False),
        ("uncollectible", date(2024, 1, 1), False),
        ("draft", date(2024, 1, 1), False),
    ],
)
def test_is_overdue(status, due, expected):
    inv = invoice(status, due)
    assert is_invoice_overdue(inv, date(2024, 5, 15)) is expected
    assert inv.is_overdue(date(2024, 5, 15)) is expected
    assert InvoiceStatus(status) is inv.status
