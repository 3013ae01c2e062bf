"""Billing invoices."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from domain.models import Invoice as DomainInvoice
from domain.models import InvoiceStatus
from resolvers.types.money import Money


@strawberry.type(
    description="A billing invoice; `id` is the Stripe invoice id. All amounts share one currency."
)
class Invoice:
    """Stripe invoice."""

    id: strawberry.ID
    customer_id: strawberry.ID | None
    number: str | None
    status: InvoiceStatus
    subscription_id: strawberry.ID | None
    currency: str
    total: Money
    amount_due: Money
    amount_paid: Money
    amount_remaining: Money
    created: datetime
    due_date: date | None
    period_start: datetime | None
    period_end: datetime | None
    overdue: bool = strawberry.field(description="Open and past its due date today.")

    @staticmethod
    def of(invoice: DomainInvoice, today: date) -> Invoice:
        """Build from the domain invoice, judged overdue as of `today`."""
        return Invoice(
            id=strawberry.ID(invoice.id),
            customer_id=None if invoice.customer_id is None else strawberry.ID(invoice.customer_id),
            number=invoice.number,
            status=invoice.status,
            subscription_id=None
            if invoice.subscription_id is None
            else strawberry.ID(invoice.subscription_id),
            currency=invoice.currency,
            total=Money.of(invoice.total),
            amount_due=Money.of(invoice.amount_due),
            amount_paid=Money.of(invoice.amount_paid),
            amount_remaining=Money.of(invoice.amount_remaining),
            created=invoice.created,
            due_date=invoice.due_date,
            period_start=invoice.period_start,
            period_end=invoice.period_end,
            overdue=invoice.is_overdue(today),
        )
