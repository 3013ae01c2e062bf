from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from bench.critical_path import critical_path_ms


def soql(statement: str, duration_ms: float) -> dict[str, Any]:
    return {
        "path": "/services/data/v60.0/query",
        "query": urlencode({"q": statement}),
        "duration_ms": duration_ms,
    }


def call(path: str, duration_ms: float) -> dict[str, Any]:
    return {"path": path, "query": "", "duration_ms": duration_ms}


def test_cold_profile_is_the_account_then_the_slowest_system_that_waits_for_it() -> None:
    journals = {
        "crm": [
            soql("SELECT Id, Name, Billing_Customer_Id__c FROM Account WHERE Id IN ('001')", 21.0),
            soql("SELECT Id FROM Contract WHERE AccountId IN ('001')", 22.0),
            soql("SELECT Id FROM Entitlement WHERE AccountId IN ('001')", 20.5),
        ],
        "erp": [call("/services/rest/query/v1/suiteql", 20.2)],
        "billing": [call("/v1/subscriptions", 23.0), call("/v1/invoices", 24.5)],
        "support": [call("/api/v2/slas/policies", 20.1), call("/api/v2/organizations/1/tickets", 20.4)],
    }

    assert critical_path_ms(journals, {"billing": 16, "support": 16}) == 21.0 + 24.5


def test_without_the_account_query_the_bound_is_the_slowest_call() -> None:
    journals = {
        "crm": [soql("SELECT Id FROM Contract WHERE AccountId IN ('001')", 20.3)],
        "billing": [call("/v1/invoices", 25.0)],
        "support": [call("/api/v2/slas/policies", 26.0)],
    }

    assert critical_path_ms(journals, {"billing": 16}) == 26.0


def test_a_fan_out_cannot_beat_its_concurrency() -> None:
    journals = {
        "crm": [soql("SELECT Id, ERP_Customer_Id__c FROM Account WHERE Id IN ('001', '002')", 10.0)],
        "billing": [call("/v1/invoices", 20.0) for _ in range(64)],
    }

    # 64 calls of 20 ms, 16 at a time: at least 4 rounds.
    assert critical_path_ms(journals, {"billing": 16}) == 10.0 + 80.0
    # Unbounded, the slowest call alone.
    assert critical_path_ms(journals, {"billing": 1000}) == 10.0 + 20.0


def test_an_account_query_for_its_children_alone_waits_for_nothing_and_nothing_waits_for_it() -> None:
    children = (
        "SELECT Id, (SELECT Id FROM Contracts), (SELECT Id FROM Entitlements) "
        "FROM Account WHERE Id IN ('001')"
    )
    journals = {
        "crm": [soql(children, 21.0)],
        "billing": [call("/v1/invoices", 23.0)],
        "support": [call("/api/v2/organizations/1/tickets", 20.4)],
    }

    # The account's cross-reference was cached: every call ran from the start, side by side.
    assert critical_path_ms(journals, {"billing": 16, "support": 16}) == 23.0


def test_the_account_query_with_its_children_is_the_cross_reference() -> None:
    combined = (
        "SELECT Id, Name, ERP_Customer_Id__c, Billing_Customer_Id__c, Support_Org_Id__c, "
        "(SELECT Id FROM Contracts), (SELECT Id FROM Entitlements) FROM Account WHERE Id IN ('001')"
    )
    journals = {"crm": [soql(combined, 21.0)], "billing": [call("/v1/invoices", 23.0)]}

    assert critical_path_ms(journals, {"billing": 16}) == 21.0 + 23.0
