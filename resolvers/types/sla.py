"""The SLA that applies to a customer: its policy, targets per priority, and open cases against it."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.models import CasePriority, SlaMetric, Tier
from domain.models import SlaPolicy as DomainPolicy
from domain.models import SlaTarget as DomainTarget
from domain.sla import AppliedSla, CaseSlaAlert


@strawberry.type(description="One SLA target: for a priority and metric, the minutes allowed.")
class SlaTarget:
    """An SLA target."""

    priority: CasePriority
    metric: SlaMetric
    target_minutes: int
    business_hours: bool

    @staticmethod
    def of(target: DomainTarget) -> SlaTarget:
        """Build from the domain target."""
        return SlaTarget(
            priority=target.priority,
            metric=target.metric,
            target_minutes=target.target_minutes,
            business_hours=target.business_hours,
        )


@strawberry.type(description="A support SLA policy; `id` is the Zendesk policy id.")
class SlaPolicy:
    """Zendesk SLA policy; `tier` is null for the default policy."""

    id: strawberry.ID
    title: str
    description: str | None
    position: int | None
    tier: Tier | None
    targets: list[SlaTarget]

    @staticmethod
    def of(policy: DomainPolicy) -> SlaPolicy:
        """Build from the domain policy."""
        return SlaPolicy(
            id=strawberry.ID(policy.id),
            title=policy.title,
            description=policy.description,
            position=policy.position,
            tier=policy.tier,
            targets=[SlaTarget.of(t) for t in policy.targets],
        )


@strawberry.type(description="The targets of the applying policy for one priority.")
class SlaPriorityTargets:
    """Targets by priority."""

    priority: CasePriority
    targets: list[SlaTarget]


@strawberry.type(description="One metric of one open case that is breached or about to be.")
class SlaAlert:
    """A case metric in breach or at risk; `minutesRemaining` is negative once breached."""

    case_id: strawberry.ID
    subject: str
    priority: CasePriority | None
    metric: SlaMetric
    breach_at: datetime
    minutes_remaining: int

    @staticmethod
    def of(alert: CaseSlaAlert) -> SlaAlert:
        """Build from the domain alert."""
        return SlaAlert(
            case_id=strawberry.ID(alert.case_id),
            subject=alert.subject,
            priority=alert.priority,
            metric=alert.metric,
            breach_at=alert.breach_at,
            minutes_remaining=alert.minutes_remaining,
        )


@strawberry.type(description="The SLA that applies to the customer and its open cases against it.")
class Sla:
    """Applied SLA: the tier's policy (else the default), targets, and cases in breach or at risk."""

    tier: Tier | None
    policy: SlaPolicy | None
    targets: list[SlaPriorityTargets]
    breached: list[SlaAlert]
    at_risk: list[SlaAlert]
    breached_case_ids: list[strawberry.ID]
    at_risk_case_ids: list[strawberry.ID]

    @staticmethod
    def of(applied: AppliedSla) -> Sla:
        """Build from the domain result."""
        return Sla(
            tier=applied.tier,
            policy=None if applied.policy is None else SlaPolicy.of(applied.policy),
            targets=[
                SlaPriorityTargets(priority=p, targets=[SlaTarget.of(t) for t in ts])
                for p, ts in applied.targets_by_priority.items()
            ],
            breached=[SlaAlert.of(a) for a in applied.breached],
            at_risk=[SlaAlert.of(a) for a in applied.at_risk],
            breached_case_ids=[strawberry.ID(i) for i in applied.breached_case_ids],
            at_risk_case_ids=[strawberry.ID(i) for i in applied.at_risk_case_ids],
        )
