from __future__ import annotations

from sandbox.common.db import connect
from sandbox.erp import store
from sandbox.erp.ledger import transactions


def test_seed_writes_every_customer_and_transaction_and_can_run_again(db_path, universe):
    conn = connect(db_path)
    expected = sum(len(transactions(c, universe.as_of)) for c in universe.customers)
    for _ in range(2):  # seeding again replaces, never duplicates
        store.seed(conn, universe)
        assert conn.execute("SELECT COUNT(*) FROM erp_customer").fetchone()[0] == len(universe.customers)
        assert conn.execute("SELECT COUNT(*) FROM erp_transaction").fetchone()[0] == expected


def test_customer_row_carries_the_universe_figures(db_path, universe):
    conn = connect(db_path)
    customer = universe.customers[3]
    row = store.get_customer(conn, internal_id=customer.erp_id)
    assert row is not None
    assert row["companyname"] == customer.legal_name
    assert row["externalid"] == customer.account_id
    assert row["balance"] == customer.erp_balance
    assert row["aging2"] == customer.erp_aging.days_31_60
    by_external_id = store.get_customer(conn, external_id=customer.account_id)
    assert by_external_id is not None and by_external_id["id"] == customer.erp_id
    assert store.get_customer(conn, internal_id=1) is None


def test_lookups_use_the_indexes(db_path):
    conn = connect(db_path)
    plan = " ".join(
        r[3] for r in conn.execute("EXPLAIN QUERY PLAN SELECT * FROM erp_transaction WHERE entity IN (1, 2)")
    )
    assert "erp_transaction_entity" in plan
    plan = " ".join(
        r[3] for r in conn.execute("EXPLAIN QUERY PLAN SELECT * FROM erp_customer WHERE externalid = 'x'")
    )
    assert "erp_customer_externalid" in plan


def test_list_ids_pages_in_id_order(db_path, universe):
    conn = connect(db_path)
    ids, total = store.list_ids(conn, None, limit=10, offset=10)
    assert total == len(universe.customers)
    assert ids == sorted(c.erp_id for c in universe.customers)[10:20]
    invoice_ids, invoice_total = store.list_ids(conn, "CustInvc", limit=1000, offset=0)
    assert len(invoice_ids) == invoice_total > 0


def test_update_customer_writes_only_the_given_fields(db_path, universe):
    conn = connect(db_path)
    customer = universe.customers[0]
    assert store.update_customer(conn, customer.erp_id, {"creditHoldOverride": "ON"}, "2027-01-01T00:00:00Z")
    row = store.get_customer(conn, internal_id=customer.erp_id)
    assert row is not None
    assert (row["creditholdoverride"], row["lastmodifieddate"]) == ("ON", "2027-01-01T00:00:00Z")
    assert row["companyname"] == customer.legal_name
    assert not store.update_customer(conn, 1, {"email": None}, "2027-01-01T00:00:00Z")
