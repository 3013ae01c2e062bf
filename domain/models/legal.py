"""The ERP's legal customer: legal identity, credit terms and accounts receivable."""

from __future__ import annotations

from enum import StrEnum

from domain.ids import NetSuiteId
from domain.models._base import Count, DomainModel
from domain.money import CurrencyCode, Money


class CreditHold(StrEnum):
    """NetSuite's credit hold override: AUTO lets the ERP decide, ON and OFF force it."""

    AUTO = "auto"
    ON = "on"
    OFF = "off"


class AgingBuckets(DomainModel):
    """Open receivables by age past due date."""

    current: Money
    days_1_30: Money
    days_31_60: Money
    days_61_90: Money
    over_90: Money


class LegalEntity(DomainModel):
    """The legal customer as the ERP (system of record for credit and AR) knows it."""

    erp_id: NetSuiteId
    entity_id: str
    legal_name: str
    external_id: str | None = None
    subsidiary: str | None = None
    currency: CurrencyCode
    payment_terms: str | None = None
    credit_limit: Money | None = None
    credit_hold: CreditHold = CreditHold.AUTO
    on_hold: bool | None = None
    """The hold as the ERP evaluated it, when it reports one (relevant for AUTO)."""
    balance: Money
    overdue_balance: Money
    days_overdue: Count = 0
    aging: AgingBuckets | None = None

    @property
    def on_hold_effective(self) -> bool:
        """Whether the hold applies now; see `is_on_credit_hold`."""
        return is_on_credit_hold(self)


def is_on_credit_hold(legal: LegalEntity) -> bool:
    """Whether the customer is effectively on credit hold.

    ON and OFF are explicit. AUTO uses the ERP's own verdict when reported, otherwise the ERP's AUTO rule
    (balance above a set credit limit in the same currency).
    """
    if legal.credit_hold is CreditHold.ON:
        return True
    if legal.credit_hold is CreditHold.OFF:
        return False
    if legal.on_hold is not None:
        return legal.on_hold
    limit = legal.credit_limit
    if limit is None or limit.currency != legal.balance.currency:
        return False
    return legal.balance > limit
