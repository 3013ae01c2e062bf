"""Recursive-descent SOQL parser for the sandbox's subset; anything else is `MALFORMED_QUERY`."""

from __future__ import annotations

from sandbox.crm.errors import SalesforceError
from sandbox.crm.soql.ast import (
    BoolOp,
    Comparison,
    Condition,
    InList,
    Like,
    Literal,
    Name,
    Not,
    Operator,
    OrderItem,
    Query,
    SelectItem,
    Subquery,
)
from sandbox.crm.soql.errors import located, malformed
from sandbox.crm.soql.lexer import Token, tokenize

MAX_OFFSET = 2000


def parse(source: str) -> Query:
    """Parse one SOQL query of the supported subset."""
    return _Parser(source).query()


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source
        self.tokens = tokenize(source)
        self.index = 0

    # -- token helpers -------------------------------------------------------------------------------
    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "eof":
            self.index += 1
        return token

    def unexpected(self, token: Token | None = None) -> SalesforceError:
        token = token or self.current
        if token.kind == "eof":
            return malformed(self.source, token.pos, "unexpected token: <EOF>")
        text = f"'{token.text}'" if token.kind == "string" else token.text
        return malformed(self.source, token.pos, f"unexpected token: {text}")

    def expect_keyword(self, word: str) -> Token:
        if not self.current.is_keyword(word):
            raise self.unexpected()
        return self.advance()

    def expect_punct(self, char: str) -> Token:
        if self.current.kind != "punct" or self.current.text != char:
            raise self.unexpected()
        return self.advance()

    def at_punct(self, char: str) -> bool:
        return self.current.kind == "punct" and self.current.text == char

    def name(self) -> Name:
        token = self.current
        if token.kind != "ident":
            raise self.unexpected()
        self.advance()
        if self.at_punct("."):
            raise malformed(
                self.source,
                token.pos,
                f"Relationship fields are not supported by this sandbox: {token.text}.",
            )
        if self.at_punct("("):
            raise malformed(
                self.source,
                token.pos,
                f"Functions and aggregates are not supported by this sandbox: {token.text}",
            )
        return Name(token.text, token.pos)

    # -- grammar -------------------------------------------------------------------------------------
    def query(self) -> Query:
        self.expect_keyword("select")
        select, count_only = self.select_list()
        self.expect_keyword("from")
        sobject = self.name()
        where, order_by, limit = self.filter_clauses()
        offset = self.integer_clause("offset")
        if offset is not None and offset > MAX_OFFSET:
            raise SalesforceError(
                "NUMBER_OUTSIDE_VALID_RANGE", f"Maximum SOQL offset allowed is {MAX_OFFSET}"
            )
        if self.current.kind != "eof":
            raise self.unexpected()
        return Query(select, count_only, sobject, where, order_by, limit, offset)

    def filter_clauses(self) -> tuple[Condition | None, tuple[OrderItem, ...], int | None]:
        """`[WHERE ...] [ORDER BY ...] [LIMIT n]`, shared by queries and subqueries."""
        where = None
        if self.current.is_keyword("where"):
            self.advance()
            where = self.condition()
        order_by: tuple[OrderItem, ...] = ()
        if self.current.is_keyword("order"):
            self.advance()
            self.expect_keyword("by")
            order_by = self.order_list()
        return where, order_by, self.integer_clause("limit")

    def at_count(self) -> bool:
        token = self.current
        return (
            token.kind == "ident"
            and token.text.lower() == "count"
            and self.tokens[self.index + 1].text == "("
        )

    def select_list(self) -> tuple[tuple[SelectItem, ...], bool]:
        if self.at_count():
            self.advance()
            self.advance()
            self.expect_punct(")")
            if self.at_punct(",") and self.tokens[self.index + 1].text == "(":
                raise malformed(
                    self.source,
                    self.tokens[self.index + 1].pos,
                    "Subqueries cannot be used in a COUNT() query",
                )
            return (), True
        items = [self.select_item()]
        while self.at_punct(","):
            self.advance()
            items.append(self.select_item())
        self.check_duplicates([item if isinstance(item, Name) else item.relationship for item in items])
        return tuple(items), False

    def select_item(self) -> SelectItem:
        return self.subquery() if self.at_punct("(") else self.name()

    def subquery(self) -> Subquery:
        """`(SELECT f, ... FROM Relationship [WHERE ...] [ORDER BY ...] [LIMIT n])`, one level deep."""
        self.expect_punct("(")
        self.expect_keyword("select")
        if self.at_count():
            raise malformed(self.source, self.current.pos, "COUNT() is not supported in a subquery")
        fields = [self.subquery_field()]
        while self.at_punct(","):
            self.advance()
            fields.append(self.subquery_field())
        self.check_duplicates(fields)
        self.expect_keyword("from")
        relationship = self.name()
        where, order_by, limit = self.filter_clauses()
        if self.current.is_keyword("offset"):
            raise malformed(
                self.source, self.current.pos, "OFFSET is not supported in a subquery by this sandbox"
            )
        self.expect_punct(")")
        return Subquery(tuple(fields), relationship, where, order_by, limit)

    def subquery_field(self) -> Name:
        if self.at_punct("("):
            raise malformed(
                self.source, self.current.pos, "Nested subqueries are not supported by this sandbox"
            )
        return self.name()

    def check_duplicates(self, names: list[Name]) -> None:
        """A field (or relationship) selected twice is `MALFORMED_QUERY`, whatever its case."""
        seen: set[str] = set()
        for name in names:
            if name.text.lower() in seen:
                raise located(
                    "MALFORMED_QUERY", self.source, name.pos, f"duplicate field selected: {name.text}"
                )
            seen.add(name.text.lower())

    def order_list(self) -> tuple[OrderItem, ...]:
        items = [self.order_item()]
        while self.at_punct(","):
            self.advance()
            items.append(self.order_item())
        return tuple(items)

    def order_item(self) -> OrderItem:
        field = self.name()
        descending = False
        if self.current.is_keyword("asc", "desc"):
            descending = self.advance().text.lower() == "desc"
        nulls_first: bool | None = None
        if self.current.is_keyword("nulls"):
            self.advance()
            if not self.current.is_keyword("first", "last"):
                raise self.unexpected()
            nulls_first = self.advance().text.lower() == "first"
        return OrderItem(field, descending, nulls_first)

    def integer_clause(self, word: str) -> int | None:
        if not self.current.is_keyword(word):
            return None
        self.advance()
        token = self.current
        if token.kind != "number" or "." in token.text:
            raise self.unexpected()
        self.advance()
        return int(token.text)

    def condition(self) -> Condition:
        """A chain of operands joined by AND or by OR; mixing them needs parentheses, as in SOQL."""
        first = self.unary()
        if not self.current.is_keyword("and", "or"):
            return first
        op = self.current.text.upper()
        operands = [first]
        while self.current.is_keyword("and", "or"):
            if self.current.text.upper() != op:
                raise self.unexpected()
            self.advance()
            operands.append(self.unary())
        return BoolOp("AND" if op == "AND" else "OR", tuple(operands))

    def unary(self) -> Condition:
        if self.current.is_keyword("not"):
            self.advance()
            return Not(self.unary())
        if self.at_punct("("):
            self.advance()
            inner = self.condition()
            self.expect_punct(")")
            return inner
        return self.simple()

    def simple(self) -> Condition:
        field = self.name()
        token = self.current
        if token.kind == "op":
            self.advance()
            op: Operator = "!=" if token.text == "<>" else token.text  # type: ignore[assignment]
            return Comparison(field, op, self.literal())
        if token.is_keyword("like"):
            self.advance()
            pattern = self.literal()
            if pattern.kind != "string":
                raise self.unexpected(self.tokens[self.index - 1])
            return Like(field, pattern)
        negated = False
        if token.is_keyword("not"):
            self.advance()
            negated = True
        if self.current.is_keyword("in"):
            self.advance()
            return InList(field, self.literal_list(), negated)
        if self.current.is_keyword("includes", "excludes"):
            raise malformed(
                self.source, self.current.pos, "INCLUDES and EXCLUDES are not supported by this sandbox"
            )
        raise self.unexpected()

    def literal_list(self) -> tuple[Literal, ...]:
        self.expect_punct("(")
        if self.current.is_keyword("select"):
            raise malformed(
                self.source, self.current.pos, "Semi-join subqueries are not supported by this sandbox"
            )
        values = [self.literal()]
        while self.at_punct(","):
            self.advance()
            values.append(self.literal())
        self.expect_punct(")")
        return tuple(values)

    def literal(self) -> Literal:
        token = self.current
        if token.kind == "string":
            self.advance()
            return Literal("string", token.text, token.pos, token.like_pattern)
        if token.kind in ("number", "date", "datetime"):
            self.advance()
            return Literal(token.kind, token.text, token.pos)
        if token.kind == "punct" and token.text == "-" and self.tokens[self.index + 1].kind == "number":
            self.advance()
            number = self.advance()
            return Literal("number", "-" + number.text, token.pos)
        if token.is_keyword("true", "false"):
            self.advance()
            return Literal("boolean", token.text.lower(), token.pos)
        if token.is_keyword("null"):
            self.advance()
            return Literal("null", "null", token.pos)
        raise self.unexpected()
