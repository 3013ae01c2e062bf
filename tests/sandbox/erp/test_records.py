from __future__ import annotations

import json
import sqlite3

from sandbox.common.db import connect
from sandbox.erp import records, store


def _row(conn: sqlite3.Connection, internal_id: int) -> sqlite3.Row:
    row = store.get_customer(conn, internal_id=internal_id)
    assert row is not None
    return row


def test_customer_document_shape(db_path, universe):
    customer = universe.customers[1]
    doc = records.customer(_row(connect(db_path), customer.erp_id), "http://erp.test")
    assert next(iter(doc)) == "links"
    assert doc["links"] == [
        {"rel": "self", "href": f"http://erp.test/services/rest/record/v1/customer/{customer.erp_id}"}
    ]
    assert doc["id"] == str(customer.erp_id)
    assert doc["entityId"] == customer.entity_id
    assert doc["companyName"] == customer.legal_name
    assert doc["externalId"] == customer.account_id
    assert doc["email"] == customer.email
    assert doc["currency"]["refName"] == customer.currency
    assert doc["terms"]["refName"] == customer.terms
    assert doc["subsidiary"] == {
        "links": [
            {
                "rel": "self",
                "href": f"http://erp.test/services/rest/record/v1/subsidiary/{customer.subsidiary_id}",
            }
        ],
        "id": str(customer.subsidiary_id),
        "refName": customer.subsidiary_name,
    }
    hold = {"AUTO": "Auto", "ON": "On", "OFF": "Off"}[customer.credit_hold]
    assert doc["creditHoldOverride"] == {"id": customer.credit_hold, "refName": hold}
    assert doc["creditLimit"] * 100 == customer.credit_limit
    assert round(doc["balance"] * 100) == customer.erp_balance
    assert round(doc["overdueBalance"] * 100) == customer.erp_overdue_balance
    assert doc["daysOverdue"] == customer.erp_days_overdue
    aging = customer.erp_aging
    expected = [aging.current, aging.days_1_30, aging.days_31_60, aging.days_61_90, aging.over_90]
    assert [round(doc[k] * 100) for k in ("aging", "aging1", "aging2", "aging3", "aging4")] == expected
    assert doc["dateCreated"].endswith("Z")


def test_money_in_documents_has_at_most_two_decimals(db_path):
    conn = connect(db_path)
    for (ident,) in conn.execute("SELECT id FROM erp_customer"):
        text = json.dumps(records.customer(_row(conn, ident), "http://x"))
        for key in ("balance", "overdueBalance", "aging1"):
            value = text.split(f'"{key}": ')[1].split(",")[0]
            assert len(value.partition(".")[2]) <= 2, value


def test_empty_fields_are_left_out(db_path, universe):
    conn = connect(db_path)
    customer = universe.customers[2]
    store.update_customer(conn, customer.erp_id, {"email": None, "terms": None, "creditLimit": None}, "x")
    doc = records.customer(_row(conn, customer.erp_id), "http://x")
    assert "email" not in doc and "terms" not in doc and "creditLimit" not in doc


def test_select_fields_keeps_links_and_id():
    doc = {"links": [], "id": "1", "a": 1, "b": 2}
    assert records.select_fields(doc, ["b"]) == {"links": [], "id": "1", "b": 2}
