"""Cross-system discrepancies: the places where the systems of record disagree about one customer.

Each check runs only when every part it needs is present (None means that source did not answer), so a
partial profile yields the discrepancies that can be seen, never a guess.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from typing import Final

from domain.models._base import DomainModel
from domain.models.account import Account
from domain.models.billing import BillingCustomer, Invoice, InvoiceStatus, Subscription, is_invoice_overdue
from domain.models.contracts import Contract, is_contract_in_force
from domain.models.legal import LegalEntity
from domain.models.support import SupportOrganization
from domain.ownership import Fact, owner_of
from domain.subscriptions import RollupStatus, overall_status
from domain.systems import SourceSystem


class DiscrepancyKind(StrEnum):
    """What the systems disagree about."""

    NAME_MISMATCH = "name_mismatch"
    CURRENCY_MISMATCH = "currency_mismatch"
    CROSS_REFERENCE_MISMATCH = "cross_reference_mismatch"
    CONTRACT_ACTIVE_SUBSCRIPTION_CANCELED = "contract_active_subscription_canceled"
    ERP_OVERDUE_BILLING_PAID = "erp_overdue_billing_paid"
    BILLING_OVERDUE_ERP_CURRENT = "billing_overdue_erp_current"


class Discrepancy(DomainModel):
    """One disagreement between systems; `prevailing` is the owner whose value survives, if any."""

    kind: DiscrepancyKind
    systems: tuple[SourceSystem, ...]
    detail: str
    prevailing: SourceSystem | None = None


# Legal-form words dropped before comparing names, so "Acme" and "ACME, Inc." agree.
_LEGAL_FORMS: Final = frozenset(
    {"inc", "incorporated", "llc", "llp", "lp", "ltd", "limited", "corp", "corporation", "co", "company"}
    | {
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "pty",
        "pte",
        "srl",
        "spa",
        "kk",
        "oy",
        "ab",
        "as",
    }
)
_NON_WORD: Final = re.compile(r"[^\w]+")


def normalise_name(name: str) -> str:
    """Reduce a company name to a comparison key: case, punctuation and legal-form suffixes ignored."""
    words = _NON_WORD.sub(" ", name.casefold().replace("&", " and ")).split()
    while len(words) > 1 and words[-1] in _LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def _name_discrepancies(
    account: Account | None,
    legal: LegalEntity | None,
    billing_customer: BillingCustomer | None,
    support_org: SupportOrganization | None,
) -> list[Discrepancy]:
    if account is None:
        return []
    others = (
        (SourceSystem.ERP, legal.legal_name if legal else None),
        (SourceSystem.BILLING, billing_customer.name if billing_customer else None),
        (SourceSystem.SUPPORT, support_org.name if support_org else None),
    )
    return [
        Discrepancy(
            kind=DiscrepancyKind.NAME_MISMATCH,
            systems=(SourceSystem.CRM, system),
            detail=f"CRM name {account.name!r} differs from {system.value} name {name!r}",
            prevailing=owner_of(Fact.ACCOUNT_IDENTITY),
        )
        for system, name in others
        if name is not None and normalise_name(name) != normalise_name(account.name)
    ]


def _billing_currencies(
    billing_customer: BillingCustomer | None,
    subscriptions: Sequence[Subscription] | None,
    invoices: Sequence[Invoice] | None,
) -> set[str]:
    found: set[str] = set()
    if billing_customer is not None and billing_customer.currency is not None:
        found.add(billing_customer.currency)
    for sub in subscriptions or ():
        found.update(item.unit_amount.currency for item in sub.items if item.unit_amount is not None)
    found.update(inv.currency for inv in invoices or ())
    return found


def _cross_reference_discrepancies(
    account: Account | None,
    legal: LegalEntity | None,
    billing_customer: BillingCustomer | None,
    support_org: SupportOrganization | None,
) -> list[Discrepancy]:
    if account is None:
        return []
    pairs = (
        (SourceSystem.ERP, account.erp_customer_id, legal.erp_id if legal else None),
        (
            SourceSystem.BILLING,
            account.billing_customer_id,
            billing_customer.id if billing_customer else None,
        ),
        (SourceSystem.SUPPORT, account.support_org_id, support_org.id if support_org else None),
    )
    return [
        Discrepancy(
            kind=DiscrepancyKind.CROSS_REFERENCE_MISMATCH,
            systems=(SourceSystem.CRM, system),
            detail=f"CRM cross-reference names {system.value} id {expected!r}, record has {actual!r}",
            prevailing=owner_of(Fact.CROSS_REFERENCE),
        )
        for system, expected, actual in pairs
        if expected is not None and actual is not None and expected != actual
    ]


def _has_outstanding(invoices: Sequence[Invoice]) -> bool:
    return any(
        inv.status in (InvoiceStatus.OPEN, InvoiceStatus.UNCOLLECTIBLE) and inv.amount_remaining.is_positive
        for inv in invoices
    )


def _receivable_discrepancies(
    legal: LegalEntity, invoices: Sequence[Invoice], as_of: date
) -> list[Discrepancy]:
    erp_overdue = legal.overdue_balance.is_positive or legal.days_overdue > 0
    billing_overdue = [inv.id for inv in invoices if is_invoice_overdue(inv, as_of)]
    if erp_overdue and not _has_outstanding(invoices):
        return [
            Discrepancy(
                kind=DiscrepancyKind.ERP_OVERDUE_BILLING_PAID,
                systems=(SourceSystem.ERP, SourceSystem.BILLING),
                detail=f"ERP shows {legal.overdue_balance} overdue; billing has nothing outstanding",
                prevailing=owner_of(Fact.AR_BALANCE),
            )
        ]
    if billing_overdue and not erp_overdue:
        return [
            Discrepancy(
                kind=DiscrepancyKind.BILLING_OVERDUE_ERP_CURRENT,
                systems=(SourceSystem.BILLING, SourceSystem.ERP),
                detail=f"billing has overdue invoices {', '.join(billing_overdue)}; ERP shows none overdue",
                prevailing=owner_of(Fact.AR_BALANCE),
            )
        ]
    return []


def find_discrepancies(
    *,
    as_of: date,
    account: Account | None = None,
    legal: LegalEntity | None = None,
    billing_customer: BillingCustomer | None = None,
    support_org: SupportOrganization | None = None,
    contracts: Sequence[Contract] | None = None,
    subscriptions: Sequence[Subscription] | None = None,
    invoices: Sequence[Invoice] | None = None,
) -> tuple[Discrepancy, ...]:
    """List every disagreement visible between the parts of a profile that are present."""
    found = _name_discrepancies(account, legal, billing_customer, support_org)
    found += _cross_reference_discrepancies(account, legal, billing_customer, support_org)

    if legal is not None:
        foreign = sorted(_billing_currencies(billing_customer, subscriptions, invoices) - {legal.currency})
        if foreign:
            found.append(
                Discrepancy(
                    kind=DiscrepancyKind.CURRENCY_MISMATCH,
                    systems=(SourceSystem.ERP, SourceSystem.BILLING),
                    detail=f"ERP currency {legal.currency}; billing uses {', '.join(foreign)}",
                    prevailing=None,  # each owns its own amounts: neither value replaces the other
                )
            )

    if contracts is not None and subscriptions:
        in_force = [c.number for c in contracts if is_contract_in_force(c, as_of)]
        if in_force and overall_status(subscriptions) is RollupStatus.CANCELED:
            found.append(
                Discrepancy(
                    kind=DiscrepancyKind.CONTRACT_ACTIVE_SUBSCRIPTION_CANCELED,
                    systems=(SourceSystem.CRM, SourceSystem.BILLING),
                    detail=f"contract {', '.join(in_force)} in force but every subscription has ended",
                )
            )

    if legal is not None and invoices is not None:
        found += _receivable_discrepancies(legal, invoices, as_of)
    return tuple(found)
