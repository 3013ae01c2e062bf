"""Canonical models of the customer profile, each carrying its system-of-record id."""

from __future__ import annotations

from domain.models._base import DomainModel, UtcDatetime
from domain.models.account import Account, Tier
from domain.models.billing import (
    BillingCustomer,
    CollectionMethod,
    CreditNote,
    CreditNoteReason,
    CreditNoteStatus,
    Invoice,
    InvoiceStatus,
    RecurringInterval,
    Subscription,
    SubscriptionItem,
    SubscriptionStatus,
    is_invoice_overdue,
)
from domain.models.contracts import (
    Contract,
    ContractStatus,
    Entitlement,
    EntitlementStatus,
    is_contract_in_force,
)
from domain.models.legal import AgingBuckets, CreditHold, LegalEntity, is_on_credit_hold
from domain.models.support import (
    CLOSED_CASE_STATUSES,
    Case,
    CasePriority,
    CaseSlaMetric,
    CaseStatus,
    SlaMetric,
    SlaPolicy,
    SlaStage,
    SlaTarget,
    SupportOrganization,
)

__all__ = [
    "CLOSED_CASE_STATUSES",
    "Account",
    "AgingBuckets",
    "BillingCustomer",
    "Case",
    "CasePriority",
    "CaseSlaMetric",
    "CaseStatus",
    "CollectionMethod",
    "Contract",
    "ContractStatus",
    "CreditHold",
    "CreditNote",
    "CreditNoteReason",
    "CreditNoteStatus",
    "DomainModel",
    "Entitlement",
    "EntitlementStatus",
    "Invoice",
    "InvoiceStatus",
    "LegalEntity",
    "RecurringInterval",
    "SlaMetric",
    "SlaPolicy",
    "SlaStage",
    "SlaTarget",
    "Subscription",
    "SubscriptionItem",
    "SubscriptionStatus",
    "SupportOrganization",
    "Tier",
    "UtcDatetime",
    "is_contract_in_force",
    "is_invoice_overdue",
    "is_on_credit_hold",
]
