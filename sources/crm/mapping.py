"""Salesforce records -> domain models. Pure: no I/O; a value the domain refuses raises ValueError."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.models import Account, Contract, ContractStatus, Entitlement, EntitlementStatus, Tier
from sources.crm.payloads import AccountRecord, ContractRecord, EntitlementRecord

_CONTRACT_STATUS = {
    "Draft": ContractStatus.DRAFT,
    "InApproval": ContractStatus.IN_APPROVAL,
    "Activated": ContractStatus.ACTIVATED,
    "Expired": ContractStatus.EXPIRED,
    "Terminated": ContractStatus.TERMINATED,
}
_ENTITLEMENT_STATUS = {
    "Active": EntitlementStatus.ACTIVE,
    "Expired": EntitlementStatus.EXPIRED,
    "Inactive": EntitlementStatus.INACTIVE,
}


def _blank_to_none(value: str | None) -> str | None:
    return value if value else None


def _whole(value: Decimal | None) -> int | None:
    if value is None:
        return None
    if value != value.to_integral_value():
        raise ValueError(f"expected a whole number, got {value}")
    return int(value)


def to_account(record: AccountRecord) -> Account:
    """An Account record as the domain's Account."""
    tier = record.support_tier.lower() if record.support_tier else None
    return Account(
        id=record.id,
        name=record.name,
        industry=record.industry,
        type=record.type,
        segment=record.segment,
        support_tier=Tier(tier) if tier else None,
        owner_id=record.owner_id,
        website=record.website,
        parent_id=record.parent_id,
        erp_customer_id=_blank_to_none(record.erp_customer_id),
        billing_customer_id=_blank_to_none(record.billing_customer_id),
        support_org_id=_blank_to_none(record.support_org_id),
    )


def to_contract(record: ContractRecord) -> Contract:
    """A Contract record as the domain's Contract."""
    status = _CONTRACT_STATUS.get(record.status)
    if status is None:
        raise ValueError(f"unknown contract status {record.status!r}")
    return Contract(
        id=record.id,
        account_id=record.account_id,
        number=record.contract_number,
        status=status,
        start_date=record.start_date,
        end_date=record.end_date,
        term_months=record.contract_term,
        activated_at=record.activated_date,
    )


def to_entitlement(record: EntitlementRecord) -> Entitlement:
    """An Entitlement record as the domain's Entitlement."""
    status = _ENTITLEMENT_STATUS.get(record.status)
    if status is None:
        raise ValueError(f"unknown entitlement status {record.status!r}")
    return Entitlement(
        id=record.id,
        account_id=record.account_id,
        name=record.name,
        type=record.type,
        status=status,
        start_date=record.start_date,
        end_date=record.end_date,
        is_per_incident=record.is_per_incident,
        cases_per_entitlement=_whole(record.cases_per_entitlement),
        remaining_cases=_whole(record.remaining_cases),
        sla_process_id=record.sla_process_id,
    )


def newest_first(contracts: list[Contract]) -> list[Contract]:
    """Contracts by start date, newest first (undated last); ties by id, for a stable order."""
    ordered = sorted(contracts, key=lambda c: c.id)
    # A stable sort keeps the id order among equal start dates, even reversed.
    ordered.sort(key=lambda c: (c.start_date is not None, c.start_date or date.min), reverse=True)
    return ordered
