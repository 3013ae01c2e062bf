"""The CRM's SQLite storage: schema, seeding from the universe, and the reads and writes the routes need."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sandbox.common.db import transaction
from sandbox.crm.schema import ACCOUNT, CONTRACT, ENTITLEMENT, OBJECTS, OPPORTUNITY, Field, SObject
from sandbox.crm.soql.compiler import ChildQuery, Compiled
from sandbox.crm.values import format_datetime, to_json
from sandbox.seed.billing import at_noon
from sandbox.seed.model import Customer, Universe

_SQL_TYPES = {
    "id": "TEXT", "reference": "TEXT", "string": "TEXT", "picklist": "TEXT", "date": "TEXT",
    "datetime": "TEXT", "int": "INTEGER", "double": "REAL", "boolean": "INTEGER",
}  # fmt: skip
_INDEXED = {"Account": ("ParentId",), "Contract": ("AccountId",), "Opportunity": ("AccountId", "ContractId")}
_TIER = {"enterprise": "Enterprise", "business": "Business", "standard": "Standard"}


def create_schema(conn: sqlite3.Connection) -> None:
    """Drop and recreate the CRM tables and indexes."""
    for obj in OBJECTS.values():
        conn.execute(f'DROP TABLE IF EXISTS "{obj.table}"')
        columns = ", ".join(
            f'"{f.column}" {_SQL_TYPES[f.type]}' + (" PRIMARY KEY" if f.name == "Id" else "")
            for f in obj.fields
        )
        conn.execute(f'CREATE TABLE "{obj.table}" ({columns})')
        for column in _INDEXED.get(obj.name, ("AccountId",)):
            conn.execute(f'CREATE INDEX "ix_{obj.table}_{column}" ON "{obj.table}" ("{column}")')
    conn.execute("DROP TABLE IF EXISTS sf_meta")
    conn.execute("CREATE TABLE sf_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")


def seed(conn: sqlite3.Connection, universe: Universe) -> None:
    """Create the schema and write the universe's accounts, contracts, opportunities and entitlements."""
    with transaction(conn):
        create_schema(conn)
        conn.execute("INSERT INTO sf_meta VALUES ('as_of', ?)", (universe.as_of.isoformat(),))
        rows: dict[str, list[tuple[Any, ...]]] = {name: [] for name in OBJECTS}
        for customer in universe.customers:
            for obj, values in _customer_rows(customer):
                rows[obj.name.lower()].append(tuple(values[f.name] for f in obj.fields))
        for key, obj in OBJECTS.items():
            insert_rows(conn, obj, rows[key])


def insert_rows(conn: sqlite3.Connection, obj: SObject, rows: Iterable[Sequence[Any]]) -> None:
    """Insert rows given as tuples in the object's field order (seeding and tests)."""
    marks = ", ".join("?" * len(obj.fields))
    conn.executemany(f'INSERT INTO "{obj.table}" VALUES ({marks})', rows)


def _customer_rows(c: Customer) -> Iterable[tuple[SObject, dict[str, Any]]]:
    created = c.created
    yield (
        ACCOUNT,
        {
            "Id": c.account_id, "Name": c.name, "Industry": c.industry, "Type": c.account_type,
            "Segment__c": c.segment, "Support_Tier__c": _TIER[c.tier], "ParentId": c.parent_account_id,
            "OwnerId": c.owner_id, "Website": c.website, "CreatedDate": format_datetime(created),
            "LastModifiedDate": format_datetime(created), "ERP_Customer_Id__c": str(c.erp_id),
            "Billing_Customer_Id__c": c.billing_id, "Support_Org_Id__c": str(c.support_org_id),
        },
    )  # fmt: skip
    for k in c.contracts:
        k_created = max(created, at_noon(k.start_date) - timedelta(days=21))
        modified = max(k_created, k.activated_date) if k.activated_date else k_created
        yield (
            CONTRACT,
            {
                "Id": k.id, "AccountId": c.account_id, "ContractNumber": k.number, "Status": k.status,
                "StartDate": k.start_date.isoformat(), "EndDate": k.end_date.isoformat(),
                "ContractTerm": k.term_months,
                "ActivatedDate": format_datetime(k.activated_date) if k.activated_date else None,
                "CreatedDate": format_datetime(k_created), "LastModifiedDate": format_datetime(modified),
            },
        )  # fmt: skip
    for o in c.opportunities:
        o_created = format_datetime(max(created, at_noon(o.close_date) - timedelta(days=60)))
        yield (
            OPPORTUNITY,
            {
                "Id": o.id, "AccountId": c.account_id, "Name": o.name, "StageName": o.stage_name,
                "CloseDate": o.close_date.isoformat(), "Amount": o.amount / 100, "IsClosed": int(o.is_closed),
                "IsWon": int(o.is_won), "ContractId": o.contract_id, "CreatedDate": o_created,
                "LastModifiedDate": o_created,
            },
        )  # fmt: skip
    for e in c.entitlements:
        e_created = format_datetime(max(created, at_noon(e.start_date)))
        yield (
            ENTITLEMENT,
            {
                "Id": e.id, "AccountId": c.account_id, "Name": e.name, "Type": e.type,
                "StartDate": e.start_date.isoformat(), "EndDate": e.end_date.isoformat(), "Status": e.status,
                "IsPerIncident": int(e.is_per_incident), "CasesPerEntitlement": e.cases_per_entitlement,
                "RemainingCases": e.remaining_cases, "SlaProcessId": e.sla_process_id,
                "CreatedDate": e_created, "LastModifiedDate": e_created,
            },
        )  # fmt: skip


def as_of(conn: sqlite3.Connection) -> date:
    """The universe's 'today', which computed statuses are relative to."""
    row = conn.execute("SELECT value FROM sf_meta WHERE key = 'as_of'").fetchone()
    return date.fromisoformat(row[0]) if row else datetime.now(UTC).date()


def run_query(conn: sqlite3.Connection, compiled: Compiled) -> list[dict[str, Any]] | int:
    """Rows for a compiled SOQL query (`{Id, field: json value}`), or the count for `COUNT()`.

    Each subquery adds its relationship's name to every row: the parent's child rows (the same shape, in the
    subquery's order, at most its LIMIT), an empty list when it has none.
    """
    if compiled.count_only:
        return int(conn.execute(compiled.sql, compiled.params).fetchone()[0])
    rows = conn.execute(compiled.sql, compiled.params).fetchall()
    records = [_record(row, compiled.fields) for row in rows]
    for child in compiled.children:
        by_parent = _child_rows(conn, child, [record["Id"] for record in records])
        for record in records:
            record[child.relationship] = by_parent.get(record["Id"], [])
    return records


def _child_rows(
    conn: sqlite3.Connection, child: ChildQuery, parent_ids: Sequence[str]
) -> dict[str, list[dict[str, Any]]]:
    """A subquery's rows by parent id; one statement per 500 parents, each parent's rows in one of them."""
    found: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(parent_ids), 500):
        chunk = parent_ids[start : start + 500]
        for row in conn.execute(child.sql(len(chunk)), (*child.params, *chunk)):
            rows = found.setdefault(row[0], [])
            if child.limit is None or len(rows) < child.limit:
                rows.append(_record(tuple(row)[1:], child.fields))
    return found


def _record(row: Sequence[Any], fields: Sequence[Field]) -> dict[str, Any]:
    record: dict[str, Any] = {"Id": row[0]}
    for index, field in enumerate(fields, start=1):
        record[field.name] = to_json(field, row[index])
    return record


def fetch(
    conn: sqlite3.Connection, obj: SObject, ids: Sequence[str], fields: Sequence[Field]
) -> dict[str, dict[str, Any]]:
    """Records by id (canonical 18-character ids), with the given fields; missing ids are absent."""
    found: dict[str, dict[str, Any]] = {}
    columns = ", ".join(['"Id"', *(f'"{f.column}"' for f in fields)])
    unique = list(dict.fromkeys(ids))
    # SQLite caps bound parameters; 500 a statement stays well under every build's limit.
    for start in range(0, len(unique), 500):
        chunk = unique[start : start + 500]
        sql = f'SELECT {columns} FROM "{obj.table}" WHERE "Id" IN ({", ".join("?" * len(chunk))})'
        for row in conn.execute(sql, chunk):
            found[row[0]] = _record(row, fields)
    return found


def exists(conn: sqlite3.Connection, obj: SObject, record_id: str) -> bool:
    """Whether a record of this object has this (canonical) id."""
    return conn.execute(f'SELECT 1 FROM "{obj.table}" WHERE "Id" = ?', (record_id,)).fetchone() is not None


def raw_row(conn: sqlite3.Connection, obj: SObject, record_id: str) -> dict[str, Any] | None:
    """A record's stored values by field name, or None."""
    row = conn.execute(f'SELECT * FROM "{obj.table}" WHERE "Id" = ?', (record_id,)).fetchone()
    return dict(row) if row is not None else None


def write_row(conn: sqlite3.Connection, obj: SObject, record_id: str, values: dict[str, Any]) -> None:
    """Set stored values (by field name) on one record."""
    assignments = ", ".join(f'"{obj.field(name).column}" = ?' for name in values)  # type: ignore[union-attr]
    conn.execute(f'UPDATE "{obj.table}" SET {assignments} WHERE "Id" = ?', (*values.values(), record_id))
