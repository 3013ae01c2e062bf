"""Seeding the billing database from the universe: customers, catalog, subscriptions, invoices, credits."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sandbox.billing.schema import create_schema
from sandbox.common.db import transaction
from sandbox.seed.model import Customer, Universe


def unix(moment: datetime | None) -> int | None:
    """Unix seconds of an aware datetime (None stays None)."""
    return None if moment is None else int(moment.timestamp())


def day_start(day: date | None) -> int | None:
    """Midnight UTC of a date in unix seconds: how Stripe's `due_date` is given."""
    return None if day is None else int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


def seed(conn: sqlite3.Connection, universe: Universe) -> None:
    """Recreate the billing tables and write the universe's billing share, in one transaction."""
    catalog_created = day_start(universe.as_of - timedelta(days=3 * 365))
    products: dict[str, str] = {}
    for price in universe.prices:
        products.setdefault(price.product_id, price.product_name)
    with transaction(conn):
        create_schema(conn)
        conn.executemany(
            "INSERT INTO products (id, name, created) VALUES (?, ?, ?)",
            [(pid, name, catalog_created) for pid, name in products.items()],
        )
        conn.executemany(
            "INSERT INTO prices (id, product, nickname, unit_amount, currency, interval, created)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (p.id, p.product_id, p.nickname, p.unit_amount, p.currency, p.interval, catalog_created)
                for p in universe.prices
            ],
        )
        customers = universe.customers
        conn.executemany(
            "INSERT INTO customers (id, email, name, balance, currency, created, delinquent, invoice_prefix,"
            " next_invoice_sequence, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_customer_row(c, universe.as_of) for c in customers),
        )
        conn.executemany(
            "INSERT INTO subscriptions (id, customer, status, currency, created, start_date,"
            " current_period_start, current_period_end, cancel_at_period_end, canceled_at, ended_at,"
            " collection_method, days_until_due, latest_invoice, items, metadata)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _subscription_rows(customers),
        )
        conn.executemany(
            "INSERT INTO invoices (id, customer, subscription, status, number, currency, subtotal, total,"
            " amount_due, amount_paid, amount_remaining, pre_payment_credit_notes_amount,"
            " post_payment_credit_notes_amount, created, period_start, period_end, due_date,"
            " collection_method, billing_reason, finalized_at, paid_at, voided_at, lines, metadata)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            _invoice_rows(customers),
        )
        notes, transactions = _credit_rows(customers)
        conn.executemany(
            "INSERT INTO credit_notes (id, number, customer, invoice, type, status, amount, currency,"
            " out_of_band_amount, reason, memo, created, customer_balance_transaction, metadata)"
            " VALUES (?, ?, ?, ?, ?, 'issued', ?, ?, NULL, ?, ?, ?, ?, '{}')",
            notes,
        )
        conn.executemany(
            "INSERT INTO balance_transactions (id, customer, type, amount, currency, description,"
            " ending_balance, credit_note, invoice, created, metadata)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
            transactions,
        )


def _customer_row(customer: Customer, as_of: date) -> tuple[Any, ...]:
    today = day_start(as_of) or 0
    overdue = any(
        inv.status == "open" and inv.due_date is not None and (day_start(inv.due_date) or 0) < today
        for inv in customer.invoices
    )
    behind = any(sub.status in ("past_due", "unpaid") for sub in customer.subscriptions)
    numbers = [inv.number for inv in customer.invoices if inv.number]
    prefix = numbers[0].rsplit("-", 1)[0] if numbers else None
    return (
        customer.billing_id,
        customer.email,
        customer.billing_name,
        customer.billing_balance,
        customer.currency.lower(),
        unix(customer.created),
        int(overdue or behind),
        prefix,
        len(numbers) + 1,
        json.dumps({"crm_account_id": customer.account_id}),
    )


def _subscription_rows(customers: list[Customer]) -> Iterator[tuple[Any, ...]]:
    for customer in customers:
        latest: dict[str, str] = {}
        for invoice in customer.invoices:
            if invoice.subscription_id:
                latest[invoice.subscription_id] = invoice.id
        for sub in customer.subscriptions:
            created = unix(sub.created)
            items = [[item.id, item.price_id, item.quantity, created] for item in sub.items]
            ended = sub.status in ("canceled", "incomplete_expired")
            yield (
                sub.id,
                customer.billing_id,
                sub.status,
                sub.currency.lower(),
                created,
                created,
                unix(sub.current_period_start),
                unix(sub.current_period_end),
                int(sub.cancel_at_period_end),
                unix(sub.canceled_at),
                unix(sub.canceled_at) if ended else None,
                sub.collection_method,
                sub.days_until_due,
                latest.get(sub.id),
                json.dumps(items),
                "{}",
            )


def _invoice_rows(customers: list[Customer]) -> Iterator[tuple[Any, ...]]:
    for customer in customers:
        post_credits: dict[str, int] = {}
        for note in customer.credit_notes:
            if note.type == "post_payment":
                post_credits[note.invoice_id] = post_credits.get(note.invoice_id, 0) + note.amount
        seen_subscriptions: set[str] = set()
        for inv in customer.invoices:
            first = inv.subscription_id is not None and inv.subscription_id not in seen_subscriptions
            if inv.subscription_id:
                seen_subscriptions.add(inv.subscription_id)
            created = unix(inv.created)
            lines = [[ln.id, ln.price_id, ln.description, ln.quantity, ln.amount] for ln in inv.lines]
            subtotal = sum(ln.amount for ln in inv.lines)
            yield (
                inv.id,
                customer.billing_id,
                inv.subscription_id,
                inv.status,
                inv.number or None,
                inv.currency.lower(),
                subtotal,
                inv.total,
                inv.amount_due,
                inv.amount_paid,
                inv.amount_remaining,
                inv.total - inv.amount_due,
                post_credits.get(inv.id, 0),
                created,
                unix(inv.period_start),
                unix(inv.period_end),
                day_start(inv.due_date),
                inv.collection_method,
                "subscription_create" if first else "subscription_cycle",
                None if inv.status == "draft" else created,
                unix(inv.paid_at),
                created if inv.status == "void" else None,
                json.dumps(lines),
                "{}",
            )


def _credit_rows(customers: list[Customer]) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    notes: list[tuple[Any, ...]] = []
    transactions: list[tuple[Any, ...]] = []
    for customer in customers:
        # The seed's balance transactions do not name their credit note: match them by time and amount.
        unmatched = {
            (unix(t.created), -t.amount): t for t in customer.balance_transactions if t.type == "credit_note"
        }
        links: dict[str, tuple[str, str]] = {}
        for note in customer.credit_notes:
            txn = (
                unmatched.pop((unix(note.created), note.amount), None)
                if note.type == "post_payment"
                else None
            )
            if txn is not None:
                links[txn.id] = (note.id, note.invoice_id)
            notes.append(
                (
                    note.id,
                    note.number,
                    customer.billing_id,
                    note.invoice_id,
                    note.type,
                    note.amount,
                    note.currency.lower(),
                    note.reason,
                    note.memo,
                    unix(note.created),
                    txn.id if txn is not None else None,
                )
            )
        for txn in customer.balance_transactions:
            note_id, invoice_id = links.get(txn.id, (None, None))
            transactions.append(
                (
                    txn.id,
                    customer.billing_id,
                    txn.type,
                    txn.amount,
                    txn.currency.lower(),
                    txn.description,
                    txn.ending_balance,
                    note_id,
                    invoice_id,
                    unix(txn.created),
                )
            )
    return notes, transactions
