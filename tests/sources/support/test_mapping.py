from __future__ import annotations

import base64

from domain.models import CasePriority, CaseStatus, SlaMetric, SlaStage, Tier
from sources.support import mapping
from sources.support.client import basic_auth
from sources.support.payloads import PolicyFilter, SlaPolicyObject, TicketObject


def test_basic_auth_is_email_slash_token() -> None:
    header = basic_auth("agent@x.example", "abc")
    assert base64.b64decode(header.removeprefix("Basic ")) == b"agent@x.example/token:abc"


def test_case_with_sla_state() -> None:
    ticket = TicketObject.model_validate(
        {
            "id": 10004,
            "subject": "Down",
            "status": "open",
            "priority": "urgent",
            "organization_id": 360000100000,
            "created_at": "2026-11-01T06:07:15Z",
            "updated_at": "2026-11-01T12:00:00Z",
            "slas": {
                "policy_metrics": [
                    {
                        "breach_at": "2026-11-01T07:07:15Z",
                        "stage": "active",
                        "metric": "first_reply_time",
                        "hours": -4,
                    },
                    {"breach_at": None, "stage": "active", "metric": "some_future_metric"},
                ]
            },
        }
    )
    case = mapping.to_case(ticket)
    assert case.id == "10004" and case.organization_id == "360000100000"
    assert case.status is CaseStatus.OPEN and case.priority is CasePriority.URGENT
    assert [(m.metric, m.stage) for m in case.sla] == [(SlaMetric.FIRST_REPLY_TIME, SlaStage.ACTIVE)]


def test_policy_tier_from_filter() -> None:
    def f(value: object, field: str = "current_tags", operator: str = "includes") -> PolicyFilter:
        return PolicyFilter.model_validate({"all": [{"field": field, "operator": operator, "value": value}]})

    assert mapping.policy_tier(f("tier_enterprise")) is Tier.ENTERPRISE
    assert mapping.policy_tier(f("vip tier_business")) is Tier.BUSINESS
    assert mapping.policy_tier(f("tier_unknown")) is None
    assert mapping.policy_tier(f("tier_business", operator="not_includes")) is None
    assert mapping.policy_tier(PolicyFilter()) is None


def test_sla_policy_targets() -> None:
    policy = SlaPolicyObject.model_validate(
        {
            "id": 360000001,
            "title": "Enterprise",
            "position": 1,
            "filter": {
                "all": [{"field": "current_tags", "operator": "includes", "value": "tier_enterprise"}]
            },
            "policy_metrics": [
                {"priority": "urgent", "metric": "first_reply_time", "target": 30, "business_hours": False}
            ],
        }
    )
    domain = mapping.to_sla_policy(policy)
    assert domain.tier is Tier.ENTERPRISE
    assert domain.targets[0].target_minutes == 30
