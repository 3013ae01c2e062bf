from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from domain.models import InvoiceStatus, SubscriptionStatus
from domain.money import Money
from sources.billing import mapping
from sources.billing.payloads import CustomerObject, InvoiceObject, SubscriptionObject


def invoice_json(**overrides: object) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": "in_1",
        "object": "invoice",
        "customer": "cus_1",
        "number": "A-0001",
        "status": "open",
        "subscription": "sub_1",
        "currency": "usd",
        "total": 24400,
        "amount_due": 24400,
        "amount_paid": 0,
        "amount_remaining": 24400,
        "created": 1793534400,
        "due_date": 1796126400,
        "period_start": 1790942400,
        "period_end": 1793534400,
    }
    data.update(overrides)
    return data


def test_invoice_amounts_from_minor_units() -> None:
    invoice = mapping.to_invoice(InvoiceObject.model_validate(invoice_json()))
    assert invoice.total == Money.of("244.00", "USD")
    assert invoice.amount_remaining.amount == Decimal("244.00")
    assert invoice.status is InvoiceStatus.OPEN
    assert invoice.due_date == datetime.fromtimestamp(1796126400, UTC).date()
    assert invoice.created == datetime.fromtimestamp(1793534400, UTC)


def test_zero_decimal_and_stripe_specific_currencies() -> None:
    assert mapping.money(500, "jpy") == Money.of("500", "JPY")
    assert mapping.money(12345, "isk") == Money.of("123.45", "ISK")
    assert mapping.money(1000, "bhd") == Money.of("1.000", "BHD")


def test_equal_amounts_are_one_money_and_equal_to_a_fresh_one() -> None:
    first, again = mapping.money(24400, "usd"), mapping.money(24400, "usd")
    assert first is again
    assert first == Money.from_minor(24400, "USD") and first.currency == "USD"
    assert mapping.money(24400, "jpy") == Money.of("24400", "JPY")


def test_a_bool_is_no_amount_even_where_its_int_is_cached() -> None:
    mapping.money(1, "usd")
    with pytest.raises(ValueError, match="must be int"):
        mapping.money(True, "usd")


def test_charge_automatically_invoice_has_no_due_date() -> None:
    invoice = mapping.to_invoice(InvoiceObject.model_validate(invoice_json(due_date=None)))
    assert invoice.due_date is None


def test_subscription() -> None:
    sub = SubscriptionObject.model_validate(
        {
            "id": "sub_1",
            "customer": "cus_1",
            "status": "canceled",
            "currency": "usd",
            "items": {
                "object": "list",
                "has_more": False,
                "data": [
                    {
                        "id": "si_1",
                        "quantity": 3,
                        "price": {
                            "id": "price_1",
                            "product": "prod_1",
                            "currency": "usd",
                            "unit_amount": 19900,
                            "recurring": {"interval": "month", "interval_count": 1},
                        },
                    }
                ],
            },
            "current_period_start": 1790942400,
            "current_period_end": 1793534400,
            "cancel_at_period_end": False,
            "created": 1790942400,
            "collection_method": "send_invoice",
        }
    )
    domain = mapping.to_subscription(sub)
    assert domain.status is SubscriptionStatus.CANCELED
    assert domain.items[0].unit_amount == Money.of("199.00", "USD")
    assert domain.items[0].quantity == 3


def test_deleted_customer_is_none() -> None:
    assert (
        mapping.to_billing_customer(CustomerObject.model_validate({"id": "cus_1", "deleted": True})) is None
    )
    customer = mapping.to_billing_customer(
        CustomerObject.model_validate({"id": "cus_1", "currency": "eur", "balance": -500, "delinquent": True})
    )
    assert customer is not None and customer.balance == Money.of("-5.00", "EUR") and customer.delinquent


def test_newest_first() -> None:
    old = mapping.to_invoice(InvoiceObject.model_validate(invoice_json(id="in_a", created=1)))
    new = mapping.to_invoice(InvoiceObject.model_validate(invoice_json(id="in_b", created=2)))
    assert mapping.newest_first([old, new]) == [new, old]
    assert date(2026, 1, 1)  # dates stay dates
