"""Billing catalog objects a write needs to check: prices."""

from __future__ import annotations

from domain.ids import StripePriceId, StripeProductId
from domain.models._base import DomainModel
from domain.models.billing import RecurringInterval
from domain.money import CurrencyCode, Money


class Price(DomainModel):
    """A billing price; `unit_amount` is None for tiered prices, `interval` None for one-time prices."""

    id: StripePriceId
    product_id: StripeProductId
    currency: CurrencyCode
    active: bool = True
    unit_amount: Money | None = None
    interval: RecurringInterval | None = None
    interval_count: int = 1
