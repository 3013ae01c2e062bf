from __future__ import annotations

import pytest

from sandbox.erp.errors import NetSuiteError
from sandbox.erp.patch import customer_changes


def test_valid_changes_become_stored_values():
    changes = customer_changes(
        {
            "creditHoldOverride": {"id": "OFF"},
            "creditLimit": 1234.56,
            "terms": {"id": "7"},
            "companyName": "Acme O'Brien Ltd.",
            "email": "ap@acme.example",
        }
    )
    assert changes == {
        "creditHoldOverride": "OFF",
        "creditLimit": 123456,
        "terms": 7,
        "companyName": "Acme O'Brien Ltd.",
        "email": "ap@acme.example",
    }
    assert customer_changes({"creditLimit": None, "email": None, "terms": None}) == {
        "creditLimit": None,
        "email": None,
        "terms": None,
    }
    assert customer_changes({"creditLimit": 10}) == {"creditLimit": 1000}


def _codes(body: object) -> list[tuple[str | None, str]]:
    with pytest.raises(NetSuiteError) as caught:
        customer_changes(body)
    assert caught.value.status == 400
    return [(d.path, d.code) for d in caught.value.details]


@pytest.mark.parametrize("field", ["balance", "overdueBalance", "daysOverdue", "id", "aging3", "currency"])
def test_read_only_fields_are_refused(field):
    assert _codes({field: 1}) == [(field, "USER_ERROR")]


@pytest.mark.parametrize(
    "body",
    [
        {"creditHoldOverride": {"id": "MAYBE"}},
        {"creditHoldOverride": "ON"},  # a select field takes a reference object
        {"creditHoldOverride": {"id": True}},
        {"creditLimit": -1},
        {"creditLimit": 1.234},
        {"creditLimit": 10**13},
        {"creditLimit": "100"},
        {"creditLimit": True},
        {"terms": {"id": "99"}},
        {"terms": "Net 30"},
        {"email": "not-an-email"},
        {"email": 5},
        {"companyName": ""},
        {"companyName": None},
        {"companyName": "x" * 84},
        {"nosuchField": 1},
    ],
)
def test_bad_values_are_refused_with_their_path(body):
    [(path, code)] = _codes(body)
    assert path == next(iter(body))
    assert code == "INVALID_CONTENT"


def test_every_problem_is_reported_at_once():
    assert _codes({"balance": 1, "foo": 2, "creditLimit": -5}) == [
        ("balance", "USER_ERROR"),
        ("foo", "INVALID_CONTENT"),
        ("creditLimit", "INVALID_CONTENT"),
    ]


def test_a_body_that_is_not_an_object_is_refused():
    assert _codes(["creditLimit"]) == [(None, "INVALID_CONTENT")]
