from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from sandbox.common.db import connect
from sandbox.erp.errors import NetSuiteError
from sandbox.erp.suiteql.runner import register, run


@pytest.fixture
def conn(db_path):
    connection = connect(db_path)
    register(connection)
    return connection


def _rows(conn: sqlite3.Connection, text: str, limit: int = 1000, offset: int = 0) -> list[dict[str, Any]]:
    return run(conn, text, limit=limit, offset=offset).items


def test_values_are_strings_and_nulls_are_left_out(conn, universe):
    customer = universe.customers[0]
    conn.execute("UPDATE erp_customer SET email = NULL WHERE id = ?", (customer.erp_id,))
    [row] = _rows(
        conn,
        "SELECT id, email, creditlimit, BUILTIN.DF(creditholdoverride) AS hold, creditholdoverride, "
        f"BUILTIN.DF(subsidiary) sub, datecreated FROM customer WHERE id = {customer.erp_id}",
    )
    assert row == {
        "links": [],
        "id": str(customer.erp_id),
        "creditlimit": str(customer.credit_limit // 100),
        "hold": {"AUTO": "Auto", "ON": "On", "OFF": "Off"}[customer.credit_hold],
        "creditholdoverride": customer.credit_hold,
        "sub": customer.subsidiary_name,
        "datecreated": f"{customer.created.month}/{customer.created.day}/{customer.created.year}",
    }


def test_transaction_display_values_and_signs(conn, universe):
    customer = next(c for c in universe.customers if c.credit_notes)
    note = customer.credit_notes[0]
    [memo] = _rows(
        conn,
        "SELECT type, BUILTIN.DF(type) tn, BUILTIN.DF(status) st, foreigntotal, BUILTIN.DF(entity) en, "
        "BUILTIN.DF(createdfrom) src, BUILTIN.DF(currency) cur "
        f"FROM transaction WHERE externalid = '{note.id}'",
    )
    invoice = next(i for i in customer.invoices if i.id == note.invoice_id)
    assert memo["type"] == "CustCred" and memo["tn"] == "Credit Memo"
    assert memo["st"] == "Credit Memo : Fully Applied"
    assert memo["foreigntotal"].startswith("-")
    assert memo["en"] == customer.legal_name
    assert memo["src"] == f"Invoice #{invoice.number}"
    assert memo["cur"] == customer.currency
    statuses = {
        r["s"] for r in _rows(conn, "SELECT BUILTIN.DF(status) s FROM transaction WHERE type = 'CustInvc'")
    }
    assert statuses <= {"Invoice : Open", "Invoice : Paid In Full"}


def test_in_filters_on_indexed_columns(conn, universe):
    wanted = universe.customers[3:6]
    ids = ", ".join(str(c.erp_id) for c in wanted)
    assert [r["id"] for r in _rows(conn, f"SELECT id FROM customer WHERE id IN ({ids})")] == [
        str(c.erp_id) for c in wanted
    ]
    eids = ", ".join(f"'{c.account_id}'" for c in wanted)
    assert len(_rows(conn, f"SELECT id FROM customer WHERE externalid IN ({eids})")) == 3
    entities = {r["entity"] for r in _rows(conn, f"SELECT entity FROM transaction WHERE entity IN ({ids})")}
    assert entities == {str(c.erp_id) for c in wanted if c.invoices}


def test_like_is_case_sensitive_and_quotes_stay_inside_strings(conn, universe):
    name = universe.customers[0].legal_name
    assert _rows(conn, f"SELECT id FROM customer WHERE companyname LIKE '{name[:4]}%'")
    assert not _rows(conn, f"SELECT id FROM customer WHERE companyname LIKE '{name[:4].lower()}%'")
    conn.execute("UPDATE erp_customer SET companyname = ? WHERE id = ?", ("O'Brien & Sons", 1000))
    assert [
        r["id"] for r in _rows(conn, "SELECT id FROM customer WHERE companyname = 'O''Brien & Sons'")
    ] == ["1000"]
    assert _rows(conn, "SELECT id FROM customer WHERE companyname LIKE '%''%'") == [
        {"links": [], "id": "1000"}
    ]
    # The classic injection stays a (non-matching) string value.
    assert _rows(conn, "SELECT id FROM customer WHERE companyname = 'x'' OR ''1''=''1'") == []
    assert len(_rows(conn, "SELECT id FROM customer WHERE companyname <> 'x'' OR 1=1 --'")) == len(
        universe.customers
    )


def test_order_by_with_nulls_last_and_alias(conn):
    conn.execute("UPDATE erp_customer SET email = NULL WHERE id IN (1000, 1001)")
    rows = _rows(conn, "SELECT id, email AS m FROM customer ORDER BY m")
    assert [r["id"] for r in rows[-2:]] == ["1000", "1001"]
    rows = _rows(conn, "SELECT id, email FROM customer ORDER BY email DESC")
    assert [r["id"] for r in rows[:2]] == ["1000", "1001"]
    rows = _rows(conn, "SELECT id FROM customer ORDER BY id DESC", limit=3)
    assert [int(r["id"]) for r in rows] == sorted((int(r["id"]) for r in rows), reverse=True)


def test_paging_totals(conn, universe):
    page = run(conn, "SELECT id FROM customer", limit=10, offset=30)
    assert page.total == len(universe.customers)
    assert len(page.items) == len(universe.customers) - 30


def test_money_filters(conn, universe):
    over = [c for c in universe.customers if c.erp_balance > 100_00]
    rows = _rows(conn, "SELECT id, balancesearch FROM customer WHERE balancesearch > 100")
    assert {r["id"] for r in rows} == {str(c.erp_id) for c in over}


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("SELECT id FROM account", "Invalid search type: account."),
        ("SELECT nope FROM customer", "Unknown identifier 'nope'"),
        ("SELECT id FROM customer WHERE", "Search error occurred: Syntax error"),
    ],
)
def test_refusals_become_invalid_parameter(conn, text, fragment):
    with pytest.raises(NetSuiteError) as caught:
        run(conn, text, limit=10, offset=0)
    [detail] = caught.value.details
    assert detail.code == "INVALID_PARAMETER" and detail.query_param == "q"
    assert detail.detail.startswith("Invalid search query. Detailed unprocessed description follows. ")
    assert fragment in detail.detail
