"""The ERP's view of one customer's billing history: invoices and credit memos as NetSuite holds them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from sandbox.erp.reference import CREDIT_MEMO, INVOICE
from sandbox.erp.values import record_datetime
from sandbox.seed.model import Customer, Invoice


@dataclass(frozen=True)
class Transaction:
    """One AR transaction row; amounts in minor units, dates ISO."""

    id: int
    type: str
    tranid: str
    entity: int
    trandate: str
    duedate: str | None
    total: int
    amountunpaid: int
    status: str  # "A" open, "B" paid in full / fully applied
    externalid: str
    memo: str | None
    createdfrom: int | None
    created: str

    @property
    def open(self) -> bool:
        """Whether the transaction still carries an amount due."""
        return self.status == "A"


def transactions(customer: Customer, as_of: date) -> list[Transaction]:
    """The customer's invoices (void and draft ones never reach the ERP) and credit memos."""
    invoices = [_invoice(customer, i) for i in customer.invoices if i.status not in ("void", "draft")]
    invoices = _reconcile(invoices, customer, as_of)
    by_stripe_id = {t.externalid: t for t in invoices}
    memos = []
    for note in customer.credit_notes:
        source = by_stripe_id.get(note.invoice_id)
        created = record_datetime(note.created)
        memos.append(
            Transaction(
                id=note.erp_id,
                type=CREDIT_MEMO,
                tranid=note.number,
                entity=customer.erp_id,
                trandate=created[:10],
                duedate=None,
                total=note.amount,
                amountunpaid=0,
                status="B",  # applied in full to the invoice it credits
                externalid=note.id,
                memo=note.memo,
                createdfrom=source.id if source else None,
                created=created,
            )
        )
    return invoices + memos


def _invoice(customer: Customer, invoice: Invoice) -> Transaction:
    is_open = invoice.status == "open" and invoice.amount_remaining > 0
    created = record_datetime(invoice.created)
    # NetSuite always has a due date; charge_automatically invoices fall due when issued.
    due = invoice.due_date or invoice.created.date()
    return Transaction(
        id=invoice.erp_id,
        type=INVOICE,
        tranid=invoice.number,
        entity=customer.erp_id,
        trandate=created[:10],
        duedate=due.isoformat(),
        total=invoice.total,
        amountunpaid=invoice.amount_remaining if is_open else 0,
        status="A" if is_open else "B",
        externalid=invoice.id,
        memo=invoice.lines[0].description if invoice.lines else None,
        createdfrom=None,
        created=created,
    )


def _reconcile(invoices: list[Transaction], customer: Customer, as_of: date) -> list[Transaction]:
    """Reopen the newest paid invoices until the open ones add up to the ERP balance.

    Seeded disagreements (an ERP that never applied a payment billing shows) carry ERP figures that
    the billing history alone does not explain; reopening keeps the ERP's own records consistent.
    """
    missing = customer.erp_balance - sum(t.amountunpaid for t in invoices)
    if missing <= 0:
        return invoices
    overdue_since = as_of - timedelta(days=customer.erp_days_overdue)
    result = list(invoices)
    for position in range(len(result) - 1, -1, -1):
        if missing <= 0:
            break
        invoice = result[position]
        if invoice.open:
            continue
        amount = min(invoice.total, missing)
        missing -= amount
        due = overdue_since.isoformat() if customer.erp_days_overdue > 0 else invoice.duedate
        result[position] = replace(
            invoice,
            status="A",
            amountunpaid=amount,
            duedate=due,
            trandate=min(invoice.trandate, due or invoice.trandate),
        )
    return result
