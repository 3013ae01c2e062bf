"""`POST /v1/subscriptions/{id}`: items, proration_behavior, cancel_at_period_end and metadata."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sandbox.billing import expand
from sandbox.billing.context import Billing
from sandbox.billing.errors import StripeError, parameter_missing, resource_missing
from sandbox.billing.ids import new_id
from sandbox.billing.params import Params
from sandbox.billing.proration import invoice_proration
from sandbox.billing.queries import SUBSCRIPTION, fetch, get_row

MAX_ITEMS = 20
PRORATION = ("create_prorations", "always_invoice", "none")
ENDED = ("canceled", "incomplete_expired")


@dataclass(frozen=True)
class ItemChange:
    param: str  # `items[0]`, for error messages
    id: str | None
    price: str | None
    quantity: int | None
    deleted: bool


@dataclass(frozen=True)
class Update:
    subscription: str
    items: list[ItemChange]
    proration_behavior: str
    cancel_at_period_end: bool | None
    metadata: dict[str, str] | None
    expand: list[list[str]]


def validate(subscription: str, form: dict[str, Any]) -> Update:
    """Check the parameters alone (nothing is saved for a request that fails here)."""
    params = Params(form, ("items", "proration_behavior", "cancel_at_period_end", "metadata", "expand"))
    raw_items = params.array("items") or []
    if len(raw_items) > MAX_ITEMS:
        raise StripeError(f"You can pass at most {MAX_ITEMS} items.", param="items")
    changes = []
    for index, raw in enumerate(raw_items):
        prefix = f"items[{index}]"
        item = Params(raw, ("id", "price", "quantity", "deleted", "metadata"), prefix=prefix)
        change = ItemChange(
            param=prefix,
            id=item.id("id"),
            price=item.id("price"),
            quantity=item.integer("quantity", minimum=0),
            deleted=bool(item.boolean("deleted")),
        )
        if change.deleted and change.id is None:
            raise parameter_missing(f"{prefix}[id]")
        if change.id is None and change.price is None:
            raise parameter_missing(f"{prefix}[price]")
        changes.append(change)
    return Update(
        subscription=subscription,
        items=changes,
        proration_behavior=params.enum("proration_behavior", PRORATION) or "create_prorations",
        cancel_at_period_end=params.boolean("cancel_at_period_end"),
        metadata=params.metadata(),
        expand=expand.read_expand(params.data.get("expand"), SUBSCRIPTION.name, is_list=False),
    )


def execute(billing: Billing, plan: Update) -> dict[str, Any]:
    """Apply the update; with `always_invoice`, invoice the proration at once."""
    conn = billing.conn
    row = get_row(conn, SUBSCRIPTION, plan.subscription)
    if row is None:
        raise resource_missing("subscription", plan.subscription)
    if row["status"] in ENDED and (plan.items or plan.cancel_at_period_end is not None):
        raise StripeError(
            f"A {row['status']} subscription can only update its cancellation_details and metadata."
        )
    old_items: list[list[Any]] = json.loads(row["items"])
    new_items = _apply_items(billing, row["currency"], old_items, plan.items)
    metadata = json.loads(row["metadata"])
    for key, value in (plan.metadata or {}).items():
        if value == "":
            metadata.pop(key, None)
        else:
            metadata[key] = value
    if plan.metadata == {}:
        metadata = {}
    cancel = (
        row["cancel_at_period_end"] if plan.cancel_at_period_end is None else int(plan.cancel_at_period_end)
    )
    latest = row["latest_invoice"]
    if plan.proration_behavior == "always_invoice" and new_items != old_items:
        latest = invoice_proration(billing, row, old_items, new_items) or latest
    conn.execute(
        "UPDATE subscriptions SET items = ?, metadata = ?, cancel_at_period_end = ?, latest_invoice = ?"
        " WHERE id = ?",
        (json.dumps(new_items), json.dumps(metadata), cancel, latest, plan.subscription),
    )
    updated = fetch(conn, billing.catalog, SUBSCRIPTION, plan.subscription)
    assert updated is not None
    return billing.expand(updated, plan.expand)


def _apply_items(
    billing: Billing, currency: str, old_items: list[list[Any]], changes: list[ItemChange]
) -> list[list[Any]]:
    items = [list(item) for item in old_items]
    for change in changes:
        if change.price is not None and change.price not in billing.catalog.prices:
            raise resource_missing("price", change.price, status=400, param=f"{change.param}[price]")
        if change.id is not None:
            matches = [item for item in items if item[0] == change.id]
            if not matches:
                raise resource_missing(
                    "subscription item", change.id, status=400, param=f"{change.param}[id]"
                )
            if change.deleted:
                items.remove(matches[0])
                continue
            if change.price is not None:
                matches[0][1] = change.price
            if change.quantity is not None:
                matches[0][2] = change.quantity
        else:
            assert change.price is not None
            quantity = 1 if change.quantity is None else change.quantity
            items.append([new_id("si"), change.price, quantity, billing.now()])
    if not items:
        raise StripeError("A subscription must have at least one item.", param="items")
    if len(items) > MAX_ITEMS:
        raise StripeError(f"A subscription can have at most {MAX_ITEMS} items.", param="items")
    prices = [billing.catalog.prices[item[1]] for item in items]
    if len({price.id for price in prices}) != len(prices):
        raise StripeError("Cannot add multiple subscription items with the same price.", param="items")
    for price in prices:
        if price.currency != currency:
            raise StripeError(
                f"The price {price.id} is in {price.currency}, but this subscription is in {currency}.",
                param="items",
            )
    if len({price.interval for price in prices}) > 1:
        raise StripeError(
            "Currency and interval fields must match across all plans on this subscription. Found mismatch "
            "in interval field.",
            param="items",
        )
    return items
