import sqlite3
from pathlib import Path

from sandbox.common.db import connect
from sandbox.crm import store
from sandbox.crm.schema import ACCOUNT


def test_seed_writes_every_record(db_path: Path, universe):
    conn = connect(db_path)
    counts = {
        t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
        for t in ("sf_account", "sf_contract", "sf_opportunity", "sf_entitlement")
    }
    assert counts["sf_account"] == len(universe.customers)
    assert counts["sf_contract"] == sum(len(c.contracts) for c in universe.customers)
    assert counts["sf_opportunity"] == sum(len(c.opportunities) for c in universe.customers)
    assert counts["sf_entitlement"] == sum(len(c.entitlements) for c in universe.customers)


def test_seed_maps_customer_fields(db_path: Path, universe):
    conn = connect(db_path)
    customer = universe.customers[0]
    row = store.raw_row(conn, ACCOUNT, customer.account_id)
    assert row is not None
    assert row["Name"] == customer.name
    assert row["Support_Tier__c"] == customer.tier.capitalize()
    assert row["ERP_Customer_Id__c"] == str(customer.erp_id)
    assert row["Billing_Customer_Id__c"] == customer.billing_id
    assert row["Support_Org_Id__c"] == str(customer.support_org_id)
    opportunity = customer.opportunities[0]
    amount = conn.execute("SELECT Amount FROM sf_opportunity WHERE Id = ?", (opportunity.id,)).fetchone()[0]
    assert amount == opportunity.amount / 100


def test_seed_is_idempotent(db_path: Path, universe):
    conn = connect(db_path)
    store.seed(conn, universe)
    assert conn.execute("SELECT COUNT(*) FROM sf_account").fetchone()[0] == len(universe.customers)


def test_as_of_is_the_universe_date(db_path: Path, universe):
    assert store.as_of(connect(db_path)) == universe.as_of


def test_schema_has_the_lookup_indexes(db_path: Path):
    conn: sqlite3.Connection = connect(db_path)
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert {"ix_sf_contract_AccountId", "ix_sf_account_ParentId", "ix_sf_entitlement_AccountId"} <= names
