"""The Decimal scalar: exact, serialised as a plain decimal string (never exponent notation, never float)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

import strawberry


def _serialize(value: Decimal) -> str:
    return format(value, "f")


def _parse(value: object) -> Decimal:
    if not isinstance(value, str):
        raise ValueError("a Decimal is given as a string")
    try:
        parsed = Decimal(value)
    except InvalidOperation as exc:
        raise ValueError(f"not a decimal: {value!r}") from exc
    if not parsed.is_finite():
        raise ValueError("a Decimal must be finite")
    return parsed


DecimalScalar = strawberry.scalar(
    name="Decimal",
    description='An exact decimal number, as a string such as "1234.50".',
    serialize=_serialize,
    parse_value=_parse,
)
