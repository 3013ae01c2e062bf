"""CRM contracts and entitlements."""

from __future__ import annotations

from datetime import date, datetime

import strawberry

from domain.models import Contract as DomainContract
from domain.models import ContractStatus, EntitlementStatus
from domain.models import Entitlement as DomainEntitlement


@strawberry.type(description="A customer contract (CRM); `id` is the Salesforce Contract Id.")
class Contract:
    """CRM contract."""

    id: strawberry.ID
    number: str
    status: ContractStatus
    start_date: date | None
    end_date: date | None
    term_months: int | None
    activated_at: datetime | None
    in_force: bool = strawberry.field(description="Activated and within its dates today.")

    @staticmethod
    def of(contract: DomainContract, today: date) -> Contract:
        """Build from the domain contract, judged in force as of `today`."""
        return Contract(
            id=strawberry.ID(contract.id),
            number=contract.number,
            status=contract.status,
            start_date=contract.start_date,
            end_date=contract.end_date,
            term_months=contract.term_months,
            activated_at=contract.activated_at,
            in_force=contract.is_in_force(today),
        )


@strawberry.type(description="A support entitlement (CRM); `id` is the Salesforce Entitlement Id.")
class Entitlement:
    """CRM entitlement."""

    id: strawberry.ID
    name: str
    type: str | None
    status: EntitlementStatus
    start_date: date | None
    end_date: date | None
    is_per_incident: bool
    cases_per_entitlement: int | None
    remaining_cases: int | None
    sla_process_id: strawberry.ID | None

    @staticmethod
    def of(entitlement: DomainEntitlement) -> Entitlement:
        """Build from the domain entitlement."""
        return Entitlement(
            id=strawberry.ID(entitlement.id),
            name=entitlement.name,
            type=entitlement.type,
            status=entitlement.status,
            start_date=entitlement.start_date,
            end_date=entitlement.end_date,
            is_per_incident=entitlement.is_per_incident,
            cases_per_entitlement=entitlement.cases_per_entitlement,
            remaining_cases=entitlement.remaining_cases,
            sla_process_id=None
            if entitlement.sla_process_id is None
            else strawberry.ID(entitlement.sla_process_id),
        )
