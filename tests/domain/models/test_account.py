import pytest
from pydantic import ValidationError

from domain.models import Account, Tier


def test_account_canonicalises_ids_and_cross_reference():
    acct = Account(
        id="001000000000001",
        name="Acme",
        support_tier=Tier.ENTERPRISE,
        owner_id="005000000000001",
        parent_id="0015000000GJWlr",
        erp_customer_id=42,
        billing_customer_id="cus_abc",
        support_org_id="9",
    )
    assert acct.id == "001000000000001AAA"
    assert acct.parent_id == "0015000000GJWlrAAH"
    assert acct.owner_id == "005000000000001AAA"
    assert (acct.erp_customer_id, acct.billing_customer_id, acct.support_org_id) == ("42", "cus_abc", "9")


def test_account_rejects_wrong_object_ids_and_extras():
    with pytest.raises(ValidationError):
        Account(id="800000000000001", name="x")
    with pytest.raises(ValidationError):
        Account(id="001000000000001", name="x", owner_id="001000000000001")
    with pytest.raises(ValidationError):
        Account(id="001000000000001", name="x", unexpected=1)  # type: ignore[call-arg]


def test_account_is_frozen():
    acct = Account(id="001000000000001", name="x")
    with pytest.raises(ValidationError):
        acct.name = "y"  # type: ignore[misc]
