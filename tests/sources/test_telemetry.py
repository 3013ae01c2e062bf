from __future__ import annotations

import pytest

from sources.telemetry import GuardedObserver, NullObserver, endpoint_template, guarded


@pytest.mark.parametrize(
    ("url", "template"),
    [
        ("/services/data/v60.0/query?q=SELECT+Id", "/services/data/v60.0/query"),
        ("/services/data/v60.0/query/01gD0000002HU6KIAW-2000", "/services/data/v60.0/query/{id}"),
        (
            "/services/data/v60.0/sobjects/Contract/8005T0000000001QAA",
            "/services/data/v60.0/sobjects/Contract/{id}",
        ),
        ("/api/v2/organizations/361/tickets?page[size]=100", "/api/v2/organizations/{id}/tickets"),
        ("/v1/customers/cus_abcdef", "/v1/customers/{id}"),
        ("/v1/invoices", "/v1/invoices"),
        ("/v1/credit_notes", "/v1/credit_notes"),
        ("/v1/customers/cus_Nf3kP0aZq81LxY/balance_transactions", "/v1/customers/{id}/balance_transactions"),
        ("/api/v2/tickets/show_many?ids=1,2", "/api/v2/tickets/show_many"),
        ("http://erp.test/services/rest/record/v1/customer/42", "/services/rest/record/v1/customer/{id}"),
        ("/v1/customers/cus_A1b2%20x/balance_transactions", "/v1/customers/{id}/balance_transactions"),
        ("/api/v2/./slas/policies", "/api/v2/./slas/policies"),
        ("/api/v2/organizations/361/tickets#top", "/api/v2/organizations/{id}/tickets"),
    ],
)
def test_endpoint_templates_carry_no_ids_or_queries(url: str, template: str) -> None:
    assert endpoint_template(url) == template


def test_guarded_wraps_once_and_defaults_to_null() -> None:
    first = guarded(None)
    assert isinstance(first.inner, NullObserver)
    assert guarded(first) is first
    assert isinstance(guarded(NullObserver()), GuardedObserver)
