"""The compiler against rows inserted by hand, so that every operator meets nulls, case and wildcards."""

import sqlite3
from pathlib import Path
from typing import Any

import pytest

from sandbox.common.db import connect
from sandbox.crm import store
from sandbox.crm.errors import SalesforceError
from sandbox.crm.schema import ACCOUNT, OPPORTUNITY
from sandbox.crm.soql.compiler import compile_query
from sandbox.crm.soql.parser import parse
from sandbox.seed.ids import salesforce_id

A1, A2, A3, A4 = (salesforce_id("001", n) for n in range(1, 5))
STAMP = "2026-01-02T03:04:05.000+0000"


def account(
    record_id: str, name: str, industry: str | None = None, parent: str | None = None, created: str = STAMP
) -> tuple[object, ...]:
    values: dict[str, object] = {f.name: None for f in ACCOUNT.fields}
    values.update(
        Id=record_id,
        Name=name,
        Industry=industry,
        ParentId=parent,
        CreatedDate=created,
        LastModifiedDate=created,
    )
    return tuple(values[f.name] for f in ACCOUNT.fields)


@pytest.fixture
def conn(tmp_path: Path) -> sqlite3.Connection:
    c = connect(tmp_path / "c.sqlite")
    store.create_schema(c)
    store.insert_rows(
        c,
        ACCOUNT,
        [
            account(A1, "Acme 50% Off", "Tech"),
            account(A2, "acme_labs", None, A1, "2025-06-01T00:00:00.000+0000"),
            account(A3, "Beta O'Brien", "Retail", A1),
            account(A4, "Gamma \\ Slash", "tech"),
        ],
    )
    opp: dict[str, object] = {f.name: None for f in OPPORTUNITY.fields}
    opp.update(
        Id=salesforce_id("006", 1),
        AccountId=A1,
        Name="Deal",
        StageName="Closed Won",
        CloseDate="2026-03-01",
        Amount=1234.5,
        IsClosed=1,
        IsWon=1,
        CreatedDate=STAMP,
        LastModifiedDate=STAMP,
    )
    store.insert_rows(c, OPPORTUNITY, [tuple(opp[f.name] for f in OPPORTUNITY.fields)])
    return c


def opportunity(record_id: str, account_id: str, name: str, amount: float) -> tuple[object, ...]:
    values: dict[str, object] = {f.name: None for f in OPPORTUNITY.fields}
    values.update(
        Id=record_id,
        AccountId=account_id,
        Name=name,
        StageName="Prospecting",
        CloseDate="2026-04-01",
        Amount=amount,
        IsClosed=0,
        IsWon=0,
        CreatedDate=STAMP,
        LastModifiedDate=STAMP,
    )
    return tuple(values[f.name] for f in OPPORTUNITY.fields)


def names(conn: sqlite3.Connection, source: str) -> list[Any]:
    result = store.run_query(conn, compile_query(parse(source), source))
    assert isinstance(result, list)
    return [r.get("Name", r["Id"]) for r in result]


def ids(conn: sqlite3.Connection, where: str) -> list[Any]:
    source = f"SELECT Id FROM Account WHERE {where}"
    result = store.run_query(conn, compile_query(parse(source), source))
    assert isinstance(result, list)
    return sorted(r["Id"] for r in result)


def test_equality_on_strings_is_case_insensitive(conn):
    assert ids(conn, "Industry = 'TECH'") == [A1, A4]


def test_not_equal_includes_nulls(conn):
    assert ids(conn, "Industry != 'tech'") == [A2, A3]


def test_null_comparisons(conn):
    assert ids(conn, "Industry = null") == [A2]
    assert ids(conn, "ParentId != null") == [A2, A3]


def test_not_is_exact_with_nulls(conn):
    assert ids(conn, "NOT Industry = 'Retail'") == [A1, A2, A4]
    assert ids(conn, "NOT (Industry = 'Retail' OR Industry = null)") == [A1, A4]


def test_in_and_not_in(conn):
    assert ids(conn, "Industry IN ('retail', null)") == [A2, A3]
    assert ids(conn, "Industry NOT IN ('Retail')") == [A1, A2, A4]
    assert ids(conn, f"ParentId IN ('{A1}') AND Industry = 'Retail'") == [A3]


def test_like_wildcards_and_escapes(conn):
    assert ids(conn, "Name LIKE 'acme%'") == [A1, A2]
    assert ids(conn, "Name LIKE 'acme\\_%'") == [A2]
    assert ids(conn, "Name LIKE '%50\\%%'") == [A1]
    assert ids(conn, "Name LIKE 'acm_ 5%'") == [A1]
    assert ids(conn, "Name LIKE '%\\\\%'") == [A4]
    assert ids(conn, "Name LIKE 'Beta O\\'Brien'") == [A3]


def test_injection_attempt_stays_inside_the_string(conn):
    assert ids(conn, "Name LIKE 'x\\' OR Name LIKE \\'%'") == []
    assert ids(conn, "Name = 'x\\' OR Name != \\'y'") == []


def test_fifteen_character_ids_match(conn):
    assert ids(conn, f"Id = '{A3[:15]}'") == [A3]
    assert ids(conn, f"Id IN ('{A1.lower()}', '{A4}')") == [A1, A4]


def test_datetime_and_date_comparisons(conn):
    assert ids(conn, "CreatedDate < 2026-01-01T00:00:00Z") == [A2]
    assert ids(conn, "CreatedDate = 2026-01-02T04:04:05+01:00") == [A1, A3, A4]
    source = "SELECT Name FROM Opportunity WHERE CloseDate >= 2026-03-01 AND Amount > 1000 AND IsWon = true"
    assert names(conn, source) == ["Deal"]


def test_order_limit_offset(conn):
    assert names(conn, "SELECT Name FROM Account ORDER BY Name LIMIT 2 OFFSET 1") == [
        "acme_labs",
        "Beta O'Brien",
    ]
    assert names(conn, "SELECT Name FROM Account ORDER BY Industry DESC, Name") == [
        "Acme 50% Off",
        "Gamma \\ Slash",
        "Beta O'Brien",
        "acme_labs",
    ]
    assert names(conn, "SELECT Name FROM Account ORDER BY Industry NULLS LAST, Name")[-1] == "acme_labs"


def test_count(conn):
    source = "SELECT COUNT() FROM Account WHERE Industry != null"
    assert store.run_query(conn, compile_query(parse(source), source)) == 3


def test_top_level_id_terms_use_the_index(conn):
    source = f"SELECT Id FROM Account WHERE ParentId IN ('{A1}') AND Name LIKE 'B%'"
    compiled = compile_query(parse(source), source)
    plan = " ".join(
        str(tuple(r)) for r in conn.execute("EXPLAIN QUERY PLAN " + compiled.sql, compiled.params)
    )
    assert "ix_sf_account_ParentId" in plan


@pytest.mark.parametrize(
    ("where", "code"),
    [
        ("Name = 5", "INVALID_QUERY_FILTER_OPERATOR"),
        ("Amount = '5'", "INVALID_FIELD"),
        ("CreatedDate > 2026-01-01", "INVALID_QUERY_FILTER_OPERATOR"),
        ("Id = 'not-an-id'", "INVALID_QUERY_FILTER_OPERATOR"),
        ("Id = 5", "INVALID_QUERY_FILTER_OPERATOR"),
        ("Industry < null", "INVALID_QUERY_FILTER_OPERATOR"),
        ("CreatedDate LIKE 'x'", "INVALID_QUERY_FILTER_OPERATOR"),
        ("Nope = 'x'", "INVALID_FIELD"),
    ],
)
def test_type_errors(conn, where, code):
    source = f"SELECT Id FROM Account WHERE {where}"
    with pytest.raises(SalesforceError) as info:
        compile_query(parse(source), source)
    assert info.value.code == code


def test_boolean_and_date_type_errors():
    for where in (
        "IsWon = 'true'",
        "IsWon > true",
        "CloseDate = '2026-01-01'",
        "Amount = true",
        "CloseDate = 2026-02-30",
    ):
        source = f"SELECT Id FROM Opportunity WHERE {where}"
        with pytest.raises(SalesforceError):
            compile_query(parse(source), source)


def test_unknown_object():
    with pytest.raises(SalesforceError) as info:
        compile_query(parse("SELECT Id FROM Lead"), "SELECT Id FROM Lead")
    assert info.value.code == "INVALID_TYPE"


def test_names_are_case_insensitive_and_answers_use_canonical_case(conn):
    source = "select name, INDUSTRY from ACCOUNT where id = '" + A3 + "'"
    compiled = compile_query(parse(source), source)
    assert [f.name for f in compiled.fields] == ["Name", "Industry"]


def rows(conn: sqlite3.Connection, source: str) -> list[dict[str, Any]]:
    result = store.run_query(conn, compile_query(parse(source), source))
    assert isinstance(result, list)
    return result


def test_subquery_rows_are_grouped_by_parent_in_child_order(conn):
    store.insert_rows(
        conn,
        OPPORTUNITY,
        [
            opportunity(salesforce_id("006", 2), A1, "Second", 10.0),
            opportunity(salesforce_id("006", 3), A1, "third", 30.0),
            opportunity(salesforce_id("006", 4), A3, "Other", 5.0),
        ],
    )
    result = rows(
        conn,
        "SELECT Name, (SELECT Name, Amount FROM opportunities WHERE Amount > 6 ORDER BY Name DESC) "
        "FROM Account ORDER BY Name",
    )
    assert [r["Name"] for r in result] == ["Acme 50% Off", "acme_labs", "Beta O'Brien", "Gamma \\ Slash"]
    assert [list(r) for r in result] == [["Id", "Name", "Opportunities"]] * 4
    assert result[0]["Opportunities"] == [
        {"Id": salesforce_id("006", 3), "Name": "third", "Amount": 30.0},
        {"Id": salesforce_id("006", 2), "Name": "Second", "Amount": 10.0},
        {"Id": salesforce_id("006", 1), "Name": "Deal", "Amount": 1234.5},
    ]
    assert [r["Opportunities"] for r in result[1:]] == [[], [], []]


def test_subquery_limit_applies_per_parent(conn):
    store.insert_rows(
        conn,
        OPPORTUNITY,
        [
            opportunity(salesforce_id("006", 2), A1, "B", 1.0),
            opportunity(salesforce_id("006", 3), A3, "A", 1.0),
            opportunity(salesforce_id("006", 4), A3, "C", 1.0),
        ],
    )
    result = rows(
        conn,
        f"SELECT Id, (SELECT Name FROM Opportunities ORDER BY Name LIMIT 1) FROM Account WHERE Id IN "
        f"('{A1}', '{A3}') ORDER BY Id",
    )
    assert [[o["Name"] for o in r["Opportunities"]] for r in result] == [["B"], ["A"]]


def test_subquery_compiles_against_the_child_object():
    source = "SELECT Id, (SELECT id, STATUS FROM CONTRACTS WHERE startdate > 2026-01-01) FROM account"
    compiled = compile_query(parse(source), source)
    [child] = compiled.children
    assert child.relationship == "Contracts" and child.sobject.name == "Contract"
    assert [f.name for f in child.fields] == ["Id", "Status"] and child.reference.name == "AccountId"
    assert [f.name for f in compiled.fields] == ["Id"] and compiled.select == (compiled.fields[0], child)


@pytest.mark.parametrize(
    ("source", "code", "detail"),
    [
        (
            "SELECT Id, (SELECT Id FROM Contacts) FROM Account",
            "INVALID_TYPE",
            "Didn't understand relationship 'Contacts' in FROM part of query call.",
        ),
        (
            "SELECT Id, (SELECT Id FROM Contracts) FROM Opportunity",
            "INVALID_TYPE",
            "Didn't understand relationship 'Contracts' in FROM part of query call.",
        ),
        (
            "SELECT Id, (SELECT Amount FROM Contracts) FROM Account",
            "INVALID_FIELD",
            "No such column 'Amount' on entity 'Contract'.",
        ),
        (
            "SELECT Id, (SELECT Id FROM Contracts WHERE Name = 'x') FROM Account",
            "INVALID_FIELD",
            "No such column 'Name' on entity 'Contract'.",
        ),
        (
            "SELECT Id, (SELECT Id FROM Entitlements ORDER BY Amount) FROM Account",
            "INVALID_FIELD",
            "No such column 'Amount' on entity 'Entitlement'.",
        ),
        (
            "SELECT Id, (SELECT Id FROM Contracts WHERE StartDate = '2026-01-01') FROM Account",
            "INVALID_QUERY_FILTER_OPERATOR",
            "value of filter criterion for field 'StartDate' must be of type date",
        ),
    ],
)
def test_subquery_errors(source, code, detail):
    with pytest.raises(SalesforceError) as info:
        compile_query(parse(source), source)
    assert info.value.code == code
    assert detail in info.value.message


def test_unknown_relationship_is_located_and_explained():
    source = "SELECT Id,\n  (SELECT Id FROM Foo) FROM Account"
    with pytest.raises(SalesforceError) as info:
        compile_query(parse(source), source)
    assert info.value.code == "INVALID_TYPE"
    assert info.value.message == (
        "\n  (SELECT Id FROM Foo) FROM Account\n                  ^\nERROR at Row:2:Column:19\n"
        "Didn't understand relationship 'Foo' in FROM part of query call. If you are attempting to use a "
        "custom relationship, be sure to append the '__r' after the custom relationship name. Please "
        "reference your WSDL or the describe call for the appropriate names."
    )
