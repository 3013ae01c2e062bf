"""Exact monetary amounts in one ISO 4217 currency.

Amounts are `Decimal` and never pass through `float`: a float input is rejected (not converted), because
a float such as 0.1 already carries a binary rounding error that no conversion can undo. Give an `int`,
a `Decimal` or a decimal string instead. Currency codes are three letters, normalised to upper case
(Stripe sends "usd"). Arithmetic and ordering only work within one currency; anything else raises
`CurrencyMismatch`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

_CURRENCY_RE = re.compile(r"^[A-Za-z]{3}$")

# ISO 4217 minor-unit exponents that differ from the usual 2. Stripe disagrees with ISO for a few
# codes (it treats ISK and UGX as 2-decimal and MGA as 0-decimal): its connector passes `exponent=`.
_ZERO_DECIMAL = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV"}
    | {"XAF", "XOF", "XPF"}
)
_THREE_DECIMAL = frozenset({"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"})
_FOUR_DECIMAL = frozenset({"CLF", "UYW"})


class CurrencyMismatch(ValueError):
    """Raised when amounts in different currencies are added, subtracted or compared."""

    def __init__(self, left: str, right: str) -> None:
        super().__init__(f"cannot combine amounts in {left} and {right}")
        self.left = left
        self.right = right


def normalise_currency(value: str) -> str:
    """Validate a three-letter currency code and return it in upper case."""
    if not isinstance(value, str) or not _CURRENCY_RE.match(value):
        raise ValueError(f"currency must be a three-letter ISO 4217 code, got {value!r}")
    return value.upper()


def minor_unit_exponent(currency: str) -> int:
    """Return the ISO 4217 number of decimals of a currency (2 unless listed otherwise)."""
    code = normalise_currency(currency)
    if code in _ZERO_DECIMAL:
        return 0
    if code in _THREE_DECIMAL:
        return 3
    if code in _FOUR_DECIMAL:
        return 4
    return 2


def _exact_decimal(value: Any) -> Decimal:
    if isinstance(value, (bool, float)):
        raise ValueError("money amounts must be int, Decimal or a decimal string, never float or bool")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except InvalidOperation as exc:
            raise ValueError(f"not a decimal amount: {value!r}") from exc
    else:
        raise ValueError(f"unsupported amount type {type(value).__name__}")
    if not result.is_finite():
        raise ValueError("money amounts must be finite")
    return result


CurrencyCode = Annotated[str, AfterValidator(normalise_currency)]
"""A pydantic field type: a three-letter currency code, stored upper case."""

ExactDecimal = Annotated[Decimal, BeforeValidator(_exact_decimal)]


class Money(BaseModel):
    """An exact amount in one currency."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    amount: ExactDecimal
    currency: CurrencyCode

    @classmethod
    def of(cls, amount: int | Decimal | str, currency: str) -> Money:
        """Build from an exact amount in major units (e.g. "12.50")."""
        return cls(amount=_exact_decimal(amount), currency=currency)

    @classmethod
    def zero(cls, currency: str) -> Money:
        """Return zero in the given currency."""
        return cls(amount=Decimal(0), currency=currency)

    @classmethod
    def from_minor(cls, amount: int, currency: str, *, exponent: int | None = None) -> Money:
        """Build from an integer count of minor units (cents), using the currency's exponent."""
        if isinstance(amount, bool) or not isinstance(amount, int):
            raise ValueError(f"minor-unit amounts must be int, got {type(amount).__name__}")
        exp = minor_unit_exponent(currency) if exponent is None else exponent
        return cls(amount=Decimal(amount).scaleb(-exp), currency=currency)

    def to_minor(self, *, exponent: int | None = None) -> int:
        """Return the amount as an integer count of minor units; raise if it is not whole."""
        exp = minor_unit_exponent(self.currency) if exponent is None else exponent
        scaled = self.amount.scaleb(exp)
        if scaled != scaled.to_integral_value():
            raise ValueError(f"{self} is not a whole number of minor units (exponent {exp})")
        return int(scaled)

    def _check(self, other: Money) -> None:
        if not isinstance(other, Money):
            raise TypeError(f"expected Money, got {type(other).__name__}")
        if other.currency != self.currency:
            raise CurrencyMismatch(self.currency, other.currency)

    def __add__(self, other: Money) -> Money:
        self._check(other)
        return Money(amount=self.amount + other.amount, currency=self.currency)

    def __sub__(self, other: Money) -> Money:
        self._check(other)
        return Money(amount=self.amount - other.amount, currency=self.currency)

    def __neg__(self) -> Money:
        return Money(amount=-self.amount, currency=self.currency)

    def times(self, factor: int | Decimal) -> Money:
        """Multiply by an exact factor (a quantity or a Decimal ratio)."""
        return Money(amount=self.amount * _exact_decimal(factor), currency=self.currency)

    def __lt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount < other.amount

    def __le__(self, other: Money) -> bool:
        self._check(other)
        return self.amount <= other.amount

    def __gt__(self, other: Money) -> bool:
        self._check(other)
        return self.amount > other.amount

    def __ge__(self, other: Money) -> bool:
        self._check(other)
        return self.amount >= other.amount

    @property
    def is_zero(self) -> bool:
        """True when the amount is zero."""
        return self.amount == 0

    @property
    def is_positive(self) -> bool:
        """True when the amount is above zero."""
        return self.amount > 0

    def __str__(self) -> str:
        return f"{self.amount} {self.currency}"


def sum_money(items: Iterable[Money], currency: str) -> Money:
    """Add amounts that must all be in `currency`; an empty input gives zero."""
    total = Money.zero(currency)
    for item in items:
        total = total + item
    return total


def totals_by_currency(items: Iterable[Money]) -> tuple[Money, ...]:
    """Add amounts per currency; one total per currency seen, sorted by currency code."""
    totals: dict[str, Money] = {}
    for item in items:
        current = totals.get(item.currency)
        totals[item.currency] = item if current is None else current + item
    return tuple(totals[code] for code in sorted(totals))
