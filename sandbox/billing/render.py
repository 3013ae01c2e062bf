"""Rows to Stripe objects (API version 2023-08-16 shapes), ids left unexpanded."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sandbox.billing.catalog import Catalog

ACCOUNT_NAME = "Tessera Sandbox"


def customer(row: sqlite3.Row) -> dict[str, Any]:
    """A customer object."""
    return {
        "id": row["id"],
        "object": "customer",
        "address": None,
        "balance": row["balance"],
        "created": row["created"],
        "currency": row["currency"],
        "default_source": None,
        "delinquent": bool(row["delinquent"]),
        "description": None,
        "discount": None,
        "email": row["email"],
        "invoice_prefix": row["invoice_prefix"],
        "invoice_settings": {
            "custom_fields": None,
            "default_payment_method": None,
            "footer": None,
            "rendering_options": None,
        },
        "livemode": False,
        "metadata": json.loads(row["metadata"]),
        "name": row["name"],
        "next_invoice_sequence": row["next_invoice_sequence"],
        "phone": None,
        "preferred_locales": [],
        "shipping": None,
        "tax_exempt": "none",
        "test_clock": None,
    }


def subscription(row: sqlite3.Row, catalog: Catalog) -> dict[str, Any]:
    """A subscription object with its items (prices embedded, as Stripe does)."""
    sub_id = row["id"]
    items = [
        {
            "id": item_id,
            "object": "subscription_item",
            "billing_thresholds": None,
            "created": created,
            "metadata": {},
            "price": catalog.price(price_id),
            "quantity": quantity,
            "subscription": sub_id,
            "tax_rates": [],
        }
        for item_id, price_id, quantity, created in json.loads(row["items"])
    ]
    trialing = row["status"] == "trialing"
    canceled = row["canceled_at"] is not None
    return {
        "id": sub_id,
        "object": "subscription",
        "application": None,
        "application_fee_percent": None,
        "automatic_tax": {"enabled": False},
        "billing_cycle_anchor": row["start_date"],
        "billing_thresholds": None,
        "cancel_at": row["current_period_end"] if row["cancel_at_period_end"] else None,
        "cancel_at_period_end": bool(row["cancel_at_period_end"]),
        "canceled_at": row["canceled_at"],
        "cancellation_details": {
            "comment": None,
            "feedback": None,
            "reason": "cancellation_requested" if canceled or row["cancel_at_period_end"] else None,
        },
        "collection_method": row["collection_method"],
        "created": row["created"],
        "currency": row["currency"],
        "current_period_end": row["current_period_end"],
        "current_period_start": row["current_period_start"],
        "customer": row["customer"],
        "days_until_due": row["days_until_due"],
        "default_payment_method": None,
        "default_source": None,
        "default_tax_rates": [],
        "description": None,
        "discount": None,
        "ended_at": row["ended_at"],
        "items": {
            "object": "list",
            "data": items,
            "has_more": False,
            "total_count": len(items),
            "url": f"/v1/subscription_items?subscription={sub_id}",
        },
        "latest_invoice": row["latest_invoice"],
        "livemode": False,
        "metadata": json.loads(row["metadata"]),
        "next_pending_invoice_item_invoice": None,
        "on_behalf_of": None,
        "pause_collection": None,
        "payment_settings": None,
        "pending_invoice_item_interval": None,
        "pending_setup_intent": None,
        "pending_update": None,
        "schedule": None,
        "start_date": row["start_date"],
        "status": row["status"],
        "test_clock": None,
        "transfer_data": None,
        "trial_end": row["current_period_end"] if trialing else None,
        "trial_start": row["current_period_start"] if trialing else None,
    }


def invoice(row: sqlite3.Row, catalog: Catalog) -> dict[str, Any]:
    """An invoice object; `row` carries the customer's email and name as customer_email/customer_name."""
    inv_id = row["id"]
    lines = [_line(inv_id, line, row, catalog) for line in json.loads(row["lines"])]
    status = row["status"]
    return {
        "id": inv_id,
        "object": "invoice",
        "account_country": "US",
        "account_name": ACCOUNT_NAME,
        "account_tax_ids": None,
        "amount_due": row["amount_due"],
        "amount_paid": row["amount_paid"],
        "amount_remaining": row["amount_remaining"],
        "amount_shipping": 0,
        "application": None,
        "application_fee_amount": None,
        "attempt_count": 1
        if status in ("paid", "open") and row["collection_method"] == "charge_automatically"
        else 0,
        "attempted": status != "draft",
        "auto_advance": status in ("draft", "open"),
        "automatic_tax": {"enabled": False, "status": None},
        "billing_reason": row["billing_reason"],
        "charge": None,
        "collection_method": row["collection_method"],
        "created": row["created"],
        "currency": row["currency"],
        "custom_fields": None,
        "customer": row["customer"],
        "customer_address": None,
        "customer_email": row["customer_email"],
        "customer_name": row["customer_name"],
        "customer_phone": None,
        "customer_shipping": None,
        "customer_tax_exempt": "none",
        "customer_tax_ids": [],
        "default_payment_method": None,
        "default_source": None,
        "default_tax_rates": [],
        "description": None,
        "discount": None,
        "discounts": [],
        "due_date": row["due_date"],
        "effective_at": row["finalized_at"],
        "ending_balance": None if status == "draft" else 0,
        "footer": None,
        "from_invoice": None,
        "hosted_invoice_url": None,
        "invoice_pdf": None,
        "last_finalization_error": None,
        "latest_revision": None,
        "lines": {
            "object": "list",
            "data": lines,
            "has_more": False,
            "total_count": len(lines),
            "url": f"/v1/invoices/{inv_id}/lines",
        },
        "livemode": False,
        "metadata": json.loads(row["metadata"]),
        "next_payment_attempt": None,
        "number": row["number"],
        "on_behalf_of": None,
        "paid": status == "paid",
        "paid_out_of_band": False,
        "payment_intent": None,
        "payment_settings": {
            "default_mandate": None,
            "payment_method_options": None,
            "payment_method_types": None,
        },
        "period_end": row["period_end"],
        "period_start": row["period_start"],
        "post_payment_credit_notes_amount": row["post_payment_credit_notes_amount"],
        "pre_payment_credit_notes_amount": row["pre_payment_credit_notes_amount"],
        "quote": None,
        "receipt_number": None,
        "rendering_options": None,
        "shipping_cost": None,
        "shipping_details": None,
        "starting_balance": 0,
        "statement_descriptor": None,
        "status": status,
        "status_transitions": {
            "finalized_at": row["finalized_at"],
            "marked_uncollectible_at": row["finalized_at"] if status == "uncollectible" else None,
            "paid_at": row["paid_at"],
            "voided_at": row["voided_at"],
        },
        "subscription": row["subscription"],
        "subscription_details": {"metadata": {}} if row["subscription"] else None,
        "subtotal": row["subtotal"],
        "subtotal_excluding_tax": row["subtotal"],
        "tax": None,
        "test_clock": None,
        "total": row["total"],
        "total_discount_amounts": [],
        "total_excluding_tax": row["total"],
        "total_tax_amounts": [],
        "transfer_data": None,
        "webhooks_delivered_at": row["created"],
    }


def _line(inv_id: str, line: list[Any], row: sqlite3.Row, catalog: Catalog) -> dict[str, Any]:
    line_id, price_id, description, quantity, amount = line[:5]
    proration = len(line) > 5 and bool(line[5])
    return {
        "id": line_id,
        "object": "line_item",
        "amount": amount,
        "amount_excluding_tax": amount,
        "currency": row["currency"],
        "description": description,
        "discount_amounts": [],
        "discountable": True,
        "discounts": [],
        "invoice_item": None,
        "livemode": False,
        "metadata": {},
        "period": {"end": row["period_end"], "start": row["period_start"]},
        "plan": None,
        "price": catalog.price(price_id),
        "proration": proration,
        "proration_details": {"credited_items": None},
        "quantity": quantity,
        "subscription": row["subscription"],
        "subscription_item": None,
        "tax_amounts": [],
        "tax_rates": [],
        "type": "invoiceitem" if proration else "subscription",
        "unit_amount_excluding_tax": str(amount // quantity) if quantity else "0",
    }


def credit_note(row: sqlite3.Row) -> dict[str, Any]:
    """A credit note object (created from an amount, so it carries no lines)."""
    note_id = row["id"]
    amount = row["amount"]
    return {
        "id": note_id,
        "object": "credit_note",
        "amount": amount,
        "amount_shipping": 0,
        "created": row["created"],
        "currency": row["currency"],
        "customer": row["customer"],
        "customer_balance_transaction": row["customer_balance_transaction"],
        "discount_amount": 0,
        "discount_amounts": [],
        "effective_at": row["created"],
        "invoice": row["invoice"],
        "lines": {
            "object": "list",
            "data": [],
            "has_more": False,
            "total_count": 0,
            "url": f"/v1/credit_notes/{note_id}/lines",
        },
        "livemode": False,
        "memo": row["memo"],
        "metadata": json.loads(row["metadata"]),
        "number": row["number"],
        "out_of_band_amount": row["out_of_band_amount"],
        "pdf": f"https://pay.stripe.com/credit_notes/{note_id}/pdf",
        "reason": row["reason"],
        "refund": None,
        "shipping_cost": None,
        "status": row["status"],
        "subtotal": amount,
        "subtotal_excluding_tax": amount,
        "tax_amounts": [],
        "total": amount,
        "total_excluding_tax": amount,
        "type": row["type"],
        "voided_at": None,
    }


def balance_transaction(row: sqlite3.Row) -> dict[str, Any]:
    """A customer balance transaction object."""
    metadata = row["metadata"]
    return {
        "id": row["id"],
        "object": "customer_balance_transaction",
        "amount": row["amount"],
        "created": row["created"],
        "credit_note": row["credit_note"],
        "currency": row["currency"],
        "customer": row["customer"],
        "description": row["description"],
        "ending_balance": row["ending_balance"],
        "invoice": row["invoice"],
        "livemode": False,
        "metadata": json.loads(metadata) if metadata else None,
        "type": row["type"],
    }
