from __future__ import annotations

from decimal import Decimal

import pytest

from sandbox.erp.suiteql.parser import ParseError, literal_number, parse
from sandbox.erp.suiteql.syntax import BoolOp, Column, Comparison, Display, InList, IsNull, Like, Literal, Not


def test_select_list_aliases_and_qualifiers():
    query = parse("select c.ID, BUILTIN.DF(c.Currency) AS cur, entityid eid from Customer c")
    assert query.table == "customer" and query.alias == "c"
    assert [(i.expr, i.alias) for i in query.items] == [
        (Column("id", "c"), None),
        (Display(Column("currency", "c")), "cur"),
        (Column("entityid"), "eid"),
    ]


def test_precedence_not_and_or_and_parentheses():
    where = parse("SELECT id FROM customer WHERE a = 1 OR NOT b = 2 AND (c = 3 OR d = 4)").where
    assert where == BoolOp(
        "OR",
        (
            Comparison(Column("a"), "=", Literal(Decimal(1))),
            BoolOp(
                "AND",
                (
                    Not(Comparison(Column("b"), "=", Literal(Decimal(2)))),
                    BoolOp(
                        "OR",
                        (
                            Comparison(Column("c"), "=", Literal(Decimal(3))),
                            Comparison(Column("d"), "=", Literal(Decimal(4))),
                        ),
                    ),
                ),
            ),
        ),
    )


def test_predicates():
    where = parse(
        "SELECT id FROM transaction WHERE id NOT IN (1, -2) AND memo NOT LIKE 'a%' AND duedate IS NOT NULL "
        "AND x != 'y' AND BUILTIN.DF(status) IS NULL"
    ).where
    assert isinstance(where, BoolOp)
    assert where.conditions == (
        InList(Column("id"), (Literal(Decimal(1)), Literal(Decimal(-2))), negated=True),
        Like(Column("memo"), "a%", negated=True),
        IsNull(Column("duedate"), negated=True),
        Comparison(Column("x"), "<>", Literal("y")),
        IsNull(Display(Column("status"))),
    )


def test_order_by():
    query = parse("SELECT id FROM customer ORDER BY companyname DESC, id ASC, BUILTIN.DF(terms)")
    assert [(o.expr, o.descending) for o in query.order] == [
        (Column("companyname"), True),
        (Column("id"), False),
        (Display(Column("terms")), False),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "SELECT",
        "SELECT id",
        "SELECT * FROM customer",
        "SELECT DISTINCT id FROM customer",
        "SELECT TOP 5 id FROM customer",
        "SELECT id FROM customer c JOIN transaction t ON t.entity = c.id",
        "SELECT id FROM customer, transaction",
        "SELECT COUNT(id) FROM customer",
        "SELECT UPPER(companyname) FROM customer",
        "SELECT BUILTIN.CONSOLIDATE(id) FROM customer",
        "SELECT id FROM customer GROUP BY id",
        "SELECT id FROM customer WHERE id = 1 UNION SELECT id FROM transaction",
        "SELECT id FROM customer FETCH FIRST 5 ROWS ONLY",
        "SELECT id FROM customer WHERE id BETWEEN 1 AND 2",
        "SELECT id FROM customer WHERE id = NULL",
        "SELECT id FROM customer WHERE id IN ()",
        "SELECT id FROM customer WHERE id IN (SELECT id FROM customer)",
        "SELECT id FROM customer WHERE (id = 1",
        "SELECT id FROM customer WHERE id = 1;",
        "SELECT id FROM customer WHERE id = 1; DROP TABLE erp_customer",
        "SELECT id FROM customer WHERE companyname LIKE 5",
        "SELECT id FROM customer WHERE id = 1 --",
        "SELECT id FROM customer ORDER BY 1",
        "SELECT id FROM customer WHERE id",
    ],
)
def test_outside_the_subset_is_refused(text):
    with pytest.raises(ParseError):
        parse(text)


def test_literal_number():
    assert literal_number(" 12.5 ") == Decimal("12.5")
    assert literal_number("abc") is None
    assert literal_number("NaN") is None
    assert literal_number(Decimal(3)) == 3
