"""The billing database's tables: indexed columns for filters, order and updates; JSON for the rest."""

from __future__ import annotations

import sqlite3

from sandbox.common.db import transaction

TABLES = (
    "idempotency_keys",
    "balance_transactions",
    "credit_notes",
    "invoices",
    "subscriptions",
    "customers",
    "prices",
    "products",
)

# Lists are newest first: ORDER BY created DESC, seq DESC, so `seq` breaks ties in insertion order.
DDL = """
CREATE TABLE products (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, created INTEGER NOT NULL
);
CREATE TABLE prices (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, product TEXT NOT NULL REFERENCES products(id),
    nickname TEXT, unit_amount INTEGER NOT NULL, currency TEXT NOT NULL, interval TEXT NOT NULL,
    created INTEGER NOT NULL
);
CREATE TABLE customers (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, email TEXT, name TEXT, balance INTEGER NOT NULL,
    currency TEXT, created INTEGER NOT NULL, delinquent INTEGER NOT NULL, invoice_prefix TEXT,
    next_invoice_sequence INTEGER NOT NULL, metadata TEXT NOT NULL
);
CREATE INDEX customers_order ON customers (created, seq);
CREATE INDEX customers_email ON customers (email);
CREATE TABLE subscriptions (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, customer TEXT NOT NULL REFERENCES customers(id),
    status TEXT NOT NULL, currency TEXT NOT NULL, created INTEGER NOT NULL, start_date INTEGER NOT NULL,
    current_period_start INTEGER NOT NULL, current_period_end INTEGER NOT NULL,
    cancel_at_period_end INTEGER NOT NULL, canceled_at INTEGER, ended_at INTEGER,
    collection_method TEXT NOT NULL, days_until_due INTEGER, latest_invoice TEXT,
    items TEXT NOT NULL, metadata TEXT NOT NULL
);
CREATE INDEX subscriptions_customer ON subscriptions (customer, created, seq);
CREATE INDEX subscriptions_order ON subscriptions (created, seq);
CREATE TABLE invoices (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, customer TEXT NOT NULL REFERENCES customers(id),
    subscription TEXT, status TEXT NOT NULL, number TEXT, currency TEXT NOT NULL, subtotal INTEGER NOT NULL,
    total INTEGER NOT NULL, amount_due INTEGER NOT NULL, amount_paid INTEGER NOT NULL,
    amount_remaining INTEGER NOT NULL, pre_payment_credit_notes_amount INTEGER NOT NULL,
    post_payment_credit_notes_amount INTEGER NOT NULL, created INTEGER NOT NULL,
    period_start INTEGER NOT NULL, period_end INTEGER NOT NULL, due_date INTEGER,
    collection_method TEXT NOT NULL, billing_reason TEXT NOT NULL, finalized_at INTEGER, paid_at INTEGER,
    voided_at INTEGER, lines TEXT NOT NULL, metadata TEXT NOT NULL
);
CREATE INDEX invoices_customer ON invoices (customer, created, seq);
CREATE INDEX invoices_subscription ON invoices (subscription, created, seq);
CREATE INDEX invoices_order ON invoices (created, seq);
CREATE TABLE credit_notes (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, number TEXT NOT NULL,
    customer TEXT NOT NULL REFERENCES customers(id), invoice TEXT NOT NULL REFERENCES invoices(id),
    type TEXT NOT NULL, status TEXT NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL,
    out_of_band_amount INTEGER, reason TEXT, memo TEXT, created INTEGER NOT NULL,
    customer_balance_transaction TEXT, metadata TEXT NOT NULL
);
CREATE INDEX credit_notes_invoice ON credit_notes (invoice, created, seq);
CREATE INDEX credit_notes_customer ON credit_notes (customer, created, seq);
CREATE INDEX credit_notes_order ON credit_notes (created, seq);
CREATE TABLE balance_transactions (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, customer TEXT NOT NULL REFERENCES customers(id),
    type TEXT NOT NULL, amount INTEGER NOT NULL, currency TEXT NOT NULL, description TEXT,
    ending_balance INTEGER NOT NULL, credit_note TEXT, invoice TEXT, created INTEGER NOT NULL,
    metadata TEXT
);
CREATE INDEX balance_transactions_customer ON balance_transactions (customer, created, seq);
CREATE TABLE idempotency_keys (
    scope TEXT NOT NULL, key TEXT NOT NULL, request TEXT NOT NULL, status INTEGER NOT NULL,
    body TEXT NOT NULL, created INTEGER NOT NULL, PRIMARY KEY (scope, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created);
"""


def create_schema(conn: sqlite3.Connection) -> None:
    """Drop and recreate every billing table (the caller holds the transaction)."""
    for table in TABLES:
        conn.execute(f"DROP TABLE IF EXISTS {table}")
    for statement in DDL.split(";"):
        if statement.strip():
            conn.execute(statement)


def ensure_schema(conn: sqlite3.Connection) -> None:
    """Create the tables if the database has never been seeded (an empty sandbox still answers)."""
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='customers'").fetchone()
    if exists is None:
        with transaction(conn):
            create_schema(conn)
