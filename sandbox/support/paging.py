"""Zendesk paging: cursor (`page[size]`, `page[after]`, `page[before]`) and offset (`page`, `per_page`).

Cursors are opaque to clients: base64url JSON naming the sort they belong to and the last row's sort key.
"""

from __future__ import annotations

import base64
import binascii
import json
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sandbox.support.errors import ZendeskError, bad_request, invalid_pagination

MAX_PAGE_SIZE = 100
# Zendesk refuses offset paging past the first 10,000 records.
MAX_OFFSET_RECORDS = 10_000


@dataclass(frozen=True)
class Sort:
    """An ordering of rows: a whitelisted column, then id as the tiebreaker, both in one direction."""

    name: str
    column: str
    descending: bool

    @property
    def token(self) -> str:
        """The `sort=` spelling, e.g. `-updated_at`."""
        return f"-{self.name}" if self.descending else self.name


@dataclass(frozen=True)
class CursorPage:
    size: int
    after: tuple[Any, int] | None
    before: tuple[Any, int] | None


@dataclass(frozen=True)
class OffsetPage:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        """Rows to skip."""
        return (self.page - 1) * self.per_page


def parse_sort(params: Mapping[str, str], columns: Mapping[str, str], default: Sort) -> Sort:
    """Read `sort=-field` or `sort_by=field&sort_order=asc|desc` against the allowed columns."""
    if "sort" in params and "sort_by" in params:
        raise bad_request("Use either sort or sort_by, not both")
    if "sort" in params:
        raw = params["sort"]
        descending, name = raw.startswith("-"), raw.removeprefix("-")
    elif "sort_by" in params:
        name = params["sort_by"]
        order = params.get("sort_order", "asc")
        if order not in ("asc", "desc"):
            raise bad_request(f"sort_order must be asc or desc, not {order!r}")
        descending = order == "desc"
    else:
        return default
    if name not in columns:
        raise bad_request(f"Cannot sort by {name!r}; allowed: {', '.join(sorted(columns))}")
    return Sort(name, columns[name], descending)


def parse_paging(params: Mapping[str, str], sort: Sort) -> CursorPage | OffsetPage:
    """Cursor paging when any `page[...]` parameter is present, offset paging otherwise."""
    if any(key.startswith("page[") for key in params):
        known = {"page[size]", "page[after]", "page[before]"}
        for key in params:
            if key.startswith("page[") and key not in known:
                raise invalid_pagination(f"{key} is not a valid parameter")
        if "page[after]" in params and "page[before]" in params:
            raise invalid_pagination("page[after] and page[before] cannot be used together")
        size = _positive(params, "page[size]", MAX_PAGE_SIZE, invalid=invalid_pagination)
        if size > MAX_PAGE_SIZE:
            raise invalid_pagination(f"page[size] must be less than or equal to {MAX_PAGE_SIZE}")
        after = decode_cursor(params["page[after]"], sort, "page[after]") if "page[after]" in params else None
        before = (
            decode_cursor(params["page[before]"], sort, "page[before]") if "page[before]" in params else None
        )
        return CursorPage(size, after, before)
    page = _positive(params, "page", 1, invalid=bad_request)
    # Zendesk quietly caps per_page at 100.
    per_page = min(_positive(params, "per_page", MAX_PAGE_SIZE, invalid=bad_request), MAX_PAGE_SIZE)
    if page * per_page > MAX_OFFSET_RECORDS:
        raise invalid_pagination(
            f"Offset pagination is limited to the first {MAX_OFFSET_RECORDS} records; use cursor pagination"
        )
    return OffsetPage(page, per_page)


def encode_cursor(sort: Sort, value: Any, row_id: int) -> str:
    """An opaque cursor pointing at one row in one ordering."""
    raw = json.dumps({"o": sort.token, "v": [value, row_id]}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str, sort: Sort, name: str) -> tuple[Any, int]:
    """Read a cursor back; one that is malformed or from another ordering is refused."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        order, (value, row_id) = data["o"], data["v"]
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise invalid_pagination(f"{name} is not valid") from None
    valid = order == sort.token and _sql_int(row_id) and (isinstance(value, str) or _sql_int(value))
    if not valid:
        raise invalid_pagination(f"{name} is not valid")
    return value, row_id


def cursor_query(
    conn: sqlite3.Connection,
    *,
    select: str,
    where: str,
    params: Sequence[Any],
    sort: Sort,
    page: CursorPage,
) -> tuple[list[sqlite3.Row], bool]:
    """One keyset page in the requested direction, in the sort's order, and whether more lie beyond it."""
    forward = page.before is None
    cursor = page.after if forward else page.before
    descending = sort.descending if forward else not sort.descending
    comparison = "<" if descending else ">"
    direction = "DESC" if descending else "ASC"
    clauses, args = [where], list(params)
    if cursor is not None:
        value, row_id = cursor
        if sort.column == "id":
            clauses.append(f"id {comparison} ?")
            args.append(row_id)
        else:
            clauses.append(f"({sort.column} {comparison} ? OR ({sort.column} = ? AND id {comparison} ?))")
            args.extend([value, value, row_id])
    order = f"{sort.column} {direction}, id {direction}" if sort.column != "id" else f"id {direction}"
    sql = f"{select} WHERE {' AND '.join(clauses)} ORDER BY {order} LIMIT ?"
    rows = conn.execute(sql, [*args, page.size + 1]).fetchall()
    has_more = len(rows) > page.size
    rows = rows[: page.size]
    if not forward:
        rows.reverse()
    return rows, has_more


def _sql_int(value: object) -> bool:
    """An int SQLite can bind (bool is an int in Python, but never a sort key here)."""
    return isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63


def _positive(
    params: Mapping[str, str], name: str, default: int, *, invalid: Callable[[str], ZendeskError]
) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise invalid(f"{name} must be a positive integer")
    return int(raw)
