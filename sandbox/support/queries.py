"""Read queries over the support database."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from sandbox.support.paging import CursorPage, OffsetPage, Sort, cursor_query
from sandbox.support.search_query import SearchPlan

TICKET_SELECT = "SELECT * FROM tickets"


def organization(conn: sqlite3.Connection, org_id: int) -> sqlite3.Row | None:
    """One organization by id."""
    row: sqlite3.Row | None = conn.execute("SELECT * FROM organizations WHERE id = ?", (org_id,)).fetchone()
    return row


def organizations_by_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> list[sqlite3.Row]:
    """Organizations with these ids, in the order asked; unknown ids are left out."""
    return _in_order(conn, "SELECT * FROM organizations", "id", ids)


def organizations_by_external_ids(conn: sqlite3.Connection, external_ids: Sequence[str]) -> list[sqlite3.Row]:
    """Organizations with these external ids (case-insensitive), in the order asked."""
    keys = [e.lower() for e in external_ids]
    return _in_order(conn, "SELECT * FROM organizations", "external_id_key", keys)


def ticket(conn: sqlite3.Connection, ticket_id: int) -> sqlite3.Row | None:
    """One ticket by id."""
    row: sqlite3.Row | None = conn.execute(f"{TICKET_SELECT} WHERE id = ?", (ticket_id,)).fetchone()
    return row


def tickets_by_ids(conn: sqlite3.Connection, ids: Sequence[int]) -> list[sqlite3.Row]:
    """Tickets with these ids, in the order asked; unknown ids are left out."""
    return _in_order(conn, TICKET_SELECT, "id", ids)


def organization_tickets_cursor(
    conn: sqlite3.Connection, org_id: int, sort: Sort, page: CursorPage
) -> tuple[list[sqlite3.Row], bool]:
    """One cursor page of an organization's tickets and whether more lie beyond it."""
    return cursor_query(
        conn, select=TICKET_SELECT, where="organization_id = ?", params=[org_id], sort=sort, page=page
    )


def organization_tickets_offset(
    conn: sqlite3.Connection, org_id: int, sort: Sort, page: OffsetPage
) -> tuple[list[sqlite3.Row], int]:
    """One offset page of an organization's tickets and the total count."""
    direction = "DESC" if sort.descending else "ASC"
    rows = conn.execute(
        f"{TICKET_SELECT} WHERE organization_id = ? ORDER BY {sort.column} {direction}, id {direction}"
        " LIMIT ? OFFSET ?",
        (org_id, page.per_page, page.offset),
    ).fetchall()
    total = conn.execute("SELECT count(*) FROM tickets WHERE organization_id = ?", (org_id,)).fetchone()[0]
    return rows, int(total)


def search_tickets(
    conn: sqlite3.Connection, search: SearchPlan, *, order_by: str, descending: bool, limit: int, offset: int
) -> tuple[list[sqlite3.Row], int]:
    """One page of tickets matching a compiled search, and the total number of matches."""
    direction = "DESC" if descending else "ASC"
    rows = conn.execute(
        f"{TICKET_SELECT} WHERE {search.where}"
        f" ORDER BY {order_by} {direction}, id {direction} LIMIT ? OFFSET ?",
        [*search.params, limit, offset],
    ).fetchall()
    total = conn.execute(f"SELECT count(*) FROM tickets WHERE {search.where}", search.params).fetchone()[0]
    return rows, int(total)


def comments(conn: sqlite3.Connection, ticket_id: int) -> list[sqlite3.Row]:
    """A ticket's comments, oldest first."""
    return conn.execute(
        "SELECT * FROM ticket_comments WHERE ticket_id = ? ORDER BY id", (ticket_id,)
    ).fetchall()


def sla_policies(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """Every SLA policy, in position order."""
    return conn.execute("SELECT * FROM sla_policies ORDER BY position, id").fetchall()


def sla_policy(conn: sqlite3.Connection, policy_id: int) -> sqlite3.Row | None:
    """One SLA policy by id."""
    row: sqlite3.Row | None = conn.execute("SELECT * FROM sla_policies WHERE id = ?", (policy_id,)).fetchone()
    return row


def _in_order(
    conn: sqlite3.Connection, select: str, column: str, keys: Sequence[object]
) -> list[sqlite3.Row]:
    """The rows of `select` whose `column` is one of `keys`, each once, in the order asked."""
    marks = ",".join("?" * len(keys))
    rows = conn.execute(f"{select} WHERE {column} IN ({marks})", list(keys)).fetchall()
    by_key = {row[column]: row for row in rows}
    return [by_key[k] for k in dict.fromkeys(keys) if k in by_key]
