"""The SuiteQL syntax tree the parser builds and the compiler reads."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Column:
    """A column reference, optionally qualified by the table or its alias."""

    name: str  # lower case
    qualifier: str | None = None


@dataclass(frozen=True)
class Display:
    """`BUILTIN.DF(column)`: the display value of a column."""

    column: Column


@dataclass(frozen=True)
class Literal:
    """A string or number literal."""

    value: str | Decimal


Operand = Column | Display | Literal


@dataclass(frozen=True)
class Comparison:
    """`left op right` with op one of = <> < > <= >= (!= is read as <>)."""

    left: Operand
    op: str
    right: Operand


@dataclass(frozen=True)
class InList:
    """`operand [NOT] IN (literal, ...)`."""

    operand: Operand
    values: tuple[Literal, ...]
    negated: bool = False


@dataclass(frozen=True)
class Like:
    """`operand [NOT] LIKE 'pattern'`."""

    operand: Operand
    pattern: str
    negated: bool = False


@dataclass(frozen=True)
class IsNull:
    """`operand IS [NOT] NULL`."""

    operand: Operand
    negated: bool = False


@dataclass(frozen=True)
class Not:
    """`NOT condition`."""

    condition: Condition


@dataclass(frozen=True)
class BoolOp:
    """`AND` or `OR` over two or more conditions."""

    op: str  # "AND" | "OR"
    conditions: tuple[Condition, ...]


Condition = Comparison | InList | Like | IsNull | Not | BoolOp


@dataclass(frozen=True)
class SelectItem:
    """One output column and its alias, if given."""

    expr: Column | Display
    alias: str | None = None


@dataclass(frozen=True)
class OrderItem:
    """One ORDER BY key: an expression or the alias of a select item."""

    expr: Column | Display
    descending: bool = False


@dataclass(frozen=True)
class Query:
    """A whole SELECT."""

    items: tuple[SelectItem, ...]
    table: str  # lower case
    alias: str | None
    where: Condition | None
    order: tuple[OrderItem, ...]
