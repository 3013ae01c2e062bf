"""Billing credit notes (what `issueCredit` creates)."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.models import CreditNote as DomainCreditNote
from domain.models import CreditNoteReason, CreditNoteStatus
from resolvers.types.money import Money

strawberry.enum(CreditNoteReason, description="Why a credit note was issued (Stripe's reasons).")
strawberry.enum(CreditNoteStatus, description="Billing credit note status.")


@strawberry.type(description="A credit note against an invoice; `id` is the Stripe credit note id.")
class CreditNote:
    """Stripe credit note."""

    id: strawberry.ID
    number: str
    invoice_id: strawberry.ID
    amount: Money
    reason: CreditNoteReason | None
    memo: str | None
    status: CreditNoteStatus
    created: datetime

    @staticmethod
    def of(note: DomainCreditNote) -> CreditNote:
        """Build from the domain credit note."""
        return CreditNote(
            id=strawberry.ID(note.id),
            number=note.number,
            invoice_id=strawberry.ID(note.invoice_id),
            amount=Money.of(note.amount),
            reason=note.reason,
            memo=note.memo,
            status=note.status,
            created=note.created,
        )
