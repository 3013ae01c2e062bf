"""Reading objects: one by id, or one page of a newest-first list with Stripe's cursor paging."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from sandbox.billing import render
from sandbox.billing.catalog import Catalog
from sandbox.billing.errors import StripeError, resource_missing
from sandbox.billing.params import Params


@dataclass(frozen=True)
class Kind:
    """One stored object type: its Stripe name, table and the SELECT that reads it (aliased `t`)."""

    name: str
    table: str
    select: str


CUSTOMER = Kind("customer", "customers", "SELECT t.* FROM customers t")
SUBSCRIPTION = Kind("subscription", "subscriptions", "SELECT t.* FROM subscriptions t")
INVOICE = Kind(
    "invoice",
    "invoices",
    "SELECT t.*, c.email AS customer_email, c.name AS customer_name FROM invoices t"
    " JOIN customers c ON c.id = t.customer",
)
CREDIT_NOTE = Kind("credit_note", "credit_notes", "SELECT t.* FROM credit_notes t")
BALANCE_TRANSACTION = Kind(
    "customer_balance_transaction", "balance_transactions", "SELECT t.* FROM balance_transactions t"
)
PRICE = Kind("price", "prices", "SELECT t.* FROM prices t")
PRODUCT = Kind("product", "products", "SELECT t.* FROM products t")

KINDS = {
    kind.name: kind
    for kind in (CUSTOMER, SUBSCRIPTION, INVOICE, CREDIT_NOTE, BALANCE_TRANSACTION, PRICE, PRODUCT)
}

# How Stripe names each type in "No such ...: 'id'".
NOUNS = {"customer_balance_transaction": "customer balance transaction", "credit_note": "credit note"}


@dataclass(frozen=True)
class Paging:
    """`limit` (1..100, default 10) and at most one of `starting_after` / `ending_before`."""

    limit: int = 10
    starting_after: str | None = None
    ending_before: str | None = None


PAGING_PARAMS = ("limit", "starting_after", "ending_before", "expand")


def read_paging(params: Params) -> Paging:
    """The paging parameters of a list request, validated."""
    limit = params.integer("limit")
    if limit is not None and not 1 <= limit <= 100:
        raise StripeError("Invalid limit: must be between 1 and 100", param="limit")
    after = params.id("starting_after")
    before = params.id("ending_before")
    if after is not None and before is not None:
        raise StripeError("You may only specify one of these parameters: ending_before, starting_after.")
    return Paging(limit if limit is not None else 10, after, before)


def get_row(conn: sqlite3.Connection, kind: Kind, object_id: str) -> sqlite3.Row | None:
    """One stored row by id."""
    row: sqlite3.Row | None = conn.execute(f"{kind.select} WHERE t.id = ?", (object_id,)).fetchone()
    return row


def render_row(kind: Kind, row: sqlite3.Row, catalog: Catalog) -> dict[str, Any]:
    """The Stripe object for a stored row of `kind`."""
    if kind is CUSTOMER:
        return render.customer(row)
    if kind is SUBSCRIPTION:
        return render.subscription(row, catalog)
    if kind is INVOICE:
        return render.invoice(row, catalog)
    if kind is CREDIT_NOTE:
        return render.credit_note(row)
    if kind is BALANCE_TRANSACTION:
        return render.balance_transaction(row)
    if kind is PRICE:
        return catalog.price(row["id"])
    return catalog.product(row["id"])


def fetch(conn: sqlite3.Connection, catalog: Catalog, kind: Kind, object_id: str) -> dict[str, Any] | None:
    """One object by id, rendered, or None."""
    row = get_row(conn, kind, object_id)
    return None if row is None else render_row(kind, row, catalog)


def fetch_or_404(conn: sqlite3.Connection, catalog: Catalog, kind: Kind, object_id: str) -> dict[str, Any]:
    """One object by id from the URL path; a 404 `resource_missing` when it does not exist."""
    found = fetch(conn, catalog, kind, object_id)
    if found is None:
        raise resource_missing(NOUNS.get(kind.name, kind.name), object_id)
    return found


def list_page(
    conn: sqlite3.Connection,
    kind: Kind,
    paging: Paging,
    where: list[tuple[str, Any]],
) -> tuple[list[sqlite3.Row], bool]:
    """One page, newest first; `where` holds (SQL condition on alias t with one `?`, value) pairs."""
    conditions = [condition for condition, _ in where]
    args: list[Any] = [value for _, value in where]
    cursor_id = paging.starting_after or paging.ending_before
    forward = paging.ending_before is None
    if cursor_id is not None:
        cursor = conn.execute(f"SELECT created, seq FROM {kind.table} WHERE id = ?", (cursor_id,)).fetchone()
        if cursor is None:
            param = "starting_after" if forward else "ending_before"
            raise resource_missing(NOUNS.get(kind.name, kind.name), cursor_id, status=400, param=param)
        op = "<" if forward else ">"
        conditions.append(f"(t.created {op} ? OR (t.created = ? AND t.seq {op} ?))")
        args += [cursor["created"], cursor["created"], cursor["seq"]]
    order = "DESC" if forward else "ASC"
    sql = kind.select
    if conditions:
        sql += " WHERE " + " AND ".join(conditions)
    sql += f" ORDER BY t.created {order}, t.seq {order} LIMIT ?"
    rows = conn.execute(sql, [*args, paging.limit + 1]).fetchall()
    has_more = len(rows) > paging.limit
    rows = rows[: paging.limit]
    if not forward:
        rows.reverse()
    return rows, has_more
