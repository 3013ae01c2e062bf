"""Billing writes (subscription amendments, credit notes) and the reads their checks need.

Every write forwards the caller's Idempotency-Key, which Stripe honours for 24 hours, and tags the object
it changes with the key's marker in `metadata`, so a retry after an unknown outcome first looks for the
marker and only writes (with the same key, so still at most once) when it is absent. Because Stripe honours
the key, the request helper may retry a write's POST on a timeout, a 5xx or a rate limit, with the same key.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from domain.models import CreditNote, CreditNoteReason, Invoice, Subscription
from domain.models.catalog import Price
from domain.money import Money
from domain.systems import SourceSystem
from domain.writes import ItemChange
from sources.billing import mapping, write_payloads
from sources.billing.payloads import InvoiceObject, StripeList
from sources.billing.write_payloads import (
    CreditNoteObject,
    PriceObject,
    StripeErrorBody,
    SubscriptionWithMetadata,
)
from sources.config import BillingConfig
from sources.connector import Connector
from sources.context import CallContext
from sources.errors import SourceConflict, SourceError, SourceNotFound, SourceRejected
from sources.idempotency import key_marker
from sources.responses import decode, parametrized

BILLING = SourceSystem.BILLING
MARKER_KEY = "tessera_idempotency"
M = TypeVar("M", bound=BaseModel)


def stripe_rejection(response: httpx.Response) -> SourceError | None:
    """A Stripe error answer as a rejection (with the parameter at fault), a conflict or not-found."""
    try:
        error = StripeErrorBody.model_validate(json.loads(response.content)).error
    except (ValueError, ValidationError):
        return None
    status = response.status_code
    what = error.code or error.type
    if status == 409 or error.type == "idempotency_error":
        return SourceConflict(BILLING, f"billing refused the write as a conflict ({what})")
    if status == 404:
        return SourceNotFound(BILLING, f"billing has no such object ({what})")
    if status in (400, 402) and error.type in ("invalid_request_error", "card_error"):
        return SourceRejected(BILLING, f"billing refused the request ({what})", field=error.param)
    return None


def item_form(changes: Sequence[ItemChange]) -> dict[str, str]:
    """Subscription changes as Stripe's `items[N][...]` form fields."""
    form: dict[str, str] = {}
    for n, change in enumerate(changes):
        prefix = f"items[{n}]"
        if change.item_id is not None:
            form[f"{prefix}[id]"] = change.item_id
        if change.price_id is not None:
            form[f"{prefix}[price]"] = change.price_id
        if change.quantity is not None:
            form[f"{prefix}[quantity]"] = str(change.quantity)
        if change.remove:
            form[f"{prefix}[deleted]"] = "true"
    return form


class BillingWrites(Connector[BillingConfig]):
    """The write half of the billing connector (the base of `BillingSource`)."""

    async def _get(self, model: type[M], path: str, ctx: CallContext) -> M | None:
        try:
            return (await self._http.call(model, "GET", path, ctx)).value
        except SourceNotFound:
            return None

    async def _post(self, model: type[M], path: str, form: dict[str, str], key: str, ctx: CallContext) -> M:
        # Stripe honours the key: a retry after a timeout or a 5xx replays the first outcome, never a second
        # write, so this write is retried like a read, with the same key.
        response, _ = await self._http.exchange(
            "POST",
            path,
            ctx,
            refine=stripe_rejection,
            form=form,
            headers={"Idempotency-Key": key},
            idempotent=True,
        )
        return decode(BILLING, model, response.content)

    async def subscription(self, subscription_id: str, ctx: CallContext) -> Subscription | None:
        """One subscription by id, live; None when billing has no such subscription."""
        found = await self._get(SubscriptionWithMetadata, f"/v1/subscriptions/{subscription_id}", ctx)
        return self._to_domain(mapping.to_subscription, found) if found is not None else None

    async def invoice(self, invoice_id: str, ctx: CallContext) -> Invoice | None:
        """One invoice by id, live; None when billing has no such invoice."""
        found = await self._get(InvoiceObject, f"/v1/invoices/{invoice_id}", ctx)
        return self._to_domain(mapping.to_invoice, found) if found is not None else None

    async def price(self, price_id: str, ctx: CallContext) -> Price | None:
        """One price by id; None when billing has no such price."""
        found = await self._get(PriceObject, f"/v1/prices/{price_id}", ctx)
        return self._to_domain(write_payloads.to_price, found) if found is not None else None

    async def _credit_notes(self, invoice_id: str, ctx: CallContext) -> list[CreditNoteObject]:
        page = await self._http.call(
            parametrized(StripeList, CreditNoteObject),
            "GET",
            "/v1/credit_notes",
            ctx,
            params={"invoice": invoice_id, "limit": 100},
        )
        return list(page.value.data)

    async def credited(self, invoice_id: str, currency: str, ctx: CallContext) -> Money:
        """The total of the issued credit notes of an invoice."""
        total = Money.zero(currency)
        for note in await self._credit_notes(invoice_id, ctx):
            if note.status == "issued":
                total = total + mapping.money(note.amount, note.currency)
        return total

    def _forget_customer(self, customer_id: str | None) -> None:
        if customer_id is None:
            return
        for entity in ("subscriptions", "invoices", "customers"):
            self._cache.invalidate(BILLING, entity, customer_id)

    async def amend_subscription(
        self,
        subscription_id: str,
        changes: Sequence[ItemChange],
        proration_behavior: str,
        idempotency_key: str,
        ctx: CallContext,
        *,
        reconcile: bool = False,
    ) -> Subscription:
        """Apply item changes (one POST, key forwarded); answer the subscription as billing now has it."""
        marker = key_marker(idempotency_key)
        path = f"/v1/subscriptions/{subscription_id}"
        sub: SubscriptionWithMetadata | None = None
        if reconcile:
            sub = await self._get(SubscriptionWithMetadata, path, ctx)
            if sub is None:
                raise SourceNotFound(BILLING, "billing has no such subscription")
            if sub.metadata.get(MARKER_KEY) != marker:
                sub = None
        if sub is None:
            form = {
                **item_form(changes),
                "proration_behavior": proration_behavior,
                f"metadata[{MARKER_KEY}]": marker,
            }
            sub = await self._post(SubscriptionWithMetadata, path, form, idempotency_key, ctx)
        self._forget_customer(sub.customer)
        return self._to_domain(mapping.to_subscription, sub)

    async def issue_credit(
        self,
        invoice_id: str,
        amount: Money,
        reason: CreditNoteReason | None,
        memo: str | None,
        idempotency_key: str,
        ctx: CallContext,
        *,
        reconcile: bool = False,
    ) -> CreditNote:
        """Issue a credit note on an invoice (one POST, key forwarded) and answer it as billing stored it."""
        marker = key_marker(idempotency_key)
        note: CreditNoteObject | None = None
        if reconcile:
            note = next(
                (
                    n
                    for n in await self._credit_notes(invoice_id, ctx)
                    if n.metadata.get(MARKER_KEY) == marker
                ),
                None,
            )
        if note is None:
            form = {
                "invoice": invoice_id,
                "amount": str(amount.to_minor(exponent=mapping.stripe_exponent(amount.currency))),
                f"metadata[{MARKER_KEY}]": marker,
            }
            if reason is not None:
                form["reason"] = reason.value
            if memo:
                form["memo"] = memo
            note = await self._post(CreditNoteObject, "/v1/credit_notes", form, idempotency_key, ctx)
        self._forget_customer(note.customer)
        return self._to_domain(write_payloads.to_credit_note, note)
