"""Money on the wire: exact decimal strings, padded to the currency's minor unit, never rounded."""

from __future__ import annotations

from decimal import Decimal

from domain.money import Money as DomainMoney
from resolvers.types.money import Money
from resolvers.types.scalars import DecimalScalar


def test_amount_is_padded_to_minor_units_never_rounded() -> None:
    assert Money.of(DomainMoney.of("50000", "usd")).amount == Decimal("50000.00")
    assert str(Money.of(DomainMoney.of("0.125", "USD")).amount) == "0.125"
    assert str(Money.of(DomainMoney.of("1200", "JPY")).amount) == "1200"


def test_decimal_scalar_serialises_without_exponent() -> None:
    serialize = DecimalScalar.serialize
    assert serialize is not None
    assert serialize(Decimal("5E+2")) == "500"
    assert serialize(Decimal("0.10")) == "0.10"
    assert serialize(Decimal("12345678901234567890.01")) == "12345678901234567890.01"


def test_equal_amounts_written_differently_keep_their_own_digits() -> None:
    # 1.0 and 1.000 are equal Decimals: a shared instance per amount must not mix them up.
    first = Money.of(DomainMoney.of("1.0", "USD"))
    second = Money.of(DomainMoney.of("1.000", "USD"))
    again = Money.of(DomainMoney.of("1.0", "USD"))

    assert (str(first.amount), str(second.amount)) == ("1.00", "1.000")
    assert again is first
    assert Money.of(DomainMoney.of("1.0", "EUR")).currency == "EUR"
