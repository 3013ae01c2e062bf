"""The ERP's legal customer: legal identity, credit terms and receivables."""

from __future__ import annotations

import strawberry

from domain.models import AgingBuckets as DomainAging
from domain.models import CreditHold
from domain.models import LegalEntity as DomainLegalEntity
from resolvers.types.money import Money


@strawberry.type(description="Open receivables by age past due date (ERP).")
class Aging:
    """Receivables aging buckets."""

    current: Money
    days_1_30: Money = strawberry.field(name="days1To30")
    days_31_60: Money = strawberry.field(name="days31To60")
    days_61_90: Money = strawberry.field(name="days61To90")
    over_90: Money

    @staticmethod
    def of(aging: DomainAging) -> Aging:
        """Build from the domain buckets."""
        return Aging(
            current=Money.of(aging.current),
            days_1_30=Money.of(aging.days_1_30),
            days_31_60=Money.of(aging.days_31_60),
            days_61_90=Money.of(aging.days_61_90),
            over_90=Money.of(aging.over_90),
        )


@strawberry.type(description="The legal customer as the ERP (system of record for credit and AR) knows it.")
class LegalEntity:
    """ERP legal customer; `erpId` is the NetSuite internal id."""

    erp_id: strawberry.ID
    entity_id: str
    legal_name: str
    external_id: str | None
    subsidiary: str | None
    currency: str
    payment_terms: str | None
    credit_limit: Money | None
    credit_hold: CreditHold
    on_credit_hold: bool = strawberry.field(description="Whether the credit hold applies now.")
    balance: Money
    overdue_balance: Money
    days_overdue: int
    aging: Aging | None

    @staticmethod
    def of(legal: DomainLegalEntity) -> LegalEntity:
        """Build from the domain legal entity."""
        return LegalEntity(
            erp_id=strawberry.ID(legal.erp_id),
            entity_id=legal.entity_id,
            legal_name=legal.legal_name,
            external_id=legal.external_id,
            subsidiary=legal.subsidiary,
            currency=legal.currency,
            payment_terms=legal.payment_terms,
            credit_limit=Money.maybe(legal.credit_limit),
            credit_hold=legal.credit_hold,
            on_credit_hold=legal.on_hold_effective,
            balance=Money.of(legal.balance),
            overdue_balance=Money.of(legal.overdue_balance),
            days_overdue=legal.days_overdue,
            aging=None if legal.aging is None else Aging.of(legal.aging),
        )
