"""Zendesk Support answers as pydantic models: only the fields Tessera reads."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class _Zendesk(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class OrganizationObject(_Zendesk):
    """An organization."""

    id: int
    name: str
    external_id: str | None = None
    domain_names: list[str] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)


class OrganizationsPage(_Zendesk):
    """`GET /api/v2/organizations/show_many?ids=`."""

    organizations: list[OrganizationObject]


class TicketSlaMetric(_Zendesk):
    """One metric of a ticket's SLA state (`include=slas`)."""

    metric: str
    stage: str
    breach_at: datetime | None = None


class TicketSlas(_Zendesk):
    """A ticket's `slas` sideload."""

    policy_metrics: list[TicketSlaMetric] = Field(default_factory=list)


class TicketObject(_Zendesk):
    """A ticket."""

    id: int
    subject: str | None = None
    status: str
    priority: str | None = None
    organization_id: int | None = None
    created_at: datetime
    updated_at: datetime
    slas: TicketSlas | None = None


class CursorMeta(_Zendesk):
    """Cursor paging state."""

    has_more: bool
    after_cursor: str | None = None


class TicketsPage(_Zendesk):
    """`GET /api/v2/organizations/{id}/tickets` with cursor paging."""

    tickets: list[TicketObject]
    meta: CursorMeta


class PolicyCondition(_Zendesk):
    """One condition of an SLA policy's filter."""

    field: str
    operator: str
    value: Any = None


class PolicyFilter(_Zendesk):
    """An SLA policy's filter: all of `all` and any of `any`."""

    all: list[PolicyCondition] = Field(default_factory=list)
    any: list[PolicyCondition] = Field(default_factory=list)


class PolicyMetric(_Zendesk):
    """One target of an SLA policy."""

    priority: str
    metric: str
    target: int
    business_hours: bool = False


class SlaPolicyObject(_Zendesk):
    """An SLA policy."""

    id: int
    title: str
    description: str | None = None
    position: int | None = None
    filter: PolicyFilter = Field(default_factory=PolicyFilter)
    policy_metrics: list[PolicyMetric] = Field(default_factory=list)


class SlaPoliciesPage(_Zendesk):
    """`GET /api/v2/slas/policies`."""

    sla_policies: list[SlaPolicyObject]
