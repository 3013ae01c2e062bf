from decimal import Decimal

import pytest
from pydantic import ValidationError

from domain.money import (
    CurrencyMismatch,
    Money,
    minor_unit_exponent,
    normalise_currency,
    sum_money,
    totals_by_currency,
)


def test_amount_is_exact_decimal_from_str_int_or_decimal():
    assert Money.of("0.10", "USD").amount == Decimal("0.10")
    assert Money.of(3, "USD").amount == Decimal(3)
    assert Money(amount=Decimal("1.005"), currency="usd").amount == Decimal("1.005")
    assert Money.of("0.1", "USD") + Money.of("0.2", "USD") == Money.of("0.3", "USD")


@pytest.mark.parametrize("bad", [0.1, 1.0, True, "abc", "NaN", "Infinity", None])
def test_float_bool_and_non_finite_amounts_are_rejected(bad):
    with pytest.raises(ValidationError):
        Money(amount=bad, currency="USD")


@pytest.mark.parametrize("bad", ["US", "USDX", "U1D", "", "€UR"])
def test_currency_must_be_three_letters(bad):
    with pytest.raises(ValidationError):
        Money.of(1, bad)


def test_currency_is_upper_cased():
    assert Money.of(1, "eur").currency == "EUR"
    assert normalise_currency("jpy") == "JPY"


def test_frozen():
    money = Money.of(1, "USD")
    with pytest.raises(ValidationError):
        money.amount = Decimal(2)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("currency", "exponent"), [("USD", 2), ("EUR", 2), ("JPY", 0), ("KRW", 0), ("BHD", 3), ("KWD", 3)]
)
def test_minor_unit_exponents(currency, exponent):
    assert minor_unit_exponent(currency) == exponent
    assert minor_unit_exponent("JOD") == 3


def test_from_minor_and_back():
    assert Money.from_minor(1999, "usd") == Money.of("19.99", "USD")
    assert Money.from_minor(500, "JPY") == Money.of(500, "JPY")
    assert Money.from_minor(1234, "KWD") == Money.of("1.234", "KWD")
    assert Money.from_minor(-250, "USD").amount == Decimal("-2.50")
    assert Money.of("19.99", "USD").to_minor() == 1999
    assert Money.of("7", "JPY").to_minor() == 7
    assert Money.of("1.5", "BHD").to_minor() == 1500


def test_from_minor_exponent_override_for_vendor_dialects():
    assert Money.from_minor(10000, "ISK", exponent=2) == Money.of(100, "ISK")
    assert Money.of(100, "ISK").to_minor(exponent=2) == 10000


def test_from_minor_rejects_non_int():
    with pytest.raises(ValueError):
        Money.from_minor(1.5, "USD")  # type: ignore[arg-type]


def test_to_minor_refuses_to_round():
    with pytest.raises(ValueError, match="minor units"):
        Money.of("0.005", "USD").to_minor()
    with pytest.raises(ValueError):
        Money.of("0.5", "JPY").to_minor()


def test_arithmetic_and_ordering_within_currency():
    a, b = Money.of("10.00", "USD"), Money.of("2.5", "USD")
    assert a + b == Money.of("12.5", "USD")
    assert a - b == Money.of("7.5", "USD")
    assert -b == Money.of("-2.5", "USD")
    assert b.times(3) == Money.of("7.5", "USD")
    assert b < a <= a and a > b >= b
    assert Money.zero("USD").is_zero and a.is_positive and not (-a).is_positive


def test_mixed_currencies_raise():
    usd, eur = Money.of(1, "USD"), Money.of(1, "EUR")
    with pytest.raises(CurrencyMismatch) as info:
        _ = usd + eur
    assert (info.value.left, info.value.right) == ("USD", "EUR")
    for op in (lambda: usd - eur, lambda: usd < eur, lambda: usd >= eur):
        with pytest.raises(CurrencyMismatch):
            op()
    assert usd != eur  # equality is allowed and simply false


def test_equal_values_hash_equal():
    assert hash(Money.of("1.0", "USD")) == hash(Money.of("1.00", "USD"))


def test_sums():
    items = [Money.of("1.10", "USD"), Money.of(2, "EUR"), Money.of("0.90", "USD")]
    assert totals_by_currency(items) == (Money.of(2, "EUR"), Money.of(2, "USD"))
    assert totals_by_currency([]) == ()
    assert sum_money([], "USD") == Money.zero("USD")
    with pytest.raises(CurrencyMismatch):
        sum_money(items, "USD")
