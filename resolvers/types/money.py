"""Money: an exact decimal amount (a string on the wire) and its currency."""

from __future__ import annotations

import functools
from decimal import Decimal

import strawberry

from domain.money import Money as DomainMoney
from domain.money import minor_unit_exponent


def _at_least_minor_units(amount: Decimal, currency: str) -> Decimal:
    """Pad to the currency's minor unit ("50000" -> "50000.00"); only ever adds zeros, never rounds."""
    places = minor_unit_exponent(currency)
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent > -places:
        return amount.quantize(Decimal(1).scaleb(-places))
    return amount


@functools.lru_cache(maxsize=4096)
def _money(amount: str, currency: str) -> Money:
    # Keyed by the amount's text, not the Decimal: 1.0 and 1.000 are equal Decimals that print differently.
    return Money(amount=_at_least_minor_units(Decimal(amount), currency), currency=currency)


@strawberry.type(description="An exact amount in one currency; `amount` is a decimal string, never a float.")
class Money:
    """An exact amount in one ISO 4217 currency."""

    amount: Decimal
    currency: str

    @staticmethod
    def of(money: DomainMoney) -> Money:
        """Build from a domain amount (one shared, never changed, instance per amount as written)."""
        return _money(str(money.amount), money.currency)

    @staticmethod
    def maybe(money: DomainMoney | None) -> Money | None:
        """Build from a domain amount that may be absent."""
        return None if money is None else Money.of(money)
