"""Stripe objects (API version 2023-08-16) as pydantic models: only the fields Tessera reads."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, StrictInt

D = TypeVar("D", bound=BaseModel)


class _Stripe(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class StripeList(_Stripe, Generic[D]):
    """A list object: `{object: "list", data, has_more, url}`."""

    data: list[D]
    has_more: bool


class Product(_Stripe):
    """An expanded product (only when `expand[]` asked for it)."""

    id: str
    name: str | None = None


class Recurring(_Stripe):
    """A recurring price's interval."""

    interval: str
    interval_count: StrictInt = 1


class Price(_Stripe):
    """A price; `unit_amount` is null for tiered prices."""

    id: str
    product: str | Product
    currency: str
    unit_amount: StrictInt | None = None
    recurring: Recurring | None = None


class SubscriptionItemObject(_Stripe):
    """One item of a subscription."""

    id: str
    price: Price
    quantity: StrictInt | None = None


class SubscriptionObject(_Stripe):
    """A subscription."""

    id: str
    customer: str
    status: str
    currency: str
    items: StripeList[SubscriptionItemObject]
    current_period_start: StrictInt
    current_period_end: StrictInt
    cancel_at_period_end: bool = False
    created: StrictInt
    collection_method: str = "charge_automatically"


class InvoiceObject(_Stripe):
    """An invoice; amounts are integers in minor units of `currency`."""

    id: str
    customer: str | None = None
    number: str | None = None
    status: str
    subscription: str | None = None
    currency: str
    total: StrictInt
    amount_due: StrictInt
    amount_paid: StrictInt
    amount_remaining: StrictInt
    created: StrictInt
    due_date: StrictInt | None = None
    period_start: StrictInt | None = None
    period_end: StrictInt | None = None


class CustomerObject(_Stripe):
    """A customer, or what is left of a deleted one (`deleted: true`)."""

    id: str
    deleted: bool = False
    email: str | None = None
    name: str | None = None
    currency: str | None = None
    balance: StrictInt = 0
    delinquent: bool | None = None
