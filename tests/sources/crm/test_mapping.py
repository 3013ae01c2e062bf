from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from domain.models import ContractStatus, EntitlementStatus, Tier
from sources.crm import mapping
from sources.crm.payloads import AccountRecord, ContractRecord, EntitlementRecord, QueryResult

ACCOUNT = "0015T0000000001QAA"


def account_json(**overrides: object) -> dict[str, object]:
    record: dict[str, object] = {
        "attributes": {"type": "Account", "url": f"/services/data/v60.0/sobjects/Account/{ACCOUNT}"},
        "Id": ACCOUNT,
        "Name": "Pied Works",
        "Industry": "Healthcare",
        "Type": "Customer - Direct",
        "Segment__c": "Mid-Market",
        "Support_Tier__c": "Business",
        "OwnerId": "0055T0000000001QAA",
        "Website": "https://pied.example",
        "ParentId": None,
        "ERP_Customer_Id__c": "1000",
        "Billing_Customer_Id__c": "cus_QGVfHBjLuFxtwL",
        "Support_Org_Id__c": "360000100000",
    }
    record.update(overrides)
    return record


def test_account() -> None:
    account = mapping.to_account(AccountRecord.model_validate(account_json()))
    assert account.id == ACCOUNT
    assert account.support_tier is Tier.BUSINESS
    assert account.erp_customer_id == "1000"
    assert account.billing_customer_id == "cus_QGVfHBjLuFxtwL"
    assert account.support_org_id == "360000100000"


def test_account_with_blank_cross_reference() -> None:
    account = mapping.to_account(AccountRecord.model_validate(account_json(ERP_Customer_Id__c="")))
    assert account.erp_customer_id is None


def test_query_result_of_records() -> None:
    page = QueryResult[AccountRecord].model_validate(
        {"totalSize": 1, "done": True, "records": [account_json()]}
    )
    assert page.done and page.records[0].name == "Pied Works"


def test_contract() -> None:
    record = ContractRecord.model_validate(
        {
            "Id": "8005T0000000001QAA",
            "AccountId": ACCOUNT,
            "ContractNumber": "00000001",
            "Status": "Activated",
            "StartDate": "2026-10-01",
            "EndDate": "2027-09-30",
            "ContractTerm": 12,
            "ActivatedDate": "2026-10-01T12:00:00.000+0000",
        }
    )
    contract = mapping.to_contract(record)
    assert contract.status is ContractStatus.ACTIVATED
    assert contract.end_date == date(2027, 9, 30)
    assert contract.activated_at == datetime(2026, 10, 1, 12, tzinfo=UTC)


def test_unknown_contract_status_is_refused() -> None:
    record = ContractRecord.model_validate(
        {"Id": "8005T0000000001QAA", "AccountId": ACCOUNT, "ContractNumber": "1", "Status": "Weird"}
    )
    with pytest.raises(ValueError, match="status"):
        mapping.to_contract(record)


def test_entitlement_numbers_are_read_exactly() -> None:
    record = EntitlementRecord.model_validate(
        {
            "Id": "5505T0000000001QAA",
            "AccountId": ACCOUNT,
            "Name": "Phone",
            "Status": "Active",
            "CasesPerEntitlement": Decimal("10.0"),
            "RemainingCases": Decimal("-2"),
        }
    )
    entitlement = mapping.to_entitlement(record)
    assert entitlement.status is EntitlementStatus.ACTIVE
    assert entitlement.cases_per_entitlement == 10
    assert entitlement.remaining_cases == -2
    fractional = record.model_copy(update={"remaining_cases": Decimal("1.5")})
    with pytest.raises(ValueError, match="whole"):
        mapping.to_entitlement(fractional)


def test_contracts_newest_start_first() -> None:
    def contract(cid: str, start: str | None) -> ContractRecord:
        return ContractRecord.model_validate(
            {
                "Id": cid,
                "AccountId": ACCOUNT,
                "ContractNumber": cid[-3:],
                "Status": "Draft",
                "StartDate": start,
            }
        )

    ordered = mapping.newest_first(
        [
            mapping.to_contract(contract("8005T0000000001QAA", "2025-01-01")),
            mapping.to_contract(contract("8005T0000000002QAA", None)),
            mapping.to_contract(contract("8005T0000000003QAA", "2026-01-01")),
        ]
    )
    assert [c.id[-6:] for c in ordered] == ["0003QAA"[-6:], "0001QAA"[-6:], "0002QAA"[-6:]]
