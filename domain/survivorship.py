"""Survivorship: when several systems carry the same fact, whose value the profile shows.

The owner named by the ownership registry wins whenever it answered with a value. When it did not (down,
or the field is empty there), the first present value in `FALLBACK_ORDER` is used and marked as not from
the owner. Values that lose and differ from the winner are kept, so callers can show or flag them;
`domain.discrepancies` turns such disagreements into typed findings (re-exported here).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final, Generic, TypeVar

from domain.discrepancies import Discrepancy, DiscrepancyKind, find_discrepancies
from domain.models._base import DomainModel
from domain.models.account import Account
from domain.models.billing import BillingCustomer
from domain.models.legal import LegalEntity
from domain.models.support import SupportOrganization
from domain.ownership import Fact, owner_of
from domain.systems import SourceSystem

__all__ = [
    "FALLBACK_ORDER",
    "Candidate",
    "Discrepancy",
    "DiscrepancyKind",
    "Survivor",
    "billing_currency",
    "choose",
    "display_name",
    "find_discrepancies",
    "legal_currency",
    "legal_name",
]

T = TypeVar("T")

FALLBACK_ORDER: Final = (SourceSystem.CRM, SourceSystem.ERP, SourceSystem.BILLING, SourceSystem.SUPPORT)
"""Order in which non-owners are tried when the owner has no value."""


class Candidate(DomainModel, Generic[T]):
    """One system's value for a fact."""

    source: SourceSystem
    value: T


class Survivor(DomainModel, Generic[T]):
    """The value chosen for a fact, where it came from, and the differing values it beat."""

    fact: Fact
    value: T
    source: SourceSystem
    from_owner: bool
    overridden: tuple[Candidate[T], ...] = ()


def choose(fact: Fact, candidates: Mapping[SourceSystem, T | None]) -> Survivor[T] | None:
    """Pick the surviving value of a fact from each system's value (None: no value from that system)."""
    owner = owner_of(fact)
    order = (owner, *(s for s in FALLBACK_ORDER if s is not owner))
    present = [(system, value) for system in order if (value := candidates.get(system)) is not None]
    if not present:
        return None
    source, value = present[0]
    return Survivor[T](
        fact=fact,
        value=value,
        source=source,
        from_owner=source is owner,
        overridden=tuple(Candidate[T](source=s, value=v) for s, v in present[1:] if v != value),
    )


def display_name(
    *,
    account: Account | None,
    legal: LegalEntity | None = None,
    billing_customer: BillingCustomer | None = None,
    support_org: SupportOrganization | None = None,
) -> Survivor[str] | None:
    """The customer's display name: the CRM account name, else the best other system's name."""
    return choose(
        Fact.ACCOUNT_IDENTITY,
        {
            SourceSystem.CRM: account.name if account else None,
            SourceSystem.ERP: legal.legal_name if legal else None,
            SourceSystem.BILLING: billing_customer.name if billing_customer else None,
            SourceSystem.SUPPORT: support_org.name if support_org else None,
        },
    )


def legal_name(*, legal: LegalEntity | None, account: Account | None = None) -> Survivor[str] | None:
    """The customer's legal name: the ERP's, else the CRM account name."""
    return choose(
        Fact.LEGAL_ENTITY,
        {
            SourceSystem.ERP: legal.legal_name if legal else None,
            SourceSystem.CRM: account.name if account else None,
        },
    )


def legal_currency(
    *, legal: LegalEntity | None, billing_customer: BillingCustomer | None = None
) -> Survivor[str] | None:
    """The currency of the legal customer (credit limit, AR): the ERP's, else billing's."""
    return choose(
        Fact.LEGAL_ENTITY,
        {
            SourceSystem.ERP: legal.currency if legal else None,
            SourceSystem.BILLING: billing_customer.currency if billing_customer else None,
        },
    )


def billing_currency(
    *, billing_customer: BillingCustomer | None, legal: LegalEntity | None = None
) -> Survivor[str] | None:
    """The currency billing amounts are in: the billing customer's, else the ERP's."""
    return choose(
        Fact.BILLING_CUSTOMER,
        {
            SourceSystem.BILLING: billing_customer.currency if billing_customer else None,
            SourceSystem.ERP: legal.currency if legal else None,
        },
    )
