from __future__ import annotations

import pytest

from domain.ids import InvalidId
from sources.crm import soql

ACCOUNT = "0015T0000000001QAA"


def test_quote_escapes_quotes_backslashes_and_newlines() -> None:
    assert soql.quote("O'Brien") == r"'O\'Brien'"
    assert soql.quote("a\\b") == r"'a\\b'"
    assert soql.quote("x\ny") == r"'x\ny'"
    assert soql.quote("' OR Name != '") == r"'\' OR Name != \''"


def test_quote_like_escapes_wildcards() -> None:
    assert soql.quote_like("100%_off") == r"'%100\%\_off%'"
    assert soql.quote_like("it's") == r"'%it\'s%'"


def test_ids_are_validated_and_canonical() -> None:
    assert soql.id_list([ACCOUNT[:15]]) == f"('{ACCOUNT}')"
    with pytest.raises(InvalidId):
        soql.id_list(["001' OR Id != '"])
    with pytest.raises(ValueError, match="at least one"):
        soql.id_list([])


def test_accounts_query() -> None:
    q = soql.account_parts_by_ids([ACCOUNT], frozenset({soql.ACCOUNT}))
    assert q == f"SELECT {', '.join(soql.ACCOUNT_FIELDS)} FROM Account WHERE Id IN ('{ACCOUNT}')"


def test_an_account_with_its_children_is_one_query_with_a_subquery_each() -> None:
    q = soql.account_parts_by_ids([ACCOUNT], frozenset({soql.ACCOUNT, soql.CONTRACTS, soql.ENTITLEMENTS}))
    assert q == (
        f"SELECT {', '.join(soql.ACCOUNT_FIELDS)}, "
        f"(SELECT {', '.join(soql.CONTRACT_FIELDS)} FROM Contracts ORDER BY StartDate DESC, Id), "
        f"(SELECT {', '.join(soql.ENTITLEMENT_FIELDS)} FROM Entitlements ORDER BY StartDate DESC, Id) "
        f"FROM Account WHERE Id IN ('{ACCOUNT}')"
    )


def test_children_alone_select_only_the_account_id() -> None:
    q = soql.account_parts_by_ids([ACCOUNT], frozenset({soql.ENTITLEMENTS}))
    assert q.startswith("SELECT Id, (SELECT Id, AccountId, Name,")
    assert "Contracts" not in q and "ERP_Customer_Id__c" not in q


@pytest.mark.parametrize("parts", [frozenset(), frozenset({"opportunities"})])
def test_only_an_account_s_known_parts(parts: frozenset[str]) -> None:
    with pytest.raises(ValueError, match="not parts of an account"):
        soql.account_parts_by_ids([ACCOUNT], parts)


def test_cross_reference_lookup_only_takes_known_fields() -> None:
    assert soql.account_id_by_field("Billing_Customer_Id__c", "cus_1") == (
        "SELECT Id FROM Account WHERE Billing_Customer_Id__c = 'cus_1' LIMIT 2"
    )
    with pytest.raises(ValueError, match="cross-reference"):
        soql.account_id_by_field("Name = 'x' OR Id", "1")


def test_search_bounds_first() -> None:
    assert soql.search_accounts("Acme", 5).endswith("ORDER BY Name, Id LIMIT 5")
    with pytest.raises(ValueError, match="first"):
        soql.search_accounts("Acme", 0)
