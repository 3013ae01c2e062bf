import pytest

from sandbox.crm.errors import SalesforceError
from sandbox.crm.soql.ast import BoolOp, Comparison, InList, Like, Name, Not, Subquery
from sandbox.crm.soql.parser import parse


def test_full_query():
    q = parse(
        "SELECT Id, Name FROM Account WHERE (Name LIKE 'A%' OR Industry IN ('Tech', null)) "
        "AND NOT Type = 'x' ORDER BY Name DESC NULLS FIRST, Id LIMIT 10 OFFSET 5"
    )
    assert [f.text for f in q.fields] == ["Id", "Name"]
    assert q.sobject.text == "Account"
    assert isinstance(q.where, BoolOp) and q.where.op == "AND"
    inner, negated = q.where.operands
    assert isinstance(inner, BoolOp) and inner.op == "OR"
    assert isinstance(inner.operands[0], Like) and isinstance(inner.operands[1], InList)
    assert isinstance(negated, Not) and isinstance(negated.operand, Comparison)
    assert [(o.field.text, o.descending, o.nulls_first) for o in q.order_by] == [
        ("Name", True, True),
        ("Id", False, None),
    ]
    assert (q.limit, q.offset) == (10, 5)


def test_keywords_are_case_insensitive_and_not_in_parses():
    q = parse("select id from account where id not in ('a') limit 1")
    assert isinstance(q.where, InList) and q.where.negated


def test_count():
    q = parse("SELECT COUNT() FROM Contract")
    assert q.count_only and q.fields == ()


@pytest.mark.parametrize(
    "source",
    [
        "SELECT FROM Account",
        "SELECT Id Account",
        "SELECT Id FROM Account WHERE",
        "SELECT Id FROM Account WHERE Name = 'a' AND Type = 'b' OR Id = 'c'",
        "SELECT Id FROM Account WHERE Name = 'a' OR Type = 'b' AND Id = 'c'",
        "SELECT Id FROM Account WHERE (Name = 'a'",
        "SELECT Id FROM Account LIMIT 'x'",
        "SELECT Id FROM Account LIMIT 1.5",
        "SELECT Id FROM Account GROUP BY Name",
        "SELECT Account.Name FROM Contract",
        "SELECT COUNT(Id) FROM Account",
        "SELECT MAX(Amount) FROM Opportunity",
        "SELECT Id, (SELECT Id FROM Contracts FROM Account",
        "SELECT Id, (Name) FROM Account",
        "SELECT Id, (SELECT Id FROM Contracts) c FROM Account",
        "SELECT Id FROM Account WHERE Id IN (SELECT AccountId FROM Contract)",
        "SELECT Id FROM Account WHERE Name LIKE 5",
        "SELECT Id, Name, name FROM Account",
        "SELECT Id FROM Account WHERE CreatedDate > TODAY",
        "SELECT Id FROM Account; DELETE",
    ],
)
def test_outside_the_subset_is_malformed(source):
    with pytest.raises(SalesforceError) as info:
        parse(source)
    assert info.value.code == "MALFORMED_QUERY"
    assert "ERROR at Row:1:Column:" in info.value.message


def test_offset_over_2000_is_out_of_range():
    with pytest.raises(SalesforceError) as info:
        parse("SELECT Id FROM Account OFFSET 2001")
    assert info.value.code == "NUMBER_OUTSIDE_VALID_RANGE"


def test_subqueries_parse_with_their_clauses():
    q = parse(
        "SELECT Id, Name, (SELECT Id, Status FROM Contracts WHERE Status != 'Draft' "
        "ORDER BY StartDate DESC, Id LIMIT 5), (SELECT Id, Name FROM Entitlements) "
        "FROM Account WHERE Id IN ('001000000000001', '001000000000002')"
    )
    assert [f.text for f in q.fields] == ["Id", "Name"]
    contracts, entitlements = q.subqueries
    assert q.select == (q.fields[0], q.fields[1], contracts, entitlements)
    assert contracts.relationship.text == "Contracts"
    assert [f.text for f in contracts.fields] == ["Id", "Status"]
    assert isinstance(contracts.where, Comparison) and contracts.where.op == "!="
    assert [(o.field.text, o.descending) for o in contracts.order_by] == [("StartDate", True), ("Id", False)]
    assert contracts.limit == 5
    assert entitlements == Subquery(
        (Name("Id", entitlements.fields[0].pos), Name("Name", entitlements.fields[1].pos)),
        Name("Entitlements", entitlements.relationship.pos),
        None,
        (),
        None,
    )
    assert isinstance(q.where, InList) and q.sobject.text == "Account"


def test_subqueries_mix_with_fields_in_any_position():
    q = parse("select (select id from contracts), Name, (SELECT Id FROM Opportunities), Id FROM Account")
    kinds = [item.relationship.text if isinstance(item, Subquery) else item.text for item in q.select]
    assert kinds == ["contracts", "Name", "Opportunities", "Id"]
    assert [f.text for f in q.fields] == ["Name", "Id"]


def test_id_and_subqueries_only():
    q = parse("SELECT Id, (SELECT Id FROM Contracts), (SELECT Id FROM Entitlements) FROM Account")
    assert [f.text for f in q.fields] == ["Id"]
    assert [s.relationship.text for s in q.subqueries] == ["Contracts", "Entitlements"]


@pytest.mark.parametrize(
    ("source", "detail"),
    [
        (
            "SELECT Id, (SELECT Id, (SELECT Id FROM Contracts) FROM Contracts) FROM Account",
            "Nested subqueries are not supported by this sandbox",
        ),
        ("SELECT Id, (SELECT COUNT() FROM Contracts) FROM Account", "COUNT() is not supported in a subquery"),
        (
            "SELECT Id, (SELECT Id FROM Contracts LIMIT 5 OFFSET 1) FROM Account",
            "OFFSET is not supported in a subquery by this sandbox",
        ),
        (
            "SELECT Id, (SELECT Id FROM Contracts), (SELECT Status FROM contracts) FROM Account",
            "duplicate field selected: contracts",
        ),
        (
            "SELECT Id, (SELECT Id, Status, status FROM Contracts) FROM Account",
            "duplicate field selected: status",
        ),
        (
            "SELECT COUNT(), (SELECT Id FROM Contracts) FROM Account",
            "Subqueries cannot be used in a COUNT() query",
        ),
    ],
)
def test_subqueries_outside_the_subset_are_malformed(source, detail):
    with pytest.raises(SalesforceError) as info:
        parse(source)
    assert info.value.code == "MALFORMED_QUERY"
    assert info.value.message.endswith("\n" + detail)
