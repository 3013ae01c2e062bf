"""CRM contracts and entitlements."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from domain.ids import CustomerId, SalesforceContractId, SalesforceEntitlementId, SalesforceId
from domain.models._base import Count, DomainModel, UtcDatetime


class ContractStatus(StrEnum):
    """Salesforce contract status (Draft, InApproval, Activated, Expired, Terminated)."""

    DRAFT = "draft"
    IN_APPROVAL = "in_approval"
    ACTIVATED = "activated"
    EXPIRED = "expired"
    TERMINATED = "terminated"


class Contract(DomainModel):
    """A customer contract, owned by the CRM."""

    id: SalesforceContractId
    account_id: CustomerId | None = None
    number: str
    status: ContractStatus
    start_date: date | None = None
    end_date: date | None = None
    term_months: Count | None = None
    activated_at: UtcDatetime | None = None

    def is_in_force(self, as_of: date) -> bool:
        """Activated and within its dates on `as_of` (open-ended dates count as in force)."""
        return is_contract_in_force(self, as_of)


def is_contract_in_force(contract: Contract, as_of: date) -> bool:
    """Whether a contract is activated and `as_of` falls within its start and end dates."""
    if contract.status is not ContractStatus.ACTIVATED:
        return False
    if contract.start_date is not None and as_of < contract.start_date:
        return False
    return contract.end_date is None or as_of <= contract.end_date


class EntitlementStatus(StrEnum):
    """Salesforce entitlement status."""

    ACTIVE = "active"
    EXPIRED = "expired"
    INACTIVE = "inactive"


class Entitlement(DomainModel):
    """A support entitlement, owned by the CRM."""

    id: SalesforceEntitlementId
    account_id: CustomerId | None = None
    name: str
    type: str | None = None
    status: EntitlementStatus
    start_date: date | None = None
    end_date: date | None = None
    is_per_incident: bool = False
    cases_per_entitlement: Count | None = None
    remaining_cases: int | None = None
    """Can go negative in Salesforce when cases exceed the allowance."""
    sla_process_id: SalesforceId | None = None
