"""Support cases (Zendesk tickets) and their SLA state."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.models import Case as DomainCase
from domain.models import CasePriority, CaseStatus, SlaMetric, SlaStage


@strawberry.type(description="The SLA state of one metric on one case.")
class CaseSlaMetric:
    """One metric's stage and breach time."""

    metric: SlaMetric
    stage: SlaStage
    breach_at: datetime | None


@strawberry.type(description="A support case; `id` is the Zendesk ticket id.")
class Case:
    """Zendesk ticket."""

    id: strawberry.ID
    organization_id: strawberry.ID | None
    subject: str
    status: CaseStatus
    priority: CasePriority | None
    created_at: datetime
    updated_at: datetime
    open: bool = strawberry.field(description="Not solved or closed.")
    sla: list[CaseSlaMetric]

    @staticmethod
    def of(case: DomainCase) -> Case:
        """Build from the domain case."""
        return Case(
            id=strawberry.ID(case.id),
            organization_id=None if case.organization_id is None else strawberry.ID(case.organization_id),
            subject=case.subject,
            status=case.status,
            priority=case.priority,
            created_at=case.created_at,
            updated_at=case.updated_at,
            open=case.is_open,
            sla=[CaseSlaMetric(metric=m.metric, stage=m.stage, breach_at=m.breach_at) for m in case.sla],
        )
