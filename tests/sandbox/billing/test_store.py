from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sandbox.billing.store import day_start, seed
from sandbox.common.db import connect
from sandbox.seed.model import Universe
from tests.sandbox.billing.conftest import count


def test_seed_writes_every_billing_record(db: sqlite3.Connection, universe: Universe) -> None:
    customers = universe.customers
    assert count(db, "customers") == len(customers)
    assert count(db, "subscriptions") == sum(len(c.subscriptions) for c in customers)
    assert count(db, "invoices") == sum(len(c.invoices) for c in customers)
    assert count(db, "credit_notes") == sum(len(c.credit_notes) for c in customers)
    assert count(db, "balance_transactions") == sum(len(c.balance_transactions) for c in customers)
    assert count(db, "prices") == len(universe.prices)


def test_seed_maps_the_universe_fields(db: sqlite3.Connection, universe: Universe) -> None:
    customer = universe.customers[0]
    row = db.execute("SELECT * FROM customers WHERE id = ?", (customer.billing_id,)).fetchone()
    assert row["email"] == customer.email and row["name"] == customer.billing_name
    assert row["currency"] == customer.currency.lower() and row["balance"] == customer.billing_balance
    assert json.loads(row["metadata"]) == {"crm_account_id": customer.account_id}
    invoice = customer.invoices[-1]
    inv = db.execute("SELECT * FROM invoices WHERE id = ?", (invoice.id,)).fetchone()
    assert inv["total"] == invoice.total and inv["amount_remaining"] == invoice.amount_remaining
    assert inv["due_date"] == day_start(invoice.due_date)


def test_seed_is_repeatable(tmp_path: Path, universe: Universe) -> None:
    conn = connect(tmp_path / "again.db")
    seed(conn, universe)
    seed(conn, universe)
    assert count(conn, "customers") == len(universe.customers)
