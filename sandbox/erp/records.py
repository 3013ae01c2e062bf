"""Records as NetSuite's REST API writes them: customer, invoice and creditMemo documents."""

from __future__ import annotations

import sqlite3
from typing import Any

from sandbox.erp.reference import CREDIT_HOLD_NAMES, CURRENCY_NAMES, STATUS_NAMES, TERMS_NAMES, TYPE_NAMES
from sandbox.erp.values import record_money

RECORD_PATH = "/services/rest/record/v1"

CUSTOMER_FIELDS = frozenset(
    {
        "id", "entityId", "companyName", "externalId", "email", "subsidiary", "currency", "terms",
        "creditLimit", "creditHoldOverride", "balance", "overdueBalance", "daysOverdue", "unbilledOrders",
        "depositBalance", "aging", "aging1", "aging2", "aging3", "aging4", "isInactive", "isPerson",
        "dateCreated", "lastModifiedDate",
    }
)  # fmt: skip


def self_link(base: str, *parts: str | int) -> list[dict[str, str]]:
    """The `links` array of a record or reference: one `self` link."""
    path = "/".join(str(p) for p in parts)
    return [{"rel": "self", "href": f"{base}{RECORD_PATH}/{path}"}]


def _ref(base: str, record: str, ident: int, name: str) -> dict[str, Any]:
    return {"links": self_link(base, record, ident), "id": str(ident), "refName": name}


def customer(row: sqlite3.Row, base: str) -> dict[str, Any]:
    """A customer record."""
    doc: dict[str, Any] = {
        "links": self_link(base, "customer", row["id"]),
        "aging": record_money(row["aging"]),
        "aging1": record_money(row["aging1"]),
        "aging2": record_money(row["aging2"]),
        "aging3": record_money(row["aging3"]),
        "aging4": record_money(row["aging4"]),
        "balance": record_money(row["balance"]),
        "companyName": row["companyname"],
        "creditHoldOverride": {
            "id": row["creditholdoverride"],
            "refName": CREDIT_HOLD_NAMES[row["creditholdoverride"]],
        },
        "currency": _ref(base, "currency", row["currency_id"], CURRENCY_NAMES[row["currency_id"]]),
        "dateCreated": row["datecreated"],
        "daysOverdue": row["daysoverdue"],
        "depositBalance": record_money(row["depositbalance"]),
        "entityId": row["entityid"],
        "id": str(row["id"]),
        "isInactive": False,
        "isPerson": False,
        "lastModifiedDate": row["lastmodifieddate"],
        "overdueBalance": record_money(row["overduebalance"]),
        "subsidiary": _ref(base, "subsidiary", row["subsidiary_id"], row["subsidiary_name"]),
        "unbilledOrders": record_money(row["unbilledorders"]),
    }
    # NetSuite leaves empty fields out of the document rather than writing null.
    if row["creditlimit"] is not None:
        doc["creditLimit"] = record_money(row["creditlimit"])
    if row["email"] is not None:
        doc["email"] = row["email"]
    if row["externalid"] is not None:
        doc["externalId"] = row["externalid"]
    if row["terms_id"] is not None:
        doc["terms"] = _ref(base, "term", row["terms_id"], TERMS_NAMES[row["terms_id"]])
    return _ordered(doc)


def transaction(row: sqlite3.Row, base: str, record_type: str) -> dict[str, Any]:
    """An invoice or creditMemo record."""
    status = STATUS_NAMES[(row["type"], row["status"])]
    doc: dict[str, Any] = {
        "links": self_link(base, record_type, row["id"]),
        "createdDate": row["createddate"],
        "currency": _ref(base, "currency", row["currency_id"], CURRENCY_NAMES[row["currency_id"]]),
        "entity": _ref(base, "customer", row["entity"], row["entity_name"]),
        "id": str(row["id"]),
        "lastModifiedDate": row["lastmodifieddate"],
        "status": {"id": status, "refName": status},
        "total": record_money(row["total"]),
        "tranDate": row["trandate"],
        "tranId": row["tranid"],
    }
    if record_type == "invoice":
        doc["amountPaid"] = record_money(row["total"] - row["amountunpaid"])
        doc["amountRemaining"] = record_money(row["amountunpaid"])
        doc["dueDate"] = row["duedate"]
    else:
        doc["applied"] = record_money(row["total"] - row["amountunpaid"])
        doc["unapplied"] = record_money(row["amountunpaid"])
        if row["createdfrom"] is not None:
            name = f"{TYPE_NAMES['CustInvc']} #{row['createdfrom_tranid']}"
            doc["createdFrom"] = _ref(base, "invoice", row["createdfrom"], name)
    if row["externalid"] is not None:
        doc["externalId"] = row["externalid"]
    if row["memo"] is not None:
        doc["memo"] = row["memo"]
    return _ordered(doc)


def _ordered(doc: dict[str, Any]) -> dict[str, Any]:
    # NetSuite writes links first, then the fields in alphabetical order.
    links = doc.pop("links")
    return {"links": links, **dict(sorted(doc.items()))}


def select_fields(doc: dict[str, Any], fields: list[str]) -> dict[str, Any]:
    """The document cut down to `fields=` (links and id always stay)."""
    keep = {"links", "id", *fields}
    return {k: v for k, v in doc.items() if k in keep}
