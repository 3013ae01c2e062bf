"""`issueCredit`: a credit note on one of the customer's invoices, written to billing (Stripe) only."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import strawberry

from domain.ids import StripePrefix, parse_stripe_id
from domain.models import CreditNote as DomainCreditNote
from domain.models import CreditNoteReason, InvoiceStatus
from domain.models import Invoice as DomainInvoice
from domain.money import Money
from domain.ownership import WriteOperation
from domain.writes import WriteInvalid, check_credit
from resolvers.mutations.payloads import Failure, MoneyInput
from resolvers.mutations.runner import Missing, Target, WriteCall, check_owned, parse_input_id, run_write
from resolvers.types.credit_notes import CreditNote
from resolvers.types.customer import Info
from resolvers.types.invoices import Invoice
from sources.billing.client import BillingSource

MAX_MEMO = 500


@strawberry.input(description="A credit on an invoice of the customer, at most what remains creditable.")
class IssueCreditInput:
    """Arguments of `issueCredit`."""

    customer_id: strawberry.ID
    invoice_id: strawberry.ID
    amount: MoneyInput = strawberry.field(description="Positive, in the invoice's currency.")
    reason: CreditNoteReason | None = None
    memo: str | None = None
    idempotency_key: str = strawberry.field(description="Your key for this credit (1..255 characters).")


@strawberry.type(description="The credit note as billing issued it, and the invoice as billing now has it.")
class IssueCreditSuccess:
    """A credit note was issued (or the first outcome of this idempotency key)."""

    credit_note: CreditNote
    invoice: Invoice


IssueCreditResult = Annotated[IssueCreditSuccess | Failure, strawberry.union("IssueCreditResult")]


@dataclass(frozen=True)
class Credited:
    """What a credit leaves behind, as billing answered it."""

    note: DomainCreditNote
    invoice: DomainInvoice


def _amount(value: MoneyInput) -> Money:
    try:
        return value.to_domain()
    except ValueError:
        raise WriteInvalid("amount", "not a valid amount and ISO 4217 currency") from None


async def issue_credit(info: Info, input: IssueCreditInput) -> IssueCreditResult | None:
    """Issue a credit note on the customer's invoice (billing only)."""
    target = Target(WriteOperation.ISSUE_CREDIT, "issueCredit", input.customer_id, input.invoice_id)
    inputs = {
        "invoiceId": input.invoice_id,
        "amount": str(input.amount.amount),
        "currency": input.amount.currency,
        "reason": None if input.reason is None else input.reason.value,
        "memo": input.memo,
    }

    async def perform(call: WriteCall) -> Credited:
        billing = call.owner(BillingSource)
        invoice_id = parse_input_id(
            "invoiceId", lambda v: parse_stripe_id(v, StripePrefix.INVOICE), input.invoice_id
        )
        amount = _amount(input.amount)
        if input.memo is not None and len(input.memo) > MAX_MEMO:
            raise WriteInvalid("memo", f"at most {MAX_MEMO} characters")
        account = await call.account()
        invoice = await billing.invoice(invoice_id, call.ctx)
        if invoice is None:
            raise Missing(f"billing has no invoice {invoice_id}")
        check_owned(invoice.customer_id, account.billing_customer_id, "invoiceId")
        if not call.attempt.reconcile:
            # On a retry after an unknown outcome the credit may already have lowered what remains: the
            # first attempt validated this same input, and the connector looks for its marker first.
            paid = invoice.status is InvoiceStatus.PAID
            credited = await billing.credited(invoice_id, invoice.currency, call.ctx) if paid else None
            check_credit(amount, invoice, credited)
        note = await billing.issue_credit(
            invoice_id,
            amount,
            input.reason,
            input.memo,
            call.key,
            call.ctx,
            reconcile=call.attempt.reconcile,
        )
        after = await billing.invoice(invoice_id, call.ctx)
        return Credited(note, after or invoice)

    result = await run_write(info.context, target, input.idempotency_key, inputs, perform)
    if isinstance(result, Credited):
        today = info.context.now.date()
        return IssueCreditSuccess(
            credit_note=CreditNote.of(result.note), invoice=Invoice.of(result.invoice, today)
        )
    return result
