from __future__ import annotations

from decimal import Decimal

import pytest

from tests.resolvers.mutations.cases import open_invoice
from tests.resolvers.mutations.documents import ISSUE_CREDIT
from tests.resolvers.mutations.helpers import profile, refused, run
from tests.resolvers.writer import WriteGateway, only


def _setup(writer: WriteGateway) -> tuple[str, str, str, Decimal]:
    customer = writer.customer_with(lambda c: open_invoice(c) is not None)
    invoice = open_invoice(customer)
    return customer.account_id, invoice.id, invoice.currency.upper(), Decimal(invoice.amount_remaining) / 100


def _input(customer_id: str, invoice_id: str, amount: str, currency: str, **extra: str) -> dict[str, object]:
    return {
        "customerId": customer_id,
        "invoiceId": invoice_id,
        "amount": {"amount": amount, "currency": currency},
        "idempotencyKey": "credit-1",
        **extra,
    }


async def test_a_credit_note_is_issued_and_the_invoice_read_back(writer: WriteGateway) -> None:
    customer_id, invoice_id, currency, remaining = _setup(writer)

    result = await run(
        writer,
        ISSUE_CREDIT,
        "issueCredit",
        **_input(customer_id, invoice_id, "5.00", currency, reason="ORDER_CHANGE", memo="goodwill"),
    )

    assert result["__typename"] == "IssueCreditSuccess"
    note = result["creditNote"]
    assert note["invoiceId"] == invoice_id
    assert note["amount"] == {"amount": "5.00", "currency": currency}
    assert (note["reason"], note["memo"], note["status"]) == ("ORDER_CHANGE", "goodwill", "ISSUED")
    assert Decimal(result["invoice"]["amountRemaining"]["amount"]) == remaining - 5
    assert writer.writes() == only("billing", 1)
    (post,) = writer.write_entries("billing")
    assert post["path"] == "/v1/credit_notes"
    assert post["headers"]["idempotency-key"].startswith("tessera-")


async def test_the_next_profile_read_shows_the_lower_amount_remaining(writer: WriteGateway) -> None:
    customer_id, invoice_id, currency, remaining = _setup(writer)
    before = await profile(writer, customer_id)  # fills the cache
    assert _remaining(before, invoice_id) == remaining

    await run(writer, ISSUE_CREDIT, "issueCredit", **_input(customer_id, invoice_id, "7.00", currency))
    after = await profile(writer, customer_id)

    assert _remaining(after, invoice_id) == remaining - 7


def _remaining(customer: dict[str, object], invoice_id: str) -> Decimal:
    invoices = customer["invoices"]
    assert isinstance(invoices, list)
    found = next(i for i in invoices if i["id"] == invoice_id)
    return Decimal(found["amountRemaining"]["amount"])


async def test_another_customers_invoice_is_refused(writer: WriteGateway) -> None:
    customer_id, invoice_id, currency, _ = _setup(writer)
    other = writer.customer_with(lambda c: c.account_id != customer_id and c.billing_id)

    result = await refused(
        writer, ISSUE_CREDIT, "issueCredit", **_input(other.account_id, invoice_id, "5.00", currency)
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "invoiceId")
    assert "does not belong" in result["message"]


@pytest.mark.parametrize("amount", ["0.00", "-5.00"])
async def test_a_non_positive_amount_is_refused(writer: WriteGateway, amount: str) -> None:
    customer_id, invoice_id, currency, _ = _setup(writer)

    result = await refused(
        writer, ISSUE_CREDIT, "issueCredit", **_input(customer_id, invoice_id, amount, currency)
    )

    assert (result["__typename"], result["field"], result["message"]) == (
        "ValidationError",
        "amount",
        "must be positive",
    )


async def test_an_amount_in_another_currency_is_refused(writer: WriteGateway) -> None:
    customer_id, invoice_id, currency, _ = _setup(writer)
    other = "JPY" if currency != "JPY" else "USD"

    result = await refused(writer, ISSUE_CREDIT, "issueCredit", **_input(customer_id, invoice_id, "5", other))

    assert (result["__typename"], result["field"]) == ("ValidationError", "amount")
    assert currency in result["message"]


async def test_more_than_remains_is_refused(writer: WriteGateway) -> None:
    customer_id, invoice_id, currency, remaining = _setup(writer)

    result = await refused(
        writer, ISSUE_CREDIT, "issueCredit", **_input(customer_id, invoice_id, str(remaining + 1), currency)
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "amount")
    assert "at most" in result["message"]


async def test_an_unknown_currency_is_refused(writer: WriteGateway) -> None:
    customer_id, invoice_id, _, _ = _setup(writer)

    result = await refused(writer, ISSUE_CREDIT, "issueCredit", **_input(customer_id, invoice_id, "5", "XXQ"))

    assert (result["__typename"], result["field"]) == ("ValidationError", "amount")


async def test_an_unknown_invoice_is_not_found(writer: WriteGateway) -> None:
    customer_id, _, currency, _ = _setup(writer)

    result = await refused(
        writer, ISSUE_CREDIT, "issueCredit", **_input(customer_id, "in_NoSuchInvoice42", "5.00", currency)
    )

    assert result["__typename"] == "NotFoundError"


async def test_a_malformed_invoice_id_is_refused_without_calling_billing(writer: WriteGateway) -> None:
    customer_id, _, currency, _ = _setup(writer)

    result = await refused(
        writer, ISSUE_CREDIT, "issueCredit", **_input(customer_id, "../customers", "5.00", currency)
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "invoiceId")
    assert writer.apps["billing"].journal.entries() == []
