"""Zendesk objects -> domain models. Pure: no I/O."""

from __future__ import annotations

from domain.models import (
    Case,
    CasePriority,
    CaseSlaMetric,
    CaseStatus,
    SlaMetric,
    SlaPolicy,
    SlaStage,
    SlaTarget,
    SupportOrganization,
    Tier,
)
from sources.support.payloads import (
    OrganizationObject,
    PolicyFilter,
    SlaPolicyObject,
    TicketObject,
    TicketSlaMetric,
)

TIER_TAG_PREFIX = "tier_"
_METRICS = {m.value for m in SlaMetric}
_STAGES = {s.value for s in SlaStage}
_TIERS = {t.value for t in Tier}


def to_organization(org: OrganizationObject) -> SupportOrganization:
    """A Zendesk organization as the domain's SupportOrganization."""
    return SupportOrganization(
        id=str(org.id),
        name=org.name,
        external_id=org.external_id,
        domain_names=tuple(org.domain_names),
        tags=tuple(org.tags),
    )


def _sla_metric(metric: TicketSlaMetric) -> CaseSlaMetric | None:
    # Zendesk adds metrics over time; one the domain does not know is left out, not an error.
    if metric.metric not in _METRICS or metric.stage not in _STAGES:
        return None
    return CaseSlaMetric(
        metric=SlaMetric(metric.metric), stage=SlaStage(metric.stage), breach_at=metric.breach_at
    )


def to_case(ticket: TicketObject) -> Case:
    """A Zendesk ticket (with its `slas` sideload, if any) as the domain's Case."""
    metrics = ticket.slas.policy_metrics if ticket.slas else []
    return Case(
        id=str(ticket.id),
        organization_id=str(ticket.organization_id) if ticket.organization_id is not None else None,
        subject=ticket.subject or "",
        status=CaseStatus(ticket.status),
        priority=CasePriority(ticket.priority) if ticket.priority else None,
        created_at=ticket.created_at,
        updated_at=ticket.updated_at,
        sla=tuple(m for m in (_sla_metric(x) for x in metrics) if m is not None),
    )


def newest_first(cases: list[Case]) -> list[Case]:
    """Cases by creation time, newest first; ties by id, descending."""
    return sorted(cases, key=lambda c: (c.created_at, int(c.id)), reverse=True)


def policy_tier(policy_filter: PolicyFilter) -> Tier | None:
    """The tier a policy applies to: its `current_tags includes tier_<tier>` condition, if any."""
    for condition in [*policy_filter.all, *policy_filter.any]:
        if condition.field != "current_tags" or condition.operator != "includes":
            continue
        values = condition.value if isinstance(condition.value, list) else str(condition.value or "").split()
        for tag in values:
            name = str(tag).removeprefix(TIER_TAG_PREFIX)
            if str(tag).startswith(TIER_TAG_PREFIX) and name in _TIERS:
                return Tier(name)
    return None


def to_sla_policy(policy: SlaPolicyObject) -> SlaPolicy:
    """A Zendesk SLA policy as the domain's SlaPolicy (targets of unknown metrics are left out)."""
    targets = tuple(
        SlaTarget(
            priority=CasePriority(m.priority),
            metric=SlaMetric(m.metric),
            target_minutes=m.target,
            business_hours=m.business_hours,
        )
        for m in policy.policy_metrics
        if m.metric in _METRICS
    )
    return SlaPolicy(
        id=str(policy.id),
        title=policy.title,
        description=policy.description,
        position=policy.position,
        tier=policy_tier(policy.filter),
        targets=targets,
    )
