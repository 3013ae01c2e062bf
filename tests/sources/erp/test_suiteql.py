from __future__ import annotations

import pytest

from domain.ids import InvalidId
from sources.erp import suiteql


def test_ids_are_validated_integers() -> None:
    assert suiteql.id_list(["12", "7"]) == "(12,7)"
    with pytest.raises(InvalidId):
        suiteql.id_list(["1) OR (1=1"])
    with pytest.raises(InvalidId):
        suiteql.id_list(["012"])


def test_quote_doubles_single_quotes() -> None:
    assert suiteql.quote("O'Brien") == "'O''Brien'"
    with pytest.raises(ValueError, match="NUL"):
        suiteql.quote("a\x00b")


def test_customer_query_uses_display_values_for_references() -> None:
    q = suiteql.customers_by_ids(["1000"])
    assert "BUILTIN.DF(currency) AS currency" in q
    assert q.endswith("FROM customer WHERE id IN (1000) ORDER BY id")
