"""The ERP sandbox's tables: customers and their AR transactions (invoices and credit memos)."""

from __future__ import annotations

import sqlite3

# Money columns hold minor units; dates ISO text (so text order is time order).
_DDL = """
DROP TABLE IF EXISTS erp_transaction;
DROP TABLE IF EXISTS erp_customer;
CREATE TABLE erp_customer (
    id INTEGER PRIMARY KEY,
    entityid TEXT NOT NULL,
    companyname TEXT NOT NULL,
    externalid TEXT,
    email TEXT,
    subsidiary_id INTEGER NOT NULL,
    subsidiary_name TEXT NOT NULL,
    currency_id INTEGER NOT NULL,
    terms_id INTEGER,
    creditlimit INTEGER,
    creditholdoverride TEXT NOT NULL,
    balance INTEGER NOT NULL,
    overduebalance INTEGER NOT NULL,
    daysoverdue INTEGER NOT NULL,
    unbilledorders INTEGER NOT NULL,
    depositbalance INTEGER NOT NULL,
    aging INTEGER NOT NULL,
    aging1 INTEGER NOT NULL,
    aging2 INTEGER NOT NULL,
    aging3 INTEGER NOT NULL,
    aging4 INTEGER NOT NULL,
    datecreated TEXT NOT NULL,
    lastmodifieddate TEXT NOT NULL
);
CREATE INDEX erp_customer_externalid ON erp_customer (externalid);
CREATE INDEX erp_customer_entityid ON erp_customer (entityid);
CREATE TABLE erp_transaction (
    id INTEGER PRIMARY KEY,
    type TEXT NOT NULL,
    tranid TEXT NOT NULL,
    entity INTEGER NOT NULL REFERENCES erp_customer (id),
    trandate TEXT NOT NULL,
    duedate TEXT,
    total INTEGER NOT NULL,
    amountunpaid INTEGER NOT NULL,
    status TEXT NOT NULL,
    currency_id INTEGER NOT NULL,
    externalid TEXT,
    memo TEXT,
    createdfrom INTEGER,
    createddate TEXT NOT NULL,
    lastmodifieddate TEXT NOT NULL
);
CREATE INDEX erp_transaction_entity ON erp_transaction (entity);
CREATE INDEX erp_transaction_externalid ON erp_transaction (externalid);
CREATE INDEX erp_transaction_type ON erp_transaction (type);
"""

CUSTOMER_COLUMNS = (
    "id, entityid, companyname, externalid, email, subsidiary_id, subsidiary_name, currency_id, terms_id, "
    "creditlimit, creditholdoverride, balance, overduebalance, daysoverdue, unbilledorders, depositbalance, "
    "aging, aging1, aging2, aging3, aging4, datecreated, lastmodifieddate"
)
TRANSACTION_COLUMNS = (
    "id, type, tranid, entity, trandate, duedate, total, amountunpaid, status, currency_id, externalid, "
    "memo, createdfrom, createddate, lastmodifieddate"
)


def create(conn: sqlite3.Connection) -> None:
    """Drop and recreate the ERP tables (outside any open transaction: executescript commits)."""
    conn.executescript(_DDL)


def ensure(conn: sqlite3.Connection) -> None:
    """Create the tables if the database has never been seeded (a seeded database is left as it is)."""
    found = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'erp_customer'"
    ).fetchone()
    if found is None:
        create(conn)
