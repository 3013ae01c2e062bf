"""Check a parsed SOQL query against the sObject schema and compile it to one parameterized SQLite query.

Comparisons use SOQL's two-valued logic (a null field makes `!=` and `NOT IN` true and every other test
false), so `NOT` is exact. Top-level `=`/`IN` terms on id fields compile to bare, indexable predicates.
A parent-to-child subquery compiles as a query on the child object restricted by `reference IN (parent ids)`,
run once for all parents of a result (see `store.run_query`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sandbox.crm.errors import SalesforceError, no_such_column, unknown_relationship, unsupported_type
from sandbox.crm.ids import normalize_id
from sandbox.crm.schema import Field, SObject, sobject
from sandbox.crm.soql.ast import (
    BoolOp,
    Comparison,
    Condition,
    InList,
    Like,
    Literal,
    Name,
    Not,
    Query,
    Subquery,
)
from sandbox.crm.soql.errors import located
from sandbox.crm.values import format_datetime

_FILTER = "INVALID_QUERY_FILTER_OPERATOR"
_TYPE_NAMES = {
    "id": "id", "reference": "id", "string": "string", "picklist": "string", "date": "date",
    "datetime": "dateTime", "int": "int", "double": "double", "boolean": "boolean",
}  # fmt: skip


@dataclass(frozen=True)
class ChildQuery:
    """A checked subquery: the relationship (canonical name), the child object and its selected fields, and
    the SQL that answers it for a list of parent ids, child rows grouped by parent in the subquery's order."""

    relationship: str
    sobject: SObject
    fields: tuple[Field, ...]
    reference: Field
    # The SQL around the `reference IN (...)` term: selects the reference, Id and fields, filters and orders.
    head: str
    order: str
    params: tuple[Any, ...]
    # Rows kept per parent.
    limit: int | None

    def sql(self, parents: int) -> str:
        """The statement for `parents` parent ids, bound after `params`."""
        return f'{self.head}"{self.reference.column}" IN ({", ".join("?" * parents)}){self.order}'


@dataclass(frozen=True)
class Compiled:
    """A checked query: the object, the selected fields and subqueries in query order, and the SQL that
    answers it (subqueries run on their own)."""

    sobject: SObject
    select: tuple[Field | ChildQuery, ...]
    count_only: bool
    sql: str
    params: tuple[Any, ...]

    @property
    def fields(self) -> tuple[Field, ...]:
        """The plain fields selected, in query order."""
        return tuple(item for item in self.select if isinstance(item, Field))

    @property
    def children(self) -> tuple[ChildQuery, ...]:
        """The subqueries, in query order."""
        return tuple(item for item in self.select if isinstance(item, ChildQuery))


def compile_query(query: Query, source: str) -> Compiled:
    """Resolve names (case-insensitively), type-check literals and build the SQL."""
    return _Compiler(query, source).compile()


class _Compiler:
    def __init__(self, query: Query, source: str, obj: SObject | None = None) -> None:
        self.query = query
        self.source = source
        self.params: list[Any] = []
        found = obj or sobject(query.sobject.text)
        if found is None:
            raise located(
                "INVALID_TYPE",
                source,
                query.sobject.pos,
                unsupported_type(query.sobject.text),
            )
        self.sobject = found

    def field(self, name: Name) -> Field:
        found = self.sobject.field(name.text)
        if found is None:
            raise located(
                "INVALID_FIELD",
                self.source,
                name.pos,
                no_such_column(name.text, self.sobject.name),
            )
        return found

    def compile(self) -> Compiled:
        select = tuple(
            self.field(item) if isinstance(item, Name) else self.child(item) for item in self.query.select
        )
        fields = tuple(item for item in select if isinstance(item, Field))
        where = self.where_clause()
        order = self.order_clause()
        table = self.sobject.table
        tail = ""
        if self.query.limit is not None or self.query.offset is not None:
            tail = " LIMIT ? OFFSET ?"
            self.params.extend(
                [self.query.limit if self.query.limit is not None else -1, self.query.offset or 0]
            )
        if self.query.count_only:
            sql = f'SELECT COUNT(*) FROM (SELECT 1 FROM "{table}"{where}{tail})'
        else:
            columns = ", ".join(['"Id"', *(f'"{f.column}"' for f in fields)])
            sql = f'SELECT {columns} FROM "{table}"{where}{order}{tail}'
        return Compiled(self.sobject, select, self.query.count_only, sql, tuple(self.params))

    def child(self, subquery: Subquery) -> ChildQuery:
        """A subquery checked against the child object exactly as a query on that object would be."""
        relationship = self.sobject.child(subquery.relationship.text)
        if relationship is None:
            raise located(
                "INVALID_TYPE",
                self.source,
                subquery.relationship.pos,
                unknown_relationship(subquery.relationship.text),
            )
        query = Query(
            subquery.fields, False, subquery.relationship, subquery.where, subquery.order_by, None, None
        )
        compiler = _Compiler(query, self.source, relationship.sobject)
        fields = tuple(compiler.field(name) for name in subquery.fields)
        where = compiler.where_clause()
        order = compiler.order_clause()
        reference = relationship.reference
        columns = ", ".join([f'"{reference.column}"', '"Id"', *(f'"{f.column}"' for f in fields)])
        head = f'SELECT {columns} FROM "{relationship.sobject.table}"' + (
            f"{where} AND " if where else " WHERE "
        )
        return ChildQuery(
            relationship.name,
            relationship.sobject,
            fields,
            reference,
            head,
            order,
            tuple(compiler.params),
            subquery.limit,
        )

    def where_clause(self) -> str:
        condition = self.query.where
        if condition is None:
            return ""
        conjuncts = (
            condition.operands if isinstance(condition, BoolOp) and condition.op == "AND" else (condition,)
        )
        return " WHERE " + " AND ".join(self.top_level(c) for c in conjuncts)

    def top_level(self, condition: Condition) -> str:
        """The fast path: `Id = x` / `AccountId IN (...)` at the top level compile to indexable predicates."""
        if isinstance(condition, Comparison) and condition.op == "=" and condition.value.kind != "null":
            field = self.field(condition.field)
            if field.type in ("id", "reference"):
                self.params.append(self.value(field, condition.value))
                return f'"{field.column}" = ?'
        if isinstance(condition, InList) and not condition.negated:
            field = self.field(condition.field)
            if field.type in ("id", "reference") and all(v.kind != "null" for v in condition.values):
                self.params.extend(self.value(field, v) for v in condition.values)
                return f'"{field.column}" IN ({", ".join("?" * len(condition.values))})'
        return self.condition(condition)

    def condition(self, condition: Condition) -> str:
        if isinstance(condition, BoolOp):
            return "(" + f" {condition.op} ".join(self.condition(c) for c in condition.operands) + ")"
        if isinstance(condition, Not):
            return f"(NOT {self.condition(condition.operand)})"
        if isinstance(condition, Like):
            return self.like(condition)
        if isinstance(condition, InList):
            return self.in_list(condition)
        return self.comparison(condition)

    def column(self, field: Field) -> str:
        # SOQL compares strings case-insensitively.
        return (
            f'"{field.column}" COLLATE NOCASE'
            if field.type in ("string", "picklist")
            else f'"{field.column}"'
        )

    def comparison(self, comparison: Comparison) -> str:
        field = self.field(comparison.field)
        literal, op = comparison.value, comparison.op
        if literal.kind == "null":
            if op not in ("=", "!="):
                raise located(_FILTER, self.source, literal.pos, f"invalid operator on null value: {op}")
            return f'("{field.column}" IS {"" if op == "=" else "NOT "}NULL)'
        if field.type == "boolean" and op not in ("=", "!="):
            raise located(_FILTER, self.source, literal.pos, f"invalid operator on boolean field: {op}")
        self.params.append(self.value(field, literal))
        if op == "!=":
            return f'("{field.column}" IS NULL OR {self.column(field)} != ?)'
        return f"COALESCE({self.column(field)} {op} ?, 0)"

    def in_list(self, in_list: InList) -> str:
        field = self.field(in_list.field)
        values = [v for v in in_list.values if v.kind != "null"]
        self.params.extend(self.value(field, v) for v in values)
        parts = [f"COALESCE({self.column(field)} IN ({', '.join('?' * len(values))}), 0)"] if values else []
        if len(values) != len(in_list.values):
            parts.append(f'"{field.column}" IS NULL')
        test = "(" + " OR ".join(parts) + ")"
        return f"(NOT {test})" if in_list.negated else test

    def like(self, like: Like) -> str:
        field = self.field(like.field)
        if field.type not in ("string", "picklist"):
            raise located(
                _FILTER,
                self.source,
                like.field.pos,
                f"invalid operator on {_TYPE_NAMES[field.type]} field: LIKE",
            )
        self.params.append(like.pattern.like_pattern)
        return f"COALESCE(\"{field.column}\" LIKE ? ESCAPE '\\', 0)"

    def value(self, field: Field, literal: Literal) -> Any:
        """The SQLite value of a literal compared with `field`, or Salesforce's error for a mismatch."""
        kind = literal.kind
        if field.type in ("id", "reference"):
            if kind != "string":
                raise self.mismatch(field, literal, quoted=True)
            normalized = normalize_id(literal.value)
            if normalized is None:
                raise located(_FILTER, self.source, literal.pos, f"invalid ID field: {literal.value}")
            return normalized
        if field.type in ("string", "picklist"):
            if kind != "string":
                raise self.mismatch(field, literal, quoted=True)
            return literal.value
        expected = {"date": "date", "datetime": "datetime", "int": "number", "double": "number"}.get(
            field.type, "boolean"
        )
        if kind != expected:
            raise self.mismatch(field, literal, quoted=False)
        if kind == "boolean":
            return 1 if literal.value == "true" else 0
        if kind == "number":
            return float(literal.value) if "." in literal.value else int(literal.value)
        try:
            if kind == "datetime":
                return format_datetime(_parse_datetime(literal.value))
            return date.fromisoformat(literal.value).isoformat()
        except ValueError:
            raise located(
                "MALFORMED_QUERY", self.source, literal.pos, f"invalid {kind}: {literal.value}"
            ) from None

    def mismatch(self, field: Field, literal: Literal, *, quoted: bool) -> SalesforceError:
        how = "should be enclosed in quotes" if quoted else "should not be enclosed in quotes"
        return located(
            _FILTER,
            self.source,
            literal.pos,
            f"value of filter criterion for field '{field.name}' must be of type {_TYPE_NAMES[field.type]} "
            f"and {how}",
        )

    def order_clause(self) -> str:
        terms: list[str] = []
        for item in self.query.order_by:
            field = self.field(item.field)
            nulls_first = item.nulls_first if item.nulls_first is not None else not item.descending
            direction = "DESC" if item.descending else "ASC"
            terms.append(f"{self.column(field)} {direction} NULLS {'FIRST' if nulls_first else 'LAST'}")
        # Id last keeps the order total, so paging through a cursor is stable.
        terms.append('"Id" ASC')
        return " ORDER BY " + ", ".join(terms)


def _parse_datetime(text: str) -> datetime:
    normalized = text.replace("Z", "+00:00")
    if normalized[-5] in "+-" and normalized[-3] != ":":
        normalized = normalized[:-2] + ":" + normalized[-2:]
    return datetime.fromisoformat(normalized).astimezone(UTC)
