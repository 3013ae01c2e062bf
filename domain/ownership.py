"""The ownership registry: which system of record owns each fact, declared once as data.

The read path uses it for survivorship (the owner's value wins), the write path to route a mutation to
the one system allowed to change it, refusing anything else before any I/O.
"""

from __future__ import annotations

from enum import StrEnum
from types import MappingProxyType
from typing import Final

from domain.systems import SourceSystem


class Fact(StrEnum):
    """A fact or object kind of the customer profile that exactly one system owns."""

    ACCOUNT_IDENTITY = "account_identity"
    CROSS_REFERENCE = "cross_reference"
    CONTRACT = "contract"
    ENTITLEMENT = "entitlement"
    LEGAL_ENTITY = "legal_entity"
    CREDIT_LIMIT = "credit_limit"
    CREDIT_HOLD = "credit_hold"
    AR_BALANCE = "ar_balance"
    BILLING_CUSTOMER = "billing_customer"
    SUBSCRIPTION = "subscription"
    INVOICE = "invoice"
    CREDIT_NOTE = "credit_note"
    SUPPORT_ORGANIZATION = "support_organization"
    CASE = "case"
    SLA_POLICY = "sla_policy"


OWNERSHIP: Final = MappingProxyType(
    {
        Fact.ACCOUNT_IDENTITY: SourceSystem.CRM,
        Fact.CROSS_REFERENCE: SourceSystem.CRM,
        Fact.CONTRACT: SourceSystem.CRM,
        Fact.ENTITLEMENT: SourceSystem.CRM,
        Fact.LEGAL_ENTITY: SourceSystem.ERP,
        Fact.CREDIT_LIMIT: SourceSystem.ERP,
        Fact.CREDIT_HOLD: SourceSystem.ERP,
        Fact.AR_BALANCE: SourceSystem.ERP,
        Fact.BILLING_CUSTOMER: SourceSystem.BILLING,
        Fact.SUBSCRIPTION: SourceSystem.BILLING,
        Fact.INVOICE: SourceSystem.BILLING,
        Fact.CREDIT_NOTE: SourceSystem.BILLING,
        Fact.SUPPORT_ORGANIZATION: SourceSystem.SUPPORT,
        Fact.CASE: SourceSystem.SUPPORT,
        Fact.SLA_POLICY: SourceSystem.SUPPORT,
    }
)
"""Fact -> owning system. Every `Fact` has exactly one owner (a test holds this)."""


class WriteOperation(StrEnum):
    """A mutation the gateway can perform; each changes exactly one fact."""

    AMEND_SUBSCRIPTION = "amend_subscription"
    ISSUE_CREDIT = "issue_credit"
    RENEW_CONTRACT = "renew_contract"
    ESCALATE_CASE = "escalate_case"
    SET_CREDIT_HOLD = "set_credit_hold"


WRITE_TARGETS: Final = MappingProxyType(
    {
        WriteOperation.AMEND_SUBSCRIPTION: Fact.SUBSCRIPTION,
        WriteOperation.ISSUE_CREDIT: Fact.CREDIT_NOTE,
        WriteOperation.RENEW_CONTRACT: Fact.CONTRACT,
        WriteOperation.ESCALATE_CASE: Fact.CASE,
        WriteOperation.SET_CREDIT_HOLD: Fact.CREDIT_HOLD,
    }
)
"""Write operation -> the fact it changes."""


class NotOwner(Exception):
    """Raised when a system is asked to write a fact it does not own."""

    def __init__(self, fact: Fact, system: SourceSystem, owner: SourceSystem) -> None:
        super().__init__(f"{system.value} does not own {fact.value}; {owner.value} does")
        self.fact = fact
        self.system = system
        self.owner = owner


def owner_of(fact: Fact) -> SourceSystem:
    """Return the system of record that owns a fact."""
    return OWNERSHIP[fact]


def assert_owner(fact: Fact, system: SourceSystem) -> None:
    """Raise `NotOwner` unless `system` owns `fact`."""
    owner = OWNERSHIP[fact]
    if owner is not system:
        raise NotOwner(fact, system, owner)


def facts_owned_by(system: SourceSystem) -> frozenset[Fact]:
    """Return every fact a system owns."""
    return frozenset(fact for fact, owner in OWNERSHIP.items() if owner is system)


def route_write(operation: WriteOperation) -> SourceSystem:
    """Return the only system a write operation may be sent to."""
    return OWNERSHIP[WRITE_TARGETS[operation]]
