"""`proration_behavior=always_invoice`: bill (or credit) the unused and remaining time of changed items."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from sandbox.billing import balance
from sandbox.billing.context import Billing
from sandbox.billing.ids import new_id


def invoice_proration(
    billing: Billing, sub: sqlite3.Row, old_items: list[list[Any]], new_items: list[list[Any]]
) -> str | None:
    """Write the proration invoice for an item change; returns its id (None when it nets to zero)."""
    conn, now = billing.conn, billing.now()
    start, end = sub["current_period_start"], sub["current_period_end"]
    fraction = min(1.0, max(0.0, (end - now) / (end - start))) if end > start else 0.0
    old = {(item[1], item[2]) for item in old_items}
    new = {(item[1], item[2]) for item in new_items}
    lines: list[list[Any]] = []
    for (price_id, quantity), sign, label in [
        *((pair, -1, "Unused time on") for pair in sorted(old - new)),
        *((pair, 1, "Remaining time on") for pair in sorted(new - old)),
    ]:
        price = billing.catalog.prices[price_id]
        product = billing.catalog.products[price.product].name
        amount = sign * round(price.unit_amount * quantity * fraction)
        lines.append([new_id("il"), price_id, f"{label} {quantity} x {product}", quantity, amount, True])
    total = sum(line[4] for line in lines)
    if not lines or total == 0:
        return None
    customer = conn.execute(
        "SELECT invoice_prefix, next_invoice_sequence FROM customers WHERE id = ?", (sub["customer"],)
    ).fetchone()
    number = f"{customer['invoice_prefix'] or 'INV'}-{customer['next_invoice_sequence']:04d}"
    conn.execute(
        "UPDATE customers SET next_invoice_sequence = next_invoice_sequence + 1 WHERE id = ?",
        (sub["customer"],),
    )
    send = sub["collection_method"] == "send_invoice"
    owed = max(total, 0)
    # Charged automatically means paid at once here: the sandbox has no payment methods that could fail.
    paid = owed == 0 or not send
    due_date = None
    if send:
        due = datetime.fromtimestamp(now, UTC).date() + timedelta(days=sub["days_until_due"] or 0)
        due_date = int(datetime(due.year, due.month, due.day, tzinfo=UTC).timestamp())
    invoice_id = new_id("in")
    conn.execute(
        "INSERT INTO invoices (id, customer, subscription, status, number, currency, subtotal, total,"
        " amount_due, amount_paid, amount_remaining, pre_payment_credit_notes_amount,"
        " post_payment_credit_notes_amount, created, period_start, period_end, due_date, collection_method,"
        " billing_reason, finalized_at, paid_at, voided_at, lines, metadata)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, ?, ?, ?, ?, ?,"
        " 'subscription_update', ?, ?, NULL, ?, '{}')",
        (
            invoice_id,
            sub["customer"],
            sub["id"],
            "paid" if paid else "open",
            number,
            sub["currency"],
            total,
            total,
            owed,
            owed if paid else 0,
            0 if paid else owed,
            now,
            now,
            end,
            due_date,
            sub["collection_method"],
            now,
            now if paid else None,
            json.dumps(lines),
        ),
    )
    if total < 0:
        # A negative invoice leaves its credit on the customer's balance, as Stripe does.
        balance.record(
            billing,
            customer=sub["customer"],
            amount=total,
            currency=sub["currency"],
            type="applied_to_invoice",
            description=f"Proration credit from invoice {number}",
            invoice=invoice_id,
        )
    return invoice_id
