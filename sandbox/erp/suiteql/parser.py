"""The SuiteQL parser: tokens to a `Query`, refusing anything outside the sandbox's subset."""

from __future__ import annotations

from decimal import Decimal

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
    OrderItem,
    Query,
    SelectItem,
)
from sandbox.erp.suiteql.tokens import Kind, Token, TokenError, tokenize


class ParseError(ValueError):
    """The query is not valid SuiteQL, or uses SuiteQL the sandbox does not serve."""


# Words that end an expression or start a clause, so they are never read as an alias.
_RESERVED = frozenset(
    {
        "SELECT", "FROM", "WHERE", "ORDER", "BY", "AND", "OR", "NOT", "IN", "LIKE", "IS", "NULL", "AS",
        "ASC", "DESC", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "OUTER", "CROSS", "ON", "GROUP", "HAVING",
        "UNION", "INTERSECT", "MINUS", "EXCEPT", "FETCH", "OFFSET", "LIMIT", "DISTINCT", "TOP", "BETWEEN",
        "NULLS", "CASE", "WHEN", "THEN", "ELSE", "END", "EXISTS", "ALL", "ANY", "WITH",
    }
)  # fmt: skip
_UNSUPPORTED_CLAUSES = {
    "JOIN": "joins",
    "INNER": "joins",
    "LEFT": "joins",
    "RIGHT": "joins",
    "FULL": "joins",
    "CROSS": "joins",
    "GROUP": "GROUP BY",
    "HAVING": "HAVING",
    "UNION": "set operations",
    "INTERSECT": "set operations",
    "MINUS": "set operations",
    "EXCEPT": "set operations",
    "FETCH": "FETCH (use the limit and offset parameters)",
    "OFFSET": "OFFSET (use the limit and offset parameters)",
    "LIMIT": "LIMIT (use the limit and offset parameters)",
}
_COMPARISONS = ("=", "<>", "!=", "<", ">", "<=", ">=")


def parse(text: str) -> Query:
    """Parse one SuiteQL SELECT."""
    try:
        tokens = tokenize(text)
    except TokenError as exc:
        raise ParseError(str(exc)) from exc
    return _Parser(tokens).query()


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self._tokens = tokens
        self._pos = 0

    @property
    def _peek(self) -> Token:
        return self._tokens[self._pos]

    def _next(self) -> Token:
        token = self._tokens[self._pos]
        if token.kind is not Kind.END:
            self._pos += 1
        return token

    def _fail(self, expected: str) -> ParseError:
        token = self._peek
        found = token.kind.value if token.kind is Kind.END else f"'{token.text}'"
        return ParseError(
            f"Syntax error: expected {expected} but found {found} at position {token.position}."
        )

    def _word(self, word: str) -> None:
        if not self._peek.is_word(word):
            raise self._fail(word)
        self._next()

    def _op(self, op: str) -> None:
        if not self._peek.is_op(op):
            raise self._fail(f"'{op}'")
        self._next()

    def _unsupported(self) -> None:
        token = self._peek
        if token.kind is Kind.IDENT and token.text.upper() in _UNSUPPORTED_CLAUSES:
            raise ParseError(f"{_UNSUPPORTED_CLAUSES[token.text.upper()]} are not supported by this sandbox.")

    def query(self) -> Query:
        self._word("SELECT")
        if self._peek.is_word("DISTINCT", "TOP", "ALL"):
            raise ParseError(f"SELECT {self._peek.text.upper()} is not supported by this sandbox.")
        items = [self._select_item()]
        while self._peek.is_op(","):
            self._next()
            items.append(self._select_item())
        self._word("FROM")
        table = self._identifier("a table name")
        alias = None
        if self._peek.kind is Kind.IDENT and self._peek.text.upper() not in _RESERVED:
            alias = self._next().text.lower()
        if self._peek.is_op(","):
            raise ParseError("Joins are not supported by this sandbox.")
        self._unsupported()
        where = None
        if self._peek.is_word("WHERE"):
            self._next()
            where = self._or()
        self._unsupported()
        order: list[OrderItem] = []
        if self._peek.is_word("ORDER"):
            self._next()
            self._word("BY")
            order.append(self._order_item())
            while self._peek.is_op(","):
                self._next()
                order.append(self._order_item())
        self._unsupported()
        if self._peek.kind is not Kind.END:
            raise self._fail("end of query")
        return Query(tuple(items), table.lower(), alias, where, tuple(order))

    def _identifier(self, what: str) -> str:
        token = self._peek
        if token.kind is not Kind.IDENT or token.text.upper() in _RESERVED:
            raise self._fail(what)
        return self._next().text

    def _select_item(self) -> SelectItem:
        if self._peek.is_op("*"):
            raise ParseError("SELECT * is not supported by this sandbox; name the columns.")
        expr = self._expression()
        alias = None
        if self._peek.is_word("AS"):
            self._next()
            alias = self._identifier("an alias").lower()
        elif self._peek.kind is Kind.IDENT and self._peek.text.upper() not in _RESERVED:
            alias = self._next().text.lower()
        return SelectItem(expr, alias)

    def _order_item(self) -> OrderItem:
        if self._peek.kind is Kind.NUMBER:
            raise ParseError("ORDER BY a column position is not supported by this sandbox.")
        expr = self._expression()
        descending = False
        if self._peek.is_word("ASC", "DESC"):
            descending = self._next().text.upper() == "DESC"
        if self._peek.is_word("NULLS"):
            raise ParseError("NULLS FIRST / NULLS LAST is not supported by this sandbox.")
        return OrderItem(expr, descending)

    def _expression(self) -> Column | Display:
        """A column or BUILTIN.DF(column)."""
        first = self._identifier("a column")
        if first.upper() == "BUILTIN" and self._peek.is_op("."):
            self._next()
            function = self._identifier("a BUILTIN function")
            if function.upper() != "DF":
                raise ParseError(f"BUILTIN.{function.upper()} is not supported by this sandbox.")
            self._op("(")
            column = self._column(self._identifier("a column"))
            self._op(")")
            return Display(column)
        if self._peek.is_op("("):
            raise ParseError(f"The function {first.upper()} is not supported by this sandbox.")
        return self._column(first)

    def _column(self, first: str) -> Column:
        if self._peek.is_op("."):
            self._next()
            return Column(self._identifier("a column").lower(), first.lower())
        return Column(first.lower())

    def _or(self) -> Condition:
        conditions = [self._and()]
        while self._peek.is_word("OR"):
            self._next()
            conditions.append(self._and())
        return conditions[0] if len(conditions) == 1 else BoolOp("OR", tuple(conditions))

    def _and(self) -> Condition:
        conditions = [self._not()]
        while self._peek.is_word("AND"):
            self._next()
            conditions.append(self._not())
        return conditions[0] if len(conditions) == 1 else BoolOp("AND", tuple(conditions))

    def _not(self) -> Condition:
        if self._peek.is_word("NOT"):
            self._next()
            return Not(self._not())
        return self._predicate()

    def _predicate(self) -> Condition:
        if self._peek.is_op("("):
            self._next()
            condition = self._or()
            self._op(")")
            return condition
        left = self._operand()
        token = self._peek
        if token.is_op(*_COMPARISONS):
            self._next()
            return Comparison(left, "<>" if token.text == "!=" else token.text, self._operand())
        if token.is_word("IS"):
            self._next()
            negated = self._peek.is_word("NOT")
            if negated:
                self._next()
            self._word("NULL")
            return IsNull(left, negated)
        negated = token.is_word("NOT")
        if negated:
            self._next()
        if self._peek.is_word("IN"):
            self._next()
            return InList(left, self._literal_list(), negated)
        if self._peek.is_word("LIKE"):
            self._next()
            pattern = self._literal()
            if not isinstance(pattern.value, str):
                raise ParseError("LIKE needs a string pattern.")
            if self._peek.is_word("ESCAPE"):
                raise ParseError("LIKE ... ESCAPE is not supported by this sandbox.")
            return Like(left, pattern.value, negated)
        if self._peek.is_word("BETWEEN"):
            raise ParseError("BETWEEN is not supported by this sandbox; use >= and <=.")
        raise self._fail("a comparison, IN, LIKE or IS")

    def _operand(self) -> Operand:
        token = self._peek
        if token.kind in (Kind.STRING, Kind.NUMBER) or token.is_op("-"):
            return self._literal()
        if token.is_word("NULL"):
            raise ParseError("NULL can only be tested with IS NULL or IS NOT NULL.")
        return self._expression()

    def _literal(self) -> Literal:
        token = self._next()
        if token.kind is Kind.STRING:
            return Literal(token.text)
        if token.kind is Kind.NUMBER and token.number is not None:
            return Literal(token.number)
        if token.is_op("-"):
            number = self._peek.number
            if self._peek.kind is Kind.NUMBER and number is not None:
                self._next()
                return Literal(-number)
        if token.kind is not Kind.END:
            self._pos -= 1
        raise self._fail("a string or number literal")

    def _literal_list(self) -> tuple[Literal, ...]:
        self._op("(")
        values = [self._literal()]
        while self._peek.is_op(","):
            self._next()
            values.append(self._literal())
        self._op(")")
        return tuple(values)


def literal_number(value: str | Decimal) -> Decimal | None:
    """A literal read as a number (Oracle converts numeric strings implicitly), or None."""
    if isinstance(value, Decimal):
        return value
    try:
        number = Decimal(value.strip())
    except ArithmeticError:
        return None
    return number if number.is_finite() else None
