"""SuiteQL syntax to SQLite: names checked against the catalog, literals bound, never spliced."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sandbox.erp.suiteql.catalog import TABLES, ColumnSpec, Table, ValueKind
from sandbox.erp.suiteql.parser import literal_number
from sandbox.erp.suiteql.syntax import (
    BoolOp,
    Column,
    Comparison,
    Condition,
    Display,
    InList,
    IsNull,
    Like,
    Literal,
    Not,
    Operand,
    Query,
)


class CompileError(ValueError):
    """The query names something that does not exist or mixes types SuiteQL would refuse."""


class UnknownTable(CompileError):
    """The FROM names a table the sandbox does not have."""


@dataclass(frozen=True)
class OutputColumn:
    """One result column: its key in the answer and how to write its values."""

    key: str
    kind: ValueKind


@dataclass(frozen=True)
class Compiled:
    """SQL for one page (takes `params` then limit and offset) and for the total count (takes `params`)."""

    page_sql: str
    count_sql: str
    params: tuple[Any, ...]
    columns: tuple[OutputColumn, ...]


_NUMERIC: frozenset[str] = frozenset({"int", "money"})
_DATES: frozenset[str] = frozenset({"date", "datetime"})
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def compile_query(query: Query) -> Compiled:
    """Compile a parsed query."""
    table = TABLES.get(query.table)
    if table is None:
        raise UnknownTable(query.table)
    return _Compiler(query, table).compile()


class _Compiler:
    def __init__(self, query: Query, table: Table) -> None:
        self._query = query
        self._table = table
        self._params: list[Any] = []

    def compile(self) -> Compiled:
        query = self._query
        selects: list[str] = []
        outputs: list[OutputColumn] = []
        by_alias: dict[str, str] = {}
        unnamed = 0
        for position, item in enumerate(query.items):
            sql, kind = self._value(item.expr)
            if item.alias is not None:
                key = item.alias
            elif isinstance(item.expr, Column):
                key = item.expr.name
            else:
                unnamed += 1
                key = f"expr{unnamed}"
            selects.append(f"{sql} AS c{position}")
            outputs.append(OutputColumn(key, kind))
            by_alias.setdefault(key, sql)
        where = ""
        if query.where is not None:
            where = " WHERE " + self._condition(query.where)
        order_terms: list[str] = []
        for order in query.order:
            expr = order.expr
            if isinstance(expr, Column) and expr.qualifier is None and expr.name in by_alias:
                sql = by_alias[expr.name]
            else:
                sql, _ = self._value(expr)
            # Oracle sorts NULLs last ascending and first descending; SQLite does the opposite.
            direction = "DESC" if order.descending else "ASC"
            order_terms += [f"({sql} IS NULL) {direction}", f"{sql} {direction}"]
        order_terms.append("t.id ASC")  # a stable order, so pages never overlap
        source = f"FROM {self._table.sql_name} t{where}"
        order_by = ", ".join(order_terms)
        return Compiled(
            page_sql=f"SELECT {', '.join(selects)} {source} ORDER BY {order_by} LIMIT ? OFFSET ?",
            count_sql=f"SELECT COUNT(*) {source}",
            params=tuple(self._params),
            columns=tuple(outputs),
        )

    def _spec(self, column: Column) -> ColumnSpec:
        name = self._query.alias or self._query.table
        if column.qualifier is not None and column.qualifier != name:
            raise self._unknown(f"{column.qualifier}.{column.name}")
        spec = self._table.columns.get(column.name)
        if spec is None:
            raise self._unknown(
                column.name if column.qualifier is None else f"{column.qualifier}.{column.name}"
            )
        return spec

    def _unknown(self, identifier: str) -> CompileError:
        name = self._query.alias or self._query.table
        return CompileError(
            f"Search error occurred: Unknown identifier '{identifier}'. "
            f"Available identifiers are: {{{name}={self._query.table}}}."
        )

    def _value(self, expr: Column | Display) -> tuple[str, ValueKind]:
        """SQL for an output or sort value, in stored units."""
        if isinstance(expr, Display):
            spec = self._spec(expr.column)
            return (spec.display, "text") if spec.display else (spec.sql, spec.kind)
        spec = self._spec(expr)
        return spec.sql, spec.kind

    def _comparable(self, operand: Column | Display) -> tuple[str, ValueKind]:
        """SQL for a value in a condition: money in major units, so number literals compare as written."""
        sql, kind = self._value(operand)
        return (f"({sql} / 100.0)", kind) if kind == "money" else (sql, kind)

    def _condition(self, condition: Condition) -> str:
        if isinstance(condition, BoolOp):
            return "(" + f" {condition.op} ".join(self._condition(c) for c in condition.conditions) + ")"
        if isinstance(condition, Not):
            return f"(NOT {self._condition(condition.condition)})"
        if isinstance(condition, IsNull):
            sql = (
                self._bind(condition.operand, None)
                if isinstance(condition.operand, Literal)
                else (self._value(condition.operand)[0])
            )
            return f"({sql} IS {'NOT ' if condition.negated else ''}NULL)"
        if isinstance(condition, Like):
            sql, kind = self._side(condition.operand, None)
            if kind not in ("text", None):
                raise CompileError("Search error occurred: LIKE needs a text value.")
            self._params.append(condition.pattern)
            return f"({'NOT ' if condition.negated else ''}ns_like({sql}, ?))"
        if isinstance(condition, InList):
            sql, kind = self._side(condition.operand, None)
            marks = ", ".join(self._bind(v, kind) for v in condition.values)
            return f"({sql} {'NOT ' if condition.negated else ''}IN ({marks}))"
        return self._comparison(condition)

    def _comparison(self, comparison: Comparison) -> str:
        left, right = comparison.left, comparison.right
        if isinstance(left, Literal) and not isinstance(right, Literal):
            right_sql, right_kind = self._comparable(right)
            return f"({self._bind(left, right_kind)} {comparison.op} {right_sql})"
        left_sql, left_kind = self._side(left, None)
        if isinstance(right, Literal):
            return f"({left_sql} {comparison.op} {self._bind(right, left_kind)})"
        right_sql, right_kind = self._comparable(right)
        if not _compatible(left_kind, right_kind):
            raise CompileError(
                f"Search error occurred: inconsistent datatypes: {left_kind} and {right_kind}."
            )
        return f"({left_sql} {comparison.op} {right_sql})"

    def _side(self, operand: Operand, other: ValueKind | None) -> tuple[str, ValueKind | None]:
        if isinstance(operand, Literal):
            return self._bind(operand, other), None
        return self._comparable(operand)

    def _bind(self, literal: Literal, kind: ValueKind | None) -> str:
        """Add the literal as a parameter, converted the way Oracle would for the other side's type."""
        self._params.append(_convert(literal.value, kind))
        return "?"


def _compatible(left: ValueKind | None, right: ValueKind | None) -> bool:
    if left is None or right is None or left == right:
        return True
    return (left in _NUMERIC and right in _NUMERIC) or (left in _DATES and right in _DATES)


def _convert(value: str | Decimal, kind: ValueKind | None) -> Any:
    if kind in _NUMERIC:
        number = literal_number(value)
        if number is None:
            raise CompileError(f"Search error occurred: invalid number '{value}'.")
        if kind == "int" and number == number.to_integral_value():
            return int(number)  # an int parameter lets SQLite use the id indexes
        return float(number)
    if kind in _DATES:
        if not isinstance(value, str):
            raise CompileError(f"Search error occurred: a date cannot be compared with the number {value}.")
        return _iso_date(value)
    if kind is None and isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value if isinstance(value, str) else format(value, "f")


def _iso_date(text: str) -> str:
    """A date literal as ISO text: M/D/YYYY (the account's date format) or YYYY-MM-DD."""
    try:
        match = _US_DATE.match(text.strip())
        if match:
            month, day, year = (int(g) for g in match.groups())
            return date(year, month, day).isoformat()
        return date.fromisoformat(text.strip()).isoformat()
    except ValueError as exc:
        raise CompileError(f"Search error occurred: invalid date '{text}'; use M/D/YYYY.") from exc
