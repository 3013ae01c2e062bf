"""Field values between SQLite, Salesforce JSON and PATCH bodies: formatting and write-time type checks."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from typing import Any

from sandbox.crm.errors import SalesforceError
from sandbox.crm.ids import KEY_PREFIXES, normalize_id
from sandbox.crm.schema import FOREIGN_PREFIXES, Field


def format_datetime(moment: datetime) -> str:
    """Salesforce's datetime form: `2026-01-02T03:04:05.000+0000`, always UTC."""
    utc = moment.astimezone(UTC)
    return utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{utc.microsecond // 1000:03d}+0000"


def to_json(field: Field, raw: Any) -> Any:
    """A stored value in the JSON type Salesforce answers with."""
    if raw is None:
        return None
    if field.type == "boolean":
        return bool(raw)
    if field.type == "int":
        return int(raw)
    if field.type == "double":
        return float(raw)
    return raw


def _parser_error(kind: str, value: Any) -> SalesforceError:
    shown = (
        f"VALUE_STRING value {value}" if isinstance(value, str) else f"{type(value).__name__} value {value}"
    )
    return SalesforceError(
        "JSON_PARSER_ERROR",
        f"Cannot deserialize instance of {kind} from {shown} or request may be missing a required field",
    )


def from_json(field: Field, value: Any) -> Any:
    """A PATCH body's value checked against the field's type and turned into its stored form."""
    if value is None:
        if field.required:
            raise SalesforceError(
                "REQUIRED_FIELD_MISSING", f"Required fields are missing: [{field.name}]", fields=[field.name]
            )
        return None
    kind = field.type
    if kind == "boolean":
        if not isinstance(value, bool):
            raise _parser_error("boolean", value)
        return int(value)
    if kind in ("int", "double"):
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            raise _parser_error("int" if kind == "int" else "double", value)
        if kind == "int":
            if value != int(value):
                raise _parser_error("int", value)
            return int(value)
        return float(value)
    if not isinstance(value, str):
        raise _parser_error("string" if kind in ("string", "picklist") else kind, value)
    if kind == "date":
        return _date(field, value)
    if kind == "datetime":
        raise SalesforceError(
            "INVALID_FIELD_FOR_INSERT_UPDATE", f"Unable to create/update fields: {field.name}"
        )
    if kind == "reference":
        return _reference(field, value)
    return _text(field, value)


def _date(field: Field, value: str) -> str:
    # Salesforce takes a plain date or a datetime (whose date part it keeps).
    if len(value) == 10 or (len(value) > 10 and value[10] == "T"):
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            pass
    raise SalesforceError(
        "JSON_PARSER_ERROR",
        f'Cannot deserialize value of type `date` from String "{value}": expected format yyyy-MM-dd',
        fields=[field.name],
    )


def _reference(field: Field, value: str) -> str:
    target = field.references or ""
    prefix = KEY_PREFIXES.get(target) or FOREIGN_PREFIXES.get(target, "")
    normalized = normalize_id(value)
    if normalized is None or not normalized.startswith(prefix):
        raise SalesforceError(
            "MALFORMED_ID", f"{field.name}: id value of incorrect type: {value}", fields=[field.name]
        )
    return normalized


def _text(field: Field, value: str) -> str:
    if field.allowed is not None and value not in field.allowed:
        raise SalesforceError(
            "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
            f"{field.name}: bad value for restricted picklist field: {value}",
            fields=[field.name],
        )
    if field.max_length is not None and len(value) > field.max_length:
        raise SalesforceError(
            "STRING_TOO_LONG",
            f"{field.name}: data value too large: {value[:40]}... (max length={field.max_length})",
            fields=[field.name],
        )
    if field.required and not value:
        raise SalesforceError(
            "REQUIRED_FIELD_MISSING", f"Required fields are missing: [{field.name}]", fields=[field.name]
        )
    return value
