"""Running a SuiteQL query: parse, compile, execute one page, and write rows the way NetSuite does."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sandbox.erp.errors import NetSuiteError, invalid_query
from sandbox.erp.suiteql.compiler import Compiled, CompileError, OutputColumn, UnknownTable, compile_query
from sandbox.erp.suiteql.parser import ParseError, parse
from sandbox.erp.values import suiteql_date, suiteql_money


@dataclass(frozen=True)
class Page:
    """One page of rows (values as strings, nulls left out) and the total number of rows."""

    items: list[dict[str, Any]]
    total: int


def register(conn: sqlite3.Connection) -> None:
    """Add the SQL functions compiled queries call (LIKE with Oracle's case-sensitive semantics)."""
    conn.create_function("ns_like", 2, _like, deterministic=True)


def compile_text(text: str) -> Compiled:
    """Parse and compile a query, mapping every refusal to NetSuite's 400."""
    try:
        return compile_query(parse(text))
    except UnknownTable as exc:
        raise invalid_query(f"Invalid search type: {exc}.") from exc
    except CompileError as exc:
        raise invalid_query(str(exc)) from exc
    except ParseError as exc:
        raise invalid_query(f"Search error occurred: {exc}") from exc


def run(conn: sqlite3.Connection, text: str, *, limit: int, offset: int) -> Page:
    """Run a query and return the page at `offset`."""
    compiled = compile_text(text)
    try:
        total = conn.execute(compiled.count_sql, compiled.params).fetchone()[0]
        rows = conn.execute(compiled.page_sql, (*compiled.params, limit, offset)).fetchall()
    except sqlite3.Error as exc:  # pragma: no cover - the compiler only emits valid SQL
        raise NetSuiteError(500) from exc
    return Page([_item(row, compiled.columns) for row in rows], int(total))


def _item(row: sqlite3.Row, columns: tuple[OutputColumn, ...]) -> dict[str, Any]:
    item: dict[str, Any] = {"links": []}
    for value, column in zip(row, columns, strict=True):
        if value is not None:
            item[column.key] = _text(value, column)
    return item


def _text(value: Any, column: OutputColumn) -> str:
    if column.kind == "money":
        return suiteql_money(int(value))
    if column.kind in ("date", "datetime"):
        return suiteql_date(str(value))
    return str(value)


def _like(value: object, pattern: object) -> bool | None:
    if value is None or pattern is None:
        return None
    return _pattern(str(pattern)).fullmatch(str(value)) is not None


@lru_cache(maxsize=256)
def _pattern(pattern: str) -> re.Pattern[str]:
    parts = [".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in pattern]
    return re.compile("".join(parts), re.DOTALL)
