from __future__ import annotations

import pytest

from sandbox.erp.suiteql.compiler import Compiled, CompileError, UnknownTable, compile_query
from sandbox.erp.suiteql.parser import parse


def _compile(text: str) -> Compiled:
    return compile_query(parse(text))


def test_literals_are_bound_never_spliced():
    compiled = _compile(
        "SELECT id FROM customer WHERE companyname = 'x'' OR ''1''=''1' AND id IN (1000, '1001')"
    )
    assert "OR '1'" not in compiled.page_sql and "1000" not in compiled.page_sql
    assert compiled.params == ("x' OR '1'='1", 1000, 1001)
    assert compiled.page_sql.endswith("LIMIT ? OFFSET ?")


def test_money_compares_in_major_units_and_dates_accept_both_forms():
    compiled = _compile(
        "SELECT id FROM transaction "
        "WHERE foreigntotal > 10.5 AND trandate >= '1/2/2026' AND duedate < '2026-03-04'"
    )
    assert compiled.params == (10.5, "2026-01-02", "2026-03-04")
    assert "/ 100.0" in compiled.page_sql


def test_output_keys():
    compiled = _compile(
        "SELECT c.id, BUILTIN.DF(currency), BUILTIN.DF(terms) AS Terms, email e FROM customer c"
    )
    assert [(c.key, c.kind) for c in compiled.columns] == [
        ("id", "int"),
        ("expr1", "text"),
        ("terms", "text"),
        ("e", "text"),
    ]


def test_unknown_table():
    with pytest.raises(UnknownTable):
        _compile("SELECT id FROM account")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT balance FROM customer",  # the real column is balancesearch
        "SELECT x.id FROM customer c",
        "SELECT customer.id FROM customer c",
        "SELECT id FROM customer WHERE nope = 1",
        "SELECT id FROM customer ORDER BY nope",
        "SELECT id FROM customer WHERE id = 'abc'",
        "SELECT id FROM transaction WHERE trandate > 5",
        "SELECT id FROM transaction WHERE trandate > '2026-13-01'",
        "SELECT id FROM transaction WHERE trandate > foreigntotal",
        "SELECT id FROM customer WHERE creditlimit LIKE '1%'",
    ],
)
def test_refusals(text):
    with pytest.raises(CompileError):
        _compile(text)


def test_unknown_identifier_message_names_the_alias():
    with pytest.raises(CompileError) as caught:
        _compile("SELECT c.nope FROM customer c")
    assert str(caught.value) == (
        "Search error occurred: Unknown identifier 'c.nope'. Available identifiers are: {c=customer}."
    )
