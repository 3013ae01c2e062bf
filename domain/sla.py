"""SLA application: the policy that governs a customer's cases, and which open cases breach it.

The policy is the one whose tier equals the customer's support tier; if none does (or the tier is
unknown), the default policy (tier None) applies. Among several candidates the lowest Zendesk `position`
wins, as in Zendesk's own first-match evaluation; unpositioned policies come last, in the given order.
A case metric is breached when its stage is active and breach_at <= as_of, and at risk when its stage is
active and as_of < breach_at <= as_of + at_risk_within. Solved and closed cases are ignored.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
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


#: Where an instant puts one timed metric: (breached, whole minutes remaining) when breached or at risk,
#: None when neither.
Standing = tuple[bool, int] | None


def _timed(open_cases: Sequence[Case]) -> Iterator[tuple[Case, CaseSlaMetric, datetime]]:
    """Each metric the clock can move, in order: active, with a breach time, of a case still open."""
    for case in open_cases:
        if not case.is_open:
            continue
        for metric in case.sla:
            if metric.stage is SlaStage.ACTIVE and metric.breach_at is not None:
                yield case, metric, metric.breach_at


def _standing(breach_at: datetime, as_of: datetime, horizon: datetime) -> Standing:
    if breach_at > horizon:
        return None
    return breach_at <= as_of, int((breach_at - as_of).total_seconds() // 60)


def sla_clock(
    open_cases: Sequence[Case], as_of: datetime, at_risk_within: timedelta = DEFAULT_AT_RISK_WITHIN
) -> tuple[Standing, ...]:
    """All that `applicable_sla` takes from `as_of` for these cases: each timed metric's standing. For the
    same tier, policies and cases, two instants with the same clock get the same answer (so the answer
    can be kept until a metric falls due, comes within `at_risk_within`, or a minute turns on an alert)."""
    horizon = as_of + at_risk_within
    return tuple(_standing(breach_at, as_of, horizon) for _, _, breach_at in _timed(open_cases))


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
    for case, metric, breach_at in _timed(open_cases):
        standing = _standing(breach_at, as_of, horizon)
        if standing is None:
            continue
        is_breached, minutes = standing
        alert = CaseSlaAlert(
            case_id=case.id,
            subject=case.subject,
            priority=case.priority,
            metric=metric.metric,
            breach_at=breach_at,
            minutes_remaining=minutes,
        )
        (breached if is_breached else at_risk).append(alert)
    return AppliedSla(
        tier=tier,
        policy=policy,
        targets_by_priority=targets,
        breached=tuple(breached),
        at_risk=tuple(at_risk),
    )
