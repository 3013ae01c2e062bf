"""The CRM account: the customer's identity and the cross-reference of the other systems' ids."""

from __future__ import annotations

from enum import StrEnum

from domain.ids import CustomerId, NetSuiteId, SalesforceUserId, StripeCustomerId, ZendeskId
from domain.models._base import DomainModel


class Tier(StrEnum):
    """Support tier of a customer; selects the SLA policy."""

    ENTERPRISE = "enterprise"
    BUSINESS = "business"
    STANDARD = "standard"


class Account(DomainModel):
    """A customer as the CRM (system of record for identity and engagement) knows it."""

    id: CustomerId
    name: str
    industry: str | None = None
    type: str | None = None
    segment: str | None = None
    support_tier: Tier | None = None
    owner_id: SalesforceUserId | None = None
    website: str | None = None
    parent_id: CustomerId | None = None
    erp_customer_id: NetSuiteId | None = None
    billing_customer_id: StripeCustomerId | None = None
    support_org_id: ZendeskId | None = None
