"""Billing (Stripe) objects: customer, subscriptions, invoices and credit notes."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import PositiveInt, model_validator

from domain.ids import (
    StripeCreditNoteId,
    StripeCustomerId,
    StripeInvoiceId,
    StripePriceId,
    StripeProductId,
    StripeSubscriptionId,
    StripeSubscriptionItemId,
)
from domain.models._base import Count, DomainModel, UtcDatetime
from domain.money import CurrencyCode, Money


class BillingCustomer(DomainModel):
    """The billing customer; `balance` positive means the customer owes, negative is a credit."""

    id: StripeCustomerId
    email: str | None = None
    name: str | None = None
    currency: CurrencyCode | None = None
    """None until the customer's first charge sets it."""
    balance: Money | None = None
    delinquent: bool = False


class SubscriptionStatus(StrEnum):
    """Stripe's eight subscription statuses."""

    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    CANCELED = "canceled"
    UNPAID = "unpaid"
    INCOMPLETE = "incomplete"
    INCOMPLETE_EXPIRED = "incomplete_expired"
    PAUSED = "paused"


class RecurringInterval(StrEnum):
    """Billing interval of a recurring price."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    YEAR = "year"


class CollectionMethod(StrEnum):
    """How Stripe collects: charge the payment method, or send an invoice to pay."""

    CHARGE_AUTOMATICALLY = "charge_automatically"
    SEND_INVOICE = "send_invoice"


class SubscriptionItem(DomainModel):
    """One price on a subscription; `unit_amount` is None for tiered or custom-unit prices."""

    id: StripeSubscriptionItemId
    price_id: StripePriceId
    product_id: StripeProductId
    product_name: str | None = None
    quantity: Count = 1
    unit_amount: Money | None
    interval: RecurringInterval
    interval_count: PositiveInt = 1


class Subscription(DomainModel):
    """A billing subscription, owned by the billing system."""

    id: StripeSubscriptionId
    customer_id: StripeCustomerId | None = None
    status: SubscriptionStatus
    items: tuple[SubscriptionItem, ...] = ()
    current_period_start: UtcDatetime
    current_period_end: UtcDatetime
    cancel_at_period_end: bool = False
    created: UtcDatetime
    collection_method: CollectionMethod = CollectionMethod.CHARGE_AUTOMATICALLY


class InvoiceStatus(StrEnum):
    """Stripe invoice status."""

    DRAFT = "draft"
    OPEN = "open"
    PAID = "paid"
    UNCOLLECTIBLE = "uncollectible"
    VOID = "void"


class Invoice(DomainModel):
    """A billing invoice; all amounts share one currency."""

    id: StripeInvoiceId
    customer_id: StripeCustomerId | None = None
    number: str | None = None
    """None while the invoice is a draft."""
    status: InvoiceStatus
    subscription_id: StripeSubscriptionId | None = None
    total: Money
    amount_due: Money
    amount_paid: Money
    amount_remaining: Money
    created: UtcDatetime
    due_date: date | None = None
    """None when the invoice is charged automatically."""
    period_start: UtcDatetime | None = None
    period_end: UtcDatetime | None = None

    @model_validator(mode="after")
    def _one_currency(self) -> Invoice:
        currencies = {
            m.currency for m in (self.total, self.amount_due, self.amount_paid, self.amount_remaining)
        }
        if len(currencies) != 1:
            raise ValueError(f"invoice amounts must share one currency, got {sorted(currencies)}")
        return self

    @property
    def currency(self) -> str:
        """The invoice's currency."""
        return self.total.currency

    def is_overdue(self, as_of: date) -> bool:
        """Open with a due date before `as_of`; see `is_invoice_overdue`."""
        return is_invoice_overdue(self, as_of)


def is_invoice_overdue(invoice: Invoice, as_of: date) -> bool:
    """Whether an invoice is open and its due date is before `as_of`."""
    return invoice.status is InvoiceStatus.OPEN and invoice.due_date is not None and invoice.due_date < as_of


class CreditNoteReason(StrEnum):
    """Why a credit note was issued."""

    DUPLICATE = "duplicate"
    FRAUDULENT = "fraudulent"
    ORDER_CHANGE = "order_change"
    PRODUCT_UNSATISFACTORY = "product_unsatisfactory"


class CreditNoteStatus(StrEnum):
    """Credit note status."""

    ISSUED = "issued"
    VOID = "void"


class CreditNote(DomainModel):
    """A credit note against an invoice, owned by the billing system."""

    id: StripeCreditNoteId
    number: str
    invoice_id: StripeInvoiceId
    amount: Money
    reason: CreditNoteReason | None = None
    memo: str | None = None
    status: CreditNoteStatus
    created: UtcDatetime
