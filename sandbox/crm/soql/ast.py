"""The SOQL syntax tree: what the parser builds and the compiler checks and translates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal as TypingLiteral

LiteralKind = TypingLiteral["string", "number", "boolean", "null", "date", "datetime"]
Operator = TypingLiteral["=", "!=", "<", "<=", ">", ">="]


@dataclass(frozen=True)
class Name:
    """A field or object name as written, with its position in the query."""

    text: str
    pos: int


@dataclass(frozen=True)
class Literal:
    """A literal value; `value` is the unescaped text of a string, date or number."""

    kind: LiteralKind
    value: str
    pos: int
    like_pattern: str = ""


@dataclass(frozen=True)
class Comparison:
    """`field op value`."""

    field: Name
    op: Operator
    value: Literal


@dataclass(frozen=True)
class InList:
    """`field [NOT] IN (value, ...)`."""

    field: Name
    values: tuple[Literal, ...]
    negated: bool


@dataclass(frozen=True)
class Like:
    """`field LIKE 'pattern'`."""

    field: Name
    pattern: Literal


@dataclass(frozen=True)
class Not:
    """`NOT condition`."""

    operand: Condition


@dataclass(frozen=True)
class BoolOp:
    """Conditions joined by one logical operator (SOQL forbids mixing AND and OR without parentheses)."""

    op: TypingLiteral["AND", "OR"]
    operands: tuple[Condition, ...]


Condition = Comparison | InList | Like | Not | BoolOp


@dataclass(frozen=True)
class OrderItem:
    """One ORDER BY term; `nulls_first` is None when the query leaves the default."""

    field: Name
    descending: bool
    nulls_first: bool | None


@dataclass(frozen=True)
class Subquery:
    """A parent-to-child subquery in a select list: `(SELECT f, ... FROM Relationship ...)`.

    Its WHERE and ORDER BY name the child object's fields; its LIMIT caps the rows of each parent.
    """

    fields: tuple[Name, ...]
    relationship: Name
    where: Condition | None
    order_by: tuple[OrderItem, ...]
    limit: int | None


SelectItem = Name | Subquery


@dataclass(frozen=True)
class Query:
    """A whole SELECT; `count_only` for `SELECT COUNT() FROM ...`; `select` keeps fields and subqueries in the
    order written."""

    select: tuple[SelectItem, ...]
    count_only: bool
    sobject: Name
    where: Condition | None
    order_by: tuple[OrderItem, ...]
    limit: int | None
    offset: int | None

    @property
    def fields(self) -> tuple[Name, ...]:
        """The plain fields of the select list, in order."""
        return tuple(item for item in self.select if isinstance(item, Name))

    @property
    def subqueries(self) -> tuple[Subquery, ...]:
        """The subqueries of the select list, in order."""
        return tuple(item for item in self.select if isinstance(item, Subquery))
