from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.models import CasePriority, Contract, ContractStatus, Invoice, InvoiceStatus
from domain.money import Money
from domain.writes import (
    ItemChange,
    WriteInvalid,
    check_changes,
    check_credit,
    check_idempotency_key,
    check_priority,
    check_proration,
    contract_end,
    renewal,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)


def invoice(
    status: InvoiceStatus = InvoiceStatus.OPEN, remaining: str = "100.00", total: str = "150.00"
) -> Invoice:
    paid = Money.of(total, "EUR") - Money.of(remaining, "EUR")
    return Invoice(
        id="in_1abc",
        status=status,
        total=Money.of(total, "EUR"),
        amount_due=Money.of(total, "EUR"),
        amount_paid=paid,
        amount_remaining=Money.of(remaining, "EUR"),
        created=T0,
    )


def contract(term: int = 12, start: date = date(2026, 1, 31)) -> Contract:
    return Contract(
        id="8005T0000000001QAA",
        number="1",
        status=ContractStatus.ACTIVATED,
        start_date=start,
        term_months=term,
        end_date=contract_end(start, term),
    )


def field_of(call: object) -> str:
    with pytest.raises(WriteInvalid) as raised:
        call()  # type: ignore[operator]
    return raised.value.field


def test_key_present_and_bounded() -> None:
    assert check_idempotency_key("k" * 255) == "k" * 255
    assert field_of(lambda: check_idempotency_key(None)) == "idempotencyKey"
    assert field_of(lambda: check_idempotency_key("  ")) == "idempotencyKey"
    assert field_of(lambda: check_idempotency_key("k" * 256)) == "idempotencyKey"


def test_credit_amount_rules() -> None:
    open_invoice = invoice()
    assert check_credit(Money.of("100.00", "EUR"), open_invoice) == Money.of("100.00", "EUR")
    assert field_of(lambda: check_credit(Money.of("0", "EUR"), open_invoice)) == "amount"
    assert field_of(lambda: check_credit(Money.of("-1", "EUR"), open_invoice)) == "amount"
    assert field_of(lambda: check_credit(Money.of("1", "USD"), open_invoice)) == "amount"
    assert field_of(lambda: check_credit(Money.of("0.001", "EUR"), open_invoice)) == "amount"
    assert field_of(lambda: check_credit(Money.of("100.01", "EUR"), open_invoice)) == "amount"


def test_credit_on_paid_invoice_is_bounded_by_total_less_credited() -> None:
    paid = invoice(InvoiceStatus.PAID, remaining="0")
    assert check_credit(Money.of("150", "EUR"), paid) == Money.of("150", "EUR")
    assert field_of(lambda: check_credit(Money.of("51", "EUR"), paid, Money.of("100", "EUR"))) == "amount"


def test_void_or_draft_invoice_cannot_be_credited() -> None:
    assert field_of(lambda: check_credit(Money.of("1", "EUR"), invoice(InvoiceStatus.VOID))) == "invoiceId"


def test_renewal_by_term_extends_the_total_term() -> None:
    plan = renewal(contract(), term_months=12)
    assert plan.term_months == 24 and plan.end_date == date(2028, 1, 30)
    assert field_of(lambda: renewal(contract(), term_months=0)) == "termMonths"
    assert field_of(lambda: renewal(contract(), term_months=121)) == "termMonths"
    assert field_of(lambda: renewal(contract())) == "termMonths"
    assert field_of(lambda: renewal(contract(), term_months=1, new_end_date=date(2030, 1, 1))) == "termMonths"


def test_renewal_by_end_date_converts_to_months() -> None:
    c = contract(term=12, start=date(2026, 3, 1))
    assert c.end_date == date(2027, 2, 28)
    plan = renewal(c, new_end_date=date(2027, 8, 31))
    assert plan.term_months == 18
    assert field_of(lambda: renewal(c, new_end_date=date(2027, 2, 28))) == "newEndDate"
    assert field_of(lambda: renewal(c, new_end_date=date(2027, 8, 15))) == "newEndDate"
    assert field_of(lambda: renewal(c, new_end_date=date(2045, 2, 28))) == "newEndDate"


def test_priority_enum() -> None:
    assert check_priority("URGENT") is CasePriority.URGENT
    assert field_of(lambda: check_priority("critical")) == "priority"


def test_proration_behavior() -> None:
    assert check_proration("none") == "none"
    assert field_of(lambda: check_proration("sometimes")) == "prorationBehavior"


def test_subscription_changes() -> None:
    assert check_changes([ItemChange.add("price_x", 2), ItemChange.delete("si_1")])
    assert field_of(lambda: check_changes([])) == "changes"
    assert field_of(lambda: check_changes([ItemChange.add(f"price_{n}") for n in range(21)])) == "changes"
    assert field_of(lambda: check_changes([ItemChange.set_quantity("si_1", 0)])) == "changes[0].quantity"
    assert (
        field_of(lambda: check_changes([ItemChange(item_id="si_1", price_id="price_x", quantity=1)]))
        == "changes[0]"
    )
    assert (
        field_of(lambda: check_changes([ItemChange.delete("si_1"), ItemChange.set_quantity("si_1", 2)]))
        == "changes[1]"
    )
