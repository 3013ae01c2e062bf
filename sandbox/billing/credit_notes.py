"""`POST /v1/credit_notes`: credit an open invoice (less is due) or a paid one (credits the customer)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sandbox.billing import balance, expand
from sandbox.billing.context import Billing
from sandbox.billing.errors import StripeError, parameter_missing, resource_missing
from sandbox.billing.ids import new_id
from sandbox.billing.params import Params
from sandbox.billing.queries import CREDIT_NOTE, INVOICE, fetch, get_row

REASONS = ("duplicate", "fraudulent", "order_change", "product_unsatisfactory")
PARAMS = (
    "invoice",
    "amount",
    "credit_amount",
    "refund_amount",
    "out_of_band_amount",
    "memo",
    "reason",
    "metadata",
    "expand",
    "lines",
)


@dataclass(frozen=True)
class NewCreditNote:
    invoice: str
    amount: int | None
    credit_amount: int | None
    out_of_band_amount: int | None
    memo: str | None
    reason: str | None
    metadata: dict[str, str]
    expand: list[list[str]]


def validate(form: dict[str, Any]) -> NewCreditNote:
    """Check the parameters alone (nothing is saved for a request that fails here)."""
    params = Params(form, PARAMS)
    invoice = params.id("invoice", required=True)
    assert invoice is not None
    if params.has("lines"):
        raise StripeError(
            "This sandbox creates credit notes from `amount` only; `lines` is not supported.", param="lines"
        )
    amount = params.integer("amount", minimum=1)
    credit = params.integer("credit_amount", minimum=0)
    refund = params.integer("refund_amount", minimum=0)
    out_of_band = params.integer("out_of_band_amount", minimum=0)
    if refund:
        raise StripeError(
            "This sandbox records no charges, so a credit note cannot refund.", param="refund_amount"
        )
    if amount is None and not credit and not out_of_band:
        raise parameter_missing("amount")
    return NewCreditNote(
        invoice=invoice,
        amount=amount,
        credit_amount=credit,
        out_of_band_amount=out_of_band,
        memo=params.string("memo"),
        reason=params.enum("reason", REASONS),
        metadata={k: v for k, v in (params.metadata() or {}).items() if v != ""},
        expand=expand.read_expand(params.data.get("expand"), CREDIT_NOTE.name, is_list=False),
    )


def execute(billing: Billing, plan: NewCreditNote) -> dict[str, Any]:
    """Issue the credit note and adjust the invoice (and, after payment, the customer balance)."""
    conn, now = billing.conn, billing.now()
    invoice = get_row(conn, INVOICE, plan.invoice)
    if invoice is None:
        raise resource_missing("invoice", plan.invoice, status=400, param="invoice")
    status = invoice["status"]
    if status in ("draft", "void"):
        raise StripeError(
            f"Credit notes can only be created for finalized invoices that are not void; invoice "
            f"'{plan.invoice}' is {status}.",
            param="invoice",
        )
    credit = plan.credit_amount or 0
    out_of_band = plan.out_of_band_amount or 0
    amount = plan.amount if plan.amount is not None else credit + out_of_band
    credited = invoice["pre_payment_credit_notes_amount"] + invoice["post_payment_credit_notes_amount"]
    if status == "paid":
        kind = "post_payment"
        limit = invoice["total"] - credited
        if credit == 0 and out_of_band == 0:
            credit = amount
        elif credit + out_of_band != amount:
            raise StripeError(
                "The sum of credit_amount, refund_amount and out_of_band_amount "
                f"({credit + out_of_band}) must equal the credit note amount ({amount}).",
                param="amount",
            )
    else:
        kind = "pre_payment"
        limit = invoice["amount_remaining"]
        if credit or out_of_band:
            raise StripeError(
                "credit_amount, refund_amount and out_of_band_amount can only be set for credit notes on "
                "paid invoices.",
                param="credit_amount" if credit else "out_of_band_amount",
            )
    if amount > limit:
        raise StripeError(
            f"The credit note amount ({amount}) is greater than the invoice's creditable amount ({limit}).",
            param="amount",
        )
    note_id = new_id("cn")
    count = conn.execute("SELECT COUNT(*) FROM credit_notes WHERE invoice = ?", (plan.invoice,)).fetchone()[0]
    number = f"{invoice['number'] or invoice['id']}-CN-{count + 1:02d}"
    txn_id: str | None = None
    if kind == "pre_payment":
        remaining = invoice["amount_remaining"] - amount
        paid = remaining == 0
        conn.execute(
            "UPDATE invoices SET amount_due = amount_due - ?, amount_remaining = ?,"
            " pre_payment_credit_notes_amount = pre_payment_credit_notes_amount + ?,"
            " status = CASE WHEN ? THEN 'paid' ELSE status END, paid_at = CASE WHEN ? THEN ? ELSE paid_at END"
            " WHERE id = ?",
            (amount, remaining, amount, paid, paid, now, plan.invoice),
        )
    else:
        conn.execute(
            "UPDATE invoices SET post_payment_credit_notes_amount = post_payment_credit_notes_amount + ?"
            " WHERE id = ?",
            (amount, plan.invoice),
        )
    conn.execute(
        "INSERT INTO credit_notes (id, number, customer, invoice, type, status, amount, currency,"
        " out_of_band_amount, reason, memo, created, customer_balance_transaction, metadata)"
        " VALUES (?, ?, ?, ?, ?, 'issued', ?, ?, ?, ?, ?, ?, NULL, ?)",
        (
            note_id,
            number,
            invoice["customer"],
            plan.invoice,
            kind,
            amount,
            invoice["currency"],
            out_of_band or None,
            plan.reason,
            plan.memo,
            now,
            json.dumps(plan.metadata),
        ),
    )
    if kind == "post_payment" and credit:
        txn_id = balance.record(
            billing,
            customer=invoice["customer"],
            amount=-credit,
            currency=invoice["currency"],
            type="credit_note",
            description=f"Credit note {number}",
            credit_note=note_id,
            invoice=plan.invoice,
        )
        conn.execute(
            "UPDATE credit_notes SET customer_balance_transaction = ? WHERE id = ?", (txn_id, note_id)
        )
    created = fetch(conn, billing.catalog, CREDIT_NOTE, note_id)
    assert created is not None
    return billing.expand(created, plan.expand)
