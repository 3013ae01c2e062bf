from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import ValidationError

from domain.models import CreditHold
from domain.money import Money
from sources.erp import mapping
from sources.erp.payloads import CustomerRow, SuiteQlPage


def row(**overrides: str) -> CustomerRow:
    data = {
        "links": [],
        "id": "1000",
        "entityid": "CUST-000001",
        "companyname": "Pied Works Inc.",
        "subsidiary": "Tessera Holdings Inc.",
        "currency": "USD",
        "terms": "Net 30",
        "creditlimit": "50000",
        "creditholdoverride": "AUTO",
        "balancesearch": "1234.56",
        "overduebalancesearch": ".1",
        "daysoverduesearch": "12",
    }
    data.update(overrides)
    return CustomerRow.model_validate(data)


def test_amounts_are_exact_decimals_from_strings() -> None:
    legal = mapping.to_legal_entity(row())
    assert legal.balance == Money.of("1234.56", "USD")
    assert legal.overdue_balance.amount == Decimal("0.1")
    assert legal.credit_limit == Money.of("50000", "USD")
    assert legal.days_overdue == 12
    assert legal.credit_hold is CreditHold.AUTO
    assert legal.payment_terms == "Net 30"


def test_omitted_columns_mean_null() -> None:
    data = row().model_dump(exclude={"creditlimit", "balancesearch", "terms", "daysoverduesearch"})
    legal = mapping.to_legal_entity(CustomerRow.model_validate(data))
    assert legal.credit_limit is None
    assert legal.balance == Money.zero("USD")
    assert legal.days_overdue == 0


def test_oracle_number_forms() -> None:
    assert mapping.decimal("-.25") == Decimal("-0.25")
    with pytest.raises(ValueError, match="number"):
        mapping.decimal("12,5")


def test_values_must_be_strings_as_suiteql_sends_them() -> None:
    with pytest.raises(ValidationError):
        CustomerRow.model_validate({"id": 1000, "entityid": "C", "companyname": "x", "currency": "USD"})


def test_page() -> None:
    page = SuiteQlPage[CustomerRow].model_validate(
        {
            "links": [],
            "count": 1,
            "hasMore": False,
            "offset": 0,
            "totalResults": 1,
            "items": [row().model_dump()],
        }
    )
    assert page.items[0].id == "1000"
