"""The ERP sandbox's storage: seeding from the universe, record reads and customer updates."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Mapping
from typing import Any

from sandbox.common.db import transaction
from sandbox.erp import schema
from sandbox.erp.ledger import Transaction, transactions
from sandbox.erp.reference import CURRENCY_IDS, TERMS_IDS
from sandbox.erp.values import record_datetime
from sandbox.seed.model import Customer, Universe

# Columns a customer PATCH may write (record field name -> column).
WRITABLE_COLUMNS: dict[str, str] = {
    "companyName": "companyname",
    "email": "email",
    "creditLimit": "creditlimit",
    "creditHoldOverride": "creditholdoverride",
    "terms": "terms_id",
    "externalId": "externalid",
    "entityId": "entityid",
}


def seed(conn: sqlite3.Connection, universe: Universe) -> None:
    """Recreate the ERP tables and write every customer's ERP share in one transaction."""
    schema.create(conn)
    customers = universe.customers
    with transaction(conn):
        conn.executemany(
            f"INSERT INTO erp_customer ({schema.CUSTOMER_COLUMNS}) VALUES ({_marks(23)})",
            (_customer_row(c) for c in customers),
        )
        conn.executemany(
            f"INSERT INTO erp_transaction ({schema.TRANSACTION_COLUMNS}) VALUES ({_marks(15)})",
            _transaction_rows(customers, universe),
        )


def _marks(count: int) -> str:
    return ", ".join("?" * count)


def _customer_row(c: Customer) -> tuple[Any, ...]:
    created = record_datetime(c.created)
    aging = c.erp_aging
    return (
        c.erp_id,
        c.entity_id,
        c.legal_name,
        c.account_id,
        c.email,
        c.subsidiary_id,
        c.subsidiary_name,
        CURRENCY_IDS[c.currency],
        TERMS_IDS.get(c.terms),
        c.credit_limit,
        c.credit_hold,
        c.erp_balance,
        c.erp_overdue_balance,
        c.erp_days_overdue,
        0,
        0,
        aging.current,
        aging.days_1_30,
        aging.days_31_60,
        aging.days_61_90,
        aging.over_90,
        created,
        created,
    )


def _transaction_rows(customers: list[Customer], universe: Universe) -> Iterator[tuple[Any, ...]]:
    for customer in customers:
        currency_id = CURRENCY_IDS[customer.currency]
        for t in transactions(customer, universe.as_of):
            yield _transaction_row(t, currency_id)


def _transaction_row(t: Transaction, currency_id: int) -> tuple[Any, ...]:
    return (
        t.id,
        t.type,
        t.tranid,
        t.entity,
        t.trandate,
        t.duedate,
        t.total,
        t.amountunpaid,
        t.status,
        currency_id,
        t.externalid,
        t.memo,
        t.createdfrom,
        t.created,
        t.created,
    )


def get_customer(
    conn: sqlite3.Connection, *, internal_id: int | None = None, external_id: str | None = None
) -> sqlite3.Row | None:
    """One customer row by internal id or by external id."""
    if internal_id is not None:
        row = conn.execute("SELECT * FROM erp_customer WHERE id = ?", (internal_id,)).fetchone()
    else:
        row = conn.execute("SELECT * FROM erp_customer WHERE externalid = ?", (external_id,)).fetchone()
    return row  # type: ignore[no-any-return]


def get_transaction(
    conn: sqlite3.Connection, kind: str, *, internal_id: int | None = None, external_id: str | None = None
) -> sqlite3.Row | None:
    """One transaction of the given type, with its customer's name and its source's tranid."""
    where = "t.id = ?" if internal_id is not None else "t.externalid = ?"
    row = conn.execute(
        "SELECT t.*, c.companyname AS entity_name, s.tranid AS createdfrom_tranid "
        "FROM erp_transaction t JOIN erp_customer c ON c.id = t.entity "
        "LEFT JOIN erp_transaction s ON s.id = t.createdfrom "
        f"WHERE {where} AND t.type = ?",
        (internal_id if internal_id is not None else external_id, kind),
    ).fetchone()
    return row  # type: ignore[no-any-return]


def list_ids(conn: sqlite3.Connection, kind: str | None, *, limit: int, offset: int) -> tuple[list[int], int]:
    """A page of internal ids in id order, and how many there are in all."""
    if kind is None:
        total = conn.execute("SELECT COUNT(*) FROM erp_customer").fetchone()[0]
        rows = conn.execute("SELECT id FROM erp_customer ORDER BY id LIMIT ? OFFSET ?", (limit, offset))
    else:
        total = conn.execute("SELECT COUNT(*) FROM erp_transaction WHERE type = ?", (kind,)).fetchone()[0]
        rows = conn.execute(
            "SELECT id FROM erp_transaction WHERE type = ? ORDER BY id LIMIT ? OFFSET ?",
            (kind, limit, offset),
        )
    return [r[0] for r in rows], int(total)


def update_customer(
    conn: sqlite3.Connection, customer_id: int, changes: Mapping[str, Any], modified: str
) -> bool:
    """Write validated field changes (record field name -> stored value); False if no such customer."""
    assignments = [f"{WRITABLE_COLUMNS[name]} = ?" for name in changes]
    params = [*changes.values(), modified, customer_id]
    with transaction(conn):
        cursor = conn.execute(
            f"UPDATE erp_customer SET {', '.join([*assignments, 'lastmodifieddate = ?'])} WHERE id = ?",
            params,
        )
    return cursor.rowcount == 1
