import pytest
from pydantic import ValidationError

from domain.models import CasePriority, SlaPolicy, SlaTarget, SupportOrganization, Tier
from tests.domain.builders import case


def test_case_ids_are_strings_of_ints_and_openness():
    assert case(12).id == "12"
    assert case(1, "pending").is_open and case(1, "hold").is_open
    assert not case(1, "solved").is_open and not case(1, "closed").is_open
    assert case(1, priority=None).priority is None


def test_sla_policy_and_organization():
    policy = SlaPolicy(
        id=3,
        title="Enterprise",
        tier=Tier.ENTERPRISE,
        targets=[
            SlaTarget(priority="urgent", metric="first_reply_time", target_minutes=30, business_hours=False)
        ],
    )
    assert policy.targets[0].priority is CasePriority.URGENT
    assert isinstance(policy.targets, tuple)
    org = SupportOrganization(id="7", name="Acme", domain_names=["acme.test"], tags=["enterprise"])
    assert org.domain_names == ("acme.test",)
    with pytest.raises(ValidationError):
        SlaTarget(priority="urgent", metric="first_reply_time", target_minutes=0, business_hours=False)
    with pytest.raises(ValidationError):
        SlaTarget(priority="urgent", metric="made_up_time", target_minutes=5, business_hours=False)
