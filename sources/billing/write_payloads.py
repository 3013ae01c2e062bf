"""Stripe objects that writes and their checks read (credit notes, prices, a subscription's metadata),
and their mapping to domain models. Pure."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from domain.models import CreditNote, CreditNoteReason, CreditNoteStatus, RecurringInterval
from domain.models.catalog import Price as DomainPrice
from sources.billing.mapping import instant, money
from sources.billing.payloads import Price, Product, SubscriptionObject


class SubscriptionWithMetadata(SubscriptionObject):
    """A subscription with its metadata (where a write leaves its idempotency marker)."""

    metadata: dict[str, str] = Field(default_factory=dict)


class PriceObject(Price):
    """A price with whether it can still be used."""

    active: bool = True


class CreditNoteObject(BaseModel):
    """A credit note; `amount` in minor units of `currency`."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: str
    number: str
    invoice: str
    customer: str | None = None
    amount: StrictInt
    currency: str
    reason: str | None = None
    memo: str | None = None
    status: str
    created: StrictInt
    metadata: dict[str, str] = Field(default_factory=dict)


class StripeError(BaseModel):
    """The `error` member of a Stripe error answer."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    type: str = "api_error"
    code: str | None = None
    param: str | None = None


class StripeErrorBody(BaseModel):
    """`{"error": {...}}`."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    error: StripeError


def to_credit_note(note: CreditNoteObject) -> CreditNote:
    """A Stripe credit note as the domain's CreditNote."""
    return CreditNote(
        id=note.id,
        number=note.number,
        invoice_id=note.invoice,
        amount=money(note.amount, note.currency),
        reason=CreditNoteReason(note.reason) if note.reason else None,
        memo=note.memo,
        status=CreditNoteStatus(note.status),
        created=instant(note.created),
    )


def to_price(price: PriceObject) -> DomainPrice:
    """A Stripe price as the domain's Price."""
    product = price.product
    return DomainPrice(
        id=price.id,
        product_id=product.id if isinstance(product, Product) else product,
        currency=price.currency,
        active=price.active,
        unit_amount=money(price.unit_amount, price.currency) if price.unit_amount is not None else None,
        interval=RecurringInterval(price.recurring.interval) if price.recurring else None,
        interval_count=price.recurring.interval_count if price.recurring else 1,
    )
