"""Support (Zendesk) objects: organization, cases (tickets) and SLA policies."""

from __future__ import annotations

from enum import StrEnum

from pydantic import PositiveInt

from domain.ids import ZendeskId
from domain.models._base import DomainModel, UtcDatetime
from domain.models.account import Tier


class SupportOrganization(DomainModel):
    """The customer's organization in the support system."""

    id: ZendeskId
    name: str
    external_id: str | None = None
    domain_names: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()


class CaseStatus(StrEnum):
    """Zendesk ticket status."""

    NEW = "new"
    OPEN = "open"
    PENDING = "pending"
    HOLD = "hold"
    SOLVED = "solved"
    CLOSED = "closed"


CLOSED_CASE_STATUSES = frozenset({CaseStatus.SOLVED, CaseStatus.CLOSED})


class CasePriority(StrEnum):
    """Zendesk ticket priority."""

    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"
    URGENT = "urgent"


class SlaMetric(StrEnum):
    """Zendesk SLA metrics."""

    FIRST_REPLY_TIME = "first_reply_time"
    NEXT_REPLY_TIME = "next_reply_time"
    PERIODIC_UPDATE_TIME = "periodic_update_time"
    PAUSABLE_UPDATE_TIME = "pausable_update_time"
    REQUESTER_WAIT_TIME = "requester_wait_time"
    AGENT_WORK_TIME = "agent_work_time"
    TOTAL_RESOLUTION_TIME = "total_resolution_time"


class SlaStage(StrEnum):
    """Stage of one SLA metric on one ticket; only an active metric can breach."""

    ACTIVE = "active"
    PAUSED = "paused"
    ACHIEVED = "achieved"
    CANCELLED = "cancelled"


class CaseSlaMetric(DomainModel):
    """The SLA state of one metric on one case."""

    metric: SlaMetric
    stage: SlaStage
    breach_at: UtcDatetime | None = None


class Case(DomainModel):
    """A support case (Zendesk ticket), owned by the support system."""

    id: ZendeskId
    organization_id: ZendeskId | None = None
    subject: str
    status: CaseStatus
    priority: CasePriority | None = None
    """Zendesk allows tickets without a priority."""
    created_at: UtcDatetime
    updated_at: UtcDatetime
    sla: tuple[CaseSlaMetric, ...] = ()

    @property
    def is_open(self) -> bool:
        """Not solved or closed."""
        return self.status not in CLOSED_CASE_STATUSES


class SlaTarget(DomainModel):
    """One target of an SLA policy: for a priority and metric, the minutes allowed."""

    priority: CasePriority
    metric: SlaMetric
    target_minutes: PositiveInt
    business_hours: bool


class SlaPolicy(DomainModel):
    """An SLA policy; `tier` is the support tier it applies to, None for the default policy."""

    id: ZendeskId
    title: str
    description: str | None = None
    position: int | None = None
    """Zendesk's evaluation order: the lower position wins among policies that match."""
    tier: Tier | None = None
    targets: tuple[SlaTarget, ...] = ()
