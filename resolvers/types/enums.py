"""The schema's enums: the domain's own enums registered with strawberry, plus the answer's origin."""

from __future__ import annotations

from enum import Enum

import strawberry

from domain.delinquency import DelinquencyStatus
from domain.discrepancies import DiscrepancyKind
from domain.models import (
    CasePriority,
    CaseStatus,
    CollectionMethod,
    ContractStatus,
    CreditHold,
    EntitlementStatus,
    InvoiceStatus,
    RecurringInterval,
    SlaMetric,
    SlaStage,
    SubscriptionStatus,
    Tier,
)
from domain.subscriptions import RollupStatus
from domain.systems import SourceSystem


@strawberry.enum(description="Where a system's answer came from.")
class Origin(Enum):
    """Cache (the gateway's TTL cache, fresh), live (the system was called) or stale (an expired cached copy,
    served because the system failed)."""

    CACHE = "cache"
    LIVE = "live"
    STALE = "stale"


_DESCRIBED: tuple[tuple[type[Enum], str], ...] = (
    (SourceSystem, "A system of record."),
    (InvoiceStatus, "Billing invoice status."),
    (CaseStatus, "Support case (ticket) status."),
    (CasePriority, "Support case priority."),
    (SubscriptionStatus, "Billing subscription status."),
    (RollupStatus, "A customer's overall subscription status."),
    (ContractStatus, "CRM contract status."),
    (EntitlementStatus, "CRM entitlement status."),
    (Tier, "Support tier; selects the SLA policy."),
    (CreditHold, "The ERP's credit hold setting: AUTO lets the ERP decide, ON and OFF force it."),
    (RecurringInterval, "Billing interval of a recurring price."),
    (CollectionMethod, "How billing collects payment."),
    (SlaMetric, "An SLA metric."),
    (SlaStage, "Stage of an SLA metric on a case."),
    (DelinquencyStatus, "Delinquency, least to most severe: CURRENT, WATCH, DELINQUENT, COLLECTIONS."),
    (DiscrepancyKind, "What two systems disagree about."),
)

for _enum, _description in _DESCRIBED:
    strawberry.enum(_enum, description=_description)
