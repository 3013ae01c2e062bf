"""Record updates: Salesforce's checks on a PATCH body and the fields it derives (EndDate, IsWon, Status)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sandbox.crm import store
from sandbox.crm.errors import SalesforceError, not_found
from sandbox.crm.schema import CONTRACT, CONTRACT_STATUSES, ENTITLEMENT, OPPORTUNITY, SObject, sobject
from sandbox.crm.values import format_datetime, from_json
from sandbox.seed.billing import add_months


def check_body(obj: SObject, body: dict[str, Any]) -> dict[str, Any]:
    """The body's changes by canonical field name, type-checked; rejects unknown and read-only fields."""
    changes: dict[str, Any] = {}
    for key, value in body.items():
        if key == "attributes":
            continue
        field = obj.field(key)
        if field is None:
            raise SalesforceError(
                "INVALID_FIELD", f"No such column '{key}' on sobject of type {obj.name}", fields=[key]
            )
        if not field.writable:
            raise SalesforceError(
                "INVALID_FIELD_FOR_INSERT_UPDATE",
                f"Unable to create/update fields: {field.name}. Please check the security settings of this "
                "field and verify that it is read/write for your profile or permission set.",
                fields=[field.name],
            )
        if obj is CONTRACT and field.name == "Status" and value not in CONTRACT_STATUSES:
            # Expired and Terminated are statuses Salesforce sets itself.
            raise SalesforceError(
                "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST",
                f"Status: bad value for restricted picklist field: {value}",
                fields=["Status"],
            )
        changes[field.name] = from_json(field, value)
    return changes


def apply_update(conn: sqlite3.Connection, obj: SObject, record_id: str, changes: dict[str, Any]) -> None:
    """Write checked changes to one record inside the caller's transaction, with derived fields and audit."""
    current = store.raw_row(conn, obj, record_id)
    if current is None:
        raise not_found()
    _check_references(conn, obj, changes)
    merged = {**current, **changes}
    now = datetime.now(UTC)
    derived: dict[str, Any] = {}
    if obj is CONTRACT:
        derived = _contract(current, merged, now)
    elif obj is OPPORTUNITY and "StageName" in changes:
        stage = merged["StageName"]
        derived = {
            "IsClosed": int(stage in ("Closed Won", "Closed Lost")),
            "IsWon": int(stage == "Closed Won"),
        }
    elif obj is ENTITLEMENT:
        derived = {"Status": _entitlement_status(merged, store.as_of(conn))}
    values = {**changes, **derived, "LastModifiedDate": format_datetime(now)}
    store.write_row(conn, obj, record_id, values)


def _check_references(conn: sqlite3.Connection, obj: SObject, changes: dict[str, Any]) -> None:
    for name, value in changes.items():
        field = obj.field(name)
        target = sobject(field.references) if field and field.references else None
        if value is not None and target is not None and not store.exists(conn, target, value):
            raise SalesforceError(
                "INVALID_CROSS_REFERENCE_KEY", f"{name}: id value of incorrect type: {value}", fields=[name]
            )


def _contract(current: dict[str, Any], merged: dict[str, Any], now: datetime) -> dict[str, Any]:
    derived: dict[str, Any] = {}
    start, term = merged["StartDate"], merged["ContractTerm"]
    if term is not None and term < 1:
        raise SalesforceError(
            "FIELD_INTEGRITY_EXCEPTION", "Contract Term must be greater than zero", fields=["ContractTerm"]
        )
    if start is not None and term is not None:
        derived["EndDate"] = (add_months(date.fromisoformat(start), term) - timedelta(days=1)).isoformat()
    else:
        derived["EndDate"] = None
    if merged["Status"] == "Activated" and current["Status"] != "Activated":
        derived["ActivatedDate"] = format_datetime(now)
    return derived


def _entitlement_status(merged: dict[str, Any], today: date) -> str:
    start, end = merged["StartDate"], merged["EndDate"]
    if start is not None and end is not None and end < start:
        raise SalesforceError(
            "FIELD_INTEGRITY_EXCEPTION", "End Date must be later than Start Date", fields=["EndDate"]
        )
    if start is not None and date.fromisoformat(start) > today:
        return "Inactive"
    if end is not None and date.fromisoformat(end) < today:
        return "Expired"
    return "Active"
