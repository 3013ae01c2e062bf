"""Customer balance: adjustments through the API and the ledger entries other writes leave."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sandbox.billing import expand
from sandbox.billing.context import Billing
from sandbox.billing.errors import StripeError, resource_missing
from sandbox.billing.ids import new_id
from sandbox.billing.params import Params
from sandbox.billing.queries import BALANCE_TRANSACTION, fetch


def record(
    billing: Billing,
    *,
    customer: str,
    amount: int,
    currency: str,
    type: str,
    description: str | None = None,
    credit_note: str | None = None,
    invoice: str | None = None,
    metadata: dict[str, str] | None = None,
) -> str:
    """Move a customer's balance by `amount` (negative = credit), with a ledger entry; returns its id."""
    conn = billing.conn
    conn.execute("UPDATE customers SET balance = balance + ? WHERE id = ?", (amount, customer))
    ending = conn.execute("SELECT balance FROM customers WHERE id = ?", (customer,)).fetchone()["balance"]
    txn_id = new_id("cbtxn")
    conn.execute(
        "INSERT INTO balance_transactions (id, customer, type, amount, currency, description, ending_balance,"
        " credit_note, invoice, created, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (
            txn_id,
            customer,
            type,
            amount,
            currency,
            description,
            ending,
            credit_note,
            invoice,
            billing.now(),
            json.dumps(metadata) if metadata is not None else None,
        ),
    )
    return txn_id


@dataclass(frozen=True)
class Adjustment:
    customer: str
    amount: int
    currency: str
    description: str | None
    metadata: dict[str, str]
    expand: list[list[str]]


def validate_adjustment(customer: str, form: dict[str, Any]) -> Adjustment:
    """`POST /v1/customers/{id}/balance_transactions` parameters."""
    params = Params(form, ("amount", "currency", "description", "metadata", "expand"))
    amount = params.integer("amount", required=True)
    assert amount is not None
    if amount == 0:
        raise StripeError("Invalid amount: a balance transaction must not be zero.", param="amount")
    currency = params.string("currency", required=True)
    assert currency is not None
    if len(currency) != 3 or not currency.isalpha():
        raise StripeError(f"Invalid currency: {currency.lower()}.", param="currency")
    return Adjustment(
        customer=customer,
        amount=amount,
        currency=currency.lower(),
        description=params.string("description", max_length=350),
        metadata={k: v for k, v in (params.metadata() or {}).items() if v != ""},
        expand=expand.read_expand(params.data.get("expand"), BALANCE_TRANSACTION.name, is_list=False),
    )


def execute_adjustment(billing: Billing, plan: Adjustment) -> dict[str, Any]:
    """Write an adjustment; the currency must be the customer's (when it has one)."""
    row = billing.conn.execute("SELECT currency FROM customers WHERE id = ?", (plan.customer,)).fetchone()
    if row is None:
        raise resource_missing("customer", plan.customer)
    if row["currency"] and row["currency"] != plan.currency:
        raise StripeError(
            f"The currency of the balance transaction ({plan.currency}) must match the customer's "
            f"currency ({row['currency']}).",
            param="currency",
        )
    if not row["currency"]:
        billing.conn.execute("UPDATE customers SET currency = ? WHERE id = ?", (plan.currency, plan.customer))
    txn_id = record(
        billing,
        customer=plan.customer,
        amount=plan.amount,
        currency=plan.currency,
        type="adjustment",
        description=plan.description,
        metadata=plan.metadata,
    )
    created = fetch(billing.conn, billing.catalog, BALANCE_TRANSACTION, txn_id)
    assert created is not None
    return billing.expand(created, plan.expand)
