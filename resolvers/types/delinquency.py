"""Delinquency: how far behind on paying the customer is, from ERP receivables and billing state."""

from __future__ import annotations

import strawberry

from domain.delinquency import Delinquency as DomainDelinquency
from domain.delinquency import DelinquencyStatus
from domain.systems import SourceSystem
from resolvers.types.money import Money


@strawberry.type(
    description="The delinquency assessment, with its reasons; partial when a source is missing."
)
class Delinquency:
    """Delinquency; `status` is null only when no input was available."""

    status: DelinquencyStatus | None
    overdue_balance: Money | None = strawberry.field(description="The ERP's overdue balance.")
    days_overdue: int | None = strawberry.field(description="The ERP's days overdue.")
    credit_hold: bool | None = strawberry.field(description="Whether the ERP credit hold is in effect.")
    past_due_subscription_ids: list[strawberry.ID]
    overdue_invoice_ids: list[strawberry.ID]
    billing_overdue: list[Money] = strawberry.field(
        description="Overdue invoices' remaining total per currency."
    )
    billing_overdue_amount: Money | None
    billing_days_overdue: int | None
    reasons: list[str]
    sources: list[SourceSystem] = strawberry.field(description="Systems whose data contributed.")
    missing_sources: list[SourceSystem] = strawberry.field(description="Systems whose input was unavailable.")
    complete: bool

    @staticmethod
    def of(found: DomainDelinquency) -> Delinquency:
        """Build from the domain assessment."""
        return Delinquency(
            status=found.status,
            overdue_balance=Money.maybe(found.overdue_balance),
            days_overdue=found.days_overdue,
            credit_hold=found.credit_hold,
            past_due_subscription_ids=[strawberry.ID(i) for i in found.past_due_subscription_ids],
            overdue_invoice_ids=[strawberry.ID(i) for i in found.overdue_invoice_ids],
            billing_overdue=[Money.of(m) for m in found.billing_overdue],
            billing_overdue_amount=Money.maybe(found.billing_overdue_amount),
            billing_days_overdue=found.billing_days_overdue,
            reasons=list(found.reasons),
            sources=list(found.sources),
            missing_sources=list(found.missing_sources),
            complete=found.is_complete,
        )
