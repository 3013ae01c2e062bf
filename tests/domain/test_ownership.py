import pytest

from domain.ownership import (
    OWNERSHIP,
    WRITE_TARGETS,
    Fact,
    NotOwner,
    WriteOperation,
    assert_owner,
    facts_owned_by,
    owner_of,
    route_write,
)
from domain.systems import SourceSystem


def test_every_fact_has_exactly_one_owner():
    assert set(OWNERSHIP) == set(Fact)
    owned = [facts_owned_by(system) for system in SourceSystem]
    assert sum(len(f) for f in owned) == len(Fact)


@pytest.mark.parametrize(
    ("fact", "owner"),
    [
        (Fact.ACCOUNT_IDENTITY, SourceSystem.CRM),
        (Fact.CROSS_REFERENCE, SourceSystem.CRM),
        (Fact.CONTRACT, SourceSystem.CRM),
        (Fact.ENTITLEMENT, SourceSystem.CRM),
        (Fact.LEGAL_ENTITY, SourceSystem.ERP),
        (Fact.CREDIT_LIMIT, SourceSystem.ERP),
        (Fact.CREDIT_HOLD, SourceSystem.ERP),
        (Fact.AR_BALANCE, SourceSystem.ERP),
        (Fact.BILLING_CUSTOMER, SourceSystem.BILLING),
        (Fact.SUBSCRIPTION, SourceSystem.BILLING),
        (Fact.INVOICE, SourceSystem.BILLING),
        (Fact.CREDIT_NOTE, SourceSystem.BILLING),
        (Fact.SUPPORT_ORGANIZATION, SourceSystem.SUPPORT),
        (Fact.CASE, SourceSystem.SUPPORT),
        (Fact.SLA_POLICY, SourceSystem.SUPPORT),
    ],
)
def test_owner_of(fact, owner):
    assert owner_of(fact) is owner
    assert_owner(fact, owner)


def test_assert_owner_refuses_other_systems():
    with pytest.raises(NotOwner) as info:
        assert_owner(Fact.CREDIT_HOLD, SourceSystem.BILLING)
    assert (info.value.fact, info.value.system, info.value.owner) == (
        Fact.CREDIT_HOLD,
        SourceSystem.BILLING,
        SourceSystem.ERP,
    )
    assert "billing does not own credit_hold" in str(info.value)


@pytest.mark.parametrize(
    ("operation", "system"),
    [
        (WriteOperation.AMEND_SUBSCRIPTION, SourceSystem.BILLING),
        (WriteOperation.ISSUE_CREDIT, SourceSystem.BILLING),
        (WriteOperation.RENEW_CONTRACT, SourceSystem.CRM),
        (WriteOperation.ESCALATE_CASE, SourceSystem.SUPPORT),
        (WriteOperation.SET_CREDIT_HOLD, SourceSystem.ERP),
    ],
)
def test_write_routing(operation, system):
    assert route_write(operation) is system


def test_registry_is_read_only():
    assert set(WRITE_TARGETS) == set(WriteOperation)
    with pytest.raises(TypeError):
        OWNERSHIP[Fact.CASE] = SourceSystem.CRM  # type: ignore[index]
