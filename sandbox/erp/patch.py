"""Validation of a customer PATCH body: every field checked before anything is written."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from sandbox.erp.errors import Detail, NetSuiteError
from sandbox.erp.records import CUSTOMER_FIELDS
from sandbox.erp.reference import CREDIT_HOLD_NAMES, TERMS_NAMES

# Fields NetSuite computes or fixes at creation; a PATCH may not set them.
READ_ONLY = frozenset(
    CUSTOMER_FIELDS
    - {"companyName", "email", "creditLimit", "creditHoldOverride", "terms", "externalId", "entityId"}
) | {"links"}
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_MONEY = Decimal("999999999999.99")


def customer_changes(body: object) -> dict[str, Any]:
    """The stored values a customer PATCH asks for; raises with every problem found."""
    if not isinstance(body, dict):
        raise NetSuiteError(400, [Detail("The request body must be a JSON object.", "INVALID_CONTENT")])
    changes: dict[str, Any] = {}
    problems: list[Detail] = []
    for name, value in body.items():
        try:
            changes[name] = _field(name, value)
        except _Invalid as exc:
            problems.append(Detail(exc.detail, exc.code, path=name))
    if problems:
        raise NetSuiteError(400, problems)
    return changes


class _Invalid(Exception):
    def __init__(self, detail: str, code: str = "INVALID_CONTENT") -> None:
        self.detail = detail
        self.code = code


def _field(name: str, value: object) -> Any:
    if name in READ_ONLY:
        raise _Invalid(f"Error while accessing a resource. The field {name} is read-only.", "USER_ERROR")
    if name == "companyName":
        return _text(name, value, max_length=83, required=True)
    if name == "entityId":
        return _text(name, value, max_length=83, required=True)
    if name == "externalId":
        return _text(name, value, max_length=255, required=False)
    if name == "email":
        email = _text(name, value, max_length=254, required=False)
        if email is not None and not _EMAIL.match(email):
            raise _bad_value(name, value)
        return email
    if name == "creditLimit":
        return _money(name, value)
    if name == "creditHoldOverride":
        ident = _select_id(name, value)
        if ident not in CREDIT_HOLD_NAMES:
            raise _bad_value(name, ident)
        return ident
    if name == "terms":
        if value is None:
            return None
        ident = _select_id(name, value)
        if not ident.isdigit() or int(ident) not in TERMS_NAMES:
            raise _bad_value(name, ident)
        return int(ident)
    raise _Invalid(f"Invalid field name: {name}. The field does not exist on the customer record.")


def _bad_value(name: str, value: object) -> _Invalid:
    return _Invalid(
        f"Error while accessing a resource. You have entered an Invalid Field Value {value} for the "
        f"following field: {name.lower()}"
    )


def _text(name: str, value: object, *, max_length: int, required: bool) -> str | None:
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _Invalid(
            f"Please enter a value for {name}." if value in (None, "") else _type_error(name, "string")
        )
    if len(value) > max_length:
        raise _Invalid(
            f"The field {name} contains more than the maximum number ( {max_length} ) of characters."
        )
    return value


def _money(name: str, value: object) -> int | None:
    if value is None:
        return None
    # bool is an int in Python but never a number in JSON terms.
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _Invalid(_type_error(name, "number"))
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:  # pragma: no cover - json never yields these
        raise _bad_value(name, value) from exc
    if (
        not amount.is_finite()
        or amount < 0
        or amount > _MAX_MONEY
        or amount != amount.quantize(Decimal("0.01"))
    ):
        raise _bad_value(name, value)
    return int(amount * 100)


def _select_id(name: str, value: object) -> str:
    # Select fields take a reference object, {"id": "..."}; a bare value is not a reference.
    if not isinstance(value, dict) or set(value) - {"id", "refName"} or "id" not in value:
        raise _Invalid(_type_error(name, 'object {"id": ...}'))
    ident = value["id"]
    if isinstance(ident, bool) or not isinstance(ident, str | int):
        raise _bad_value(name, ident)
    return str(ident)


def _type_error(name: str, expected: str) -> str:
    return f"Invalid value type for field {name}: expected {expected}."
