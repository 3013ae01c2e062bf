"""SLA application: the policy that governs a customer's cases, and which open cases breach it.

The policy is the one whose tier equals the customer's support tier; if none does (or the tier is
unknown), the default policy (tier None) applies. Among several candidates the lowest Zendesk `position`
wins, as in Zendesk's own first-match evaluation; unpositioned policies come last, in the given order.
A case metric is breached when its stage is active and breach_at <= as_of, and at risk when its stage is
active and as_of < breach_at <= as_of + at_risk_within. Solved and closed cases are ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from domain.models._base import DomainModel, UtcDatetime
from domain.models.account import Tier
from domain.models.support import (
    Case,
    CasePriority,
    CaseSlaMetric,
    SlaMetric,
    SlaPolicy,
    SlaStage,
    SlaTarget,
)

DEFAULT_AT_RISK_WITHIN = timedelta(hours=1)


class CaseSlaAlert(DomainModel):
    """One metric of one open case that is breached or about to be."""

    case_id: str
    subject: str
    priority: CasePriority | None
    metric: SlaMetric
    breach_at: UtcDatetime
    minutes_remaining: int
    """Whole minutes until breach, negative once breached (rounded toward breach)."""


class AppliedSla(DomainModel):
    """The SLA that applies to a customer and the state of its open cases against it."""

    tier: Tier | None
    policy: SlaPolicy | None
    targets_by_priority: dict[CasePriority, tuple[SlaTarget, ...]]
    breached: tuple[CaseSlaAlert, ...]
    at_risk: tuple[CaseSlaAlert, ...]

    @property
    def breached_case_ids(self) -> tuple[str, ...]:
        """Ids of cases with at least one breached metric, in first-seen order."""
        return tuple(dict.fromkeys(alert.case_id for alert in self.breached))

    @property
    def at_risk_case_ids(self) -> tuple[str, ...]:
        """Ids of cases with a metric at risk and none breached, in first-seen order."""
        breached = set(self.breached_case_ids)
        return tuple(dict.fromkeys(a.case_id for a in self.at_risk if a.case_id not in breached))


def select_policy(tier: Tier | None, policies: Sequence[SlaPolicy]) -> SlaPolicy | None:
    """Return the policy for a tier, else the default (tier None) policy, else None."""

    def rank(indexed: tuple[int, SlaPolicy]) -> tuple[bool, int, int]:
        index, policy = indexed
        return (policy.position is None, policy.position or 0, index)

    for wanted in (tier, None) if tier is not None else (None,):
        matching = [(i, p) for i, p in enumerate(policies) if p.tier == wanted]
        if matching:
            return min(matching, key=rank)[1]
    return None


def _alert(case: Case, metric: CaseSlaMetric, breach_at: datetime, as_of: datetime) -> CaseSlaAlert:
    seconds = (breach_at - as_of).total_seconds()
    return CaseSlaAlert(
        case_id=case.id,
        subject=case.subject,
        priority=case.priority,
        metric=metric.metric,
        breach_at=breach_at,
        minutes_remaining=int(seconds // 60),
    )


def applicable_sla(
    *,
    tier: Tier | None,
    policies: Sequence[SlaPolicy],
    open_cases: Sequence[Case],
    as_of: datetime,
    at_risk_within: timedelta = DEFAULT_AT_RISK_WITHIN,
) -> AppliedSla:
    """Apply the customer's SLA policy and find open cases in breach or at risk at `as_of`."""
    if as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    if at_risk_within < timedelta(0):
        raise ValueError("at_risk_within must not be negative")
    policy = select_policy(tier, policies)
    targets: dict[CasePriority, tuple[SlaTarget, ...]] = {}
    if policy is not None:
        for priority in CasePriority:
            chosen = tuple(t for t in policy.targets if t.priority is priority)
            if chosen:
                targets[priority] = chosen

    breached: list[CaseSlaAlert] = []
    at_risk: list[CaseSlaAlert] = []
    horizon = as_of + at_risk_within
    for case in open_cases:
        if not case.is_open:
            continue
        for metric in case.sla:
            if metric.stage is not SlaStage.ACTIVE or metric.breach_at is None:
                continue
            if metric.breach_at <= as_of:
                breached.append(_alert(case, metric, metric.breach_at, as_of))
            elif metric.breach_at <= horizon:
                at_risk.append(_alert(case, metric, metric.breach_at, as_of))
    return AppliedSla(
        tier=tier,
        policy=policy,
        targets_by_priority=targets,
        breached=tuple(breached),
        at_risk=tuple(at_risk),
    )
