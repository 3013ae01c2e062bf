"""Read-only endpoints: prices, products, invoices, and the GET side of subscriptions and credit notes."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.billing.context import Billing
from sandbox.billing.handlers import list_objects, retrieve, run_get
from sandbox.billing.params import Params
from sandbox.billing.queries import CREDIT_NOTE, INVOICE, PRICE, PRODUCT, SUBSCRIPTION, Kind

INVOICE_STATUSES = ("draft", "open", "paid", "uncollectible", "void")
SUBSCRIPTION_STATUSES = (
    "active",
    "all",
    "canceled",
    "ended",
    "incomplete",
    "incomplete_expired",
    "past_due",
    "paused",
    "trialing",
    "unpaid",
)


def _equal(params: Params, *pairs: tuple[str, str]) -> list[tuple[str, Any]]:
    where: list[tuple[str, Any]] = []
    for name, column in pairs:
        value = params.id(name)
        if value is not None:
            where.append((f"{column} = ?", value))
    return where


def invoice_filters(params: Params) -> list[tuple[str, Any]]:
    """`customer`, `subscription`, `status` and `collection_method` on the invoice list."""
    where = _equal(params, ("customer", "t.customer"), ("subscription", "t.subscription"))
    status = params.enum("status", INVOICE_STATUSES)
    if status is not None:
        where.append(("t.status = ?", status))
    method = params.enum("collection_method", ("charge_automatically", "send_invoice"))
    if method is not None:
        where.append(("t.collection_method = ?", method))
    return where


def subscription_filters(params: Params) -> list[tuple[str, Any]]:
    """`customer`, `price`, `collection_method` and `status` (default: everything but canceled)."""
    where = _equal(params, ("customer", "t.customer"))
    price = params.id("price")
    if price is not None:
        where.append(
            ("EXISTS (SELECT 1 FROM json_each(t.items) j WHERE json_extract(j.value, '$[1]') = ?)", price)
        )
    method = params.enum("collection_method", ("charge_automatically", "send_invoice"))
    if method is not None:
        where.append(("t.collection_method = ?", method))
    status = params.enum("status", SUBSCRIPTION_STATUSES)
    if status is None:
        where.append(("t.status != ?", "canceled"))
    elif status == "ended":
        where.append(("t.status IN ('canceled', ?)", "incomplete_expired"))
    elif status != "all":
        where.append(("t.status = ?", status))
    return where


def credit_note_filters(params: Params) -> list[tuple[str, Any]]:
    """`invoice` or `customer` on the credit note list."""
    return _equal(params, ("invoice", "t.invoice"), ("customer", "t.customer"))


def price_filters(params: Params) -> list[tuple[str, Any]]:
    """`product`, `currency`, `active` and `type` on the price list (all are active, recurring)."""
    where = _equal(params, ("product", "t.product"))
    currency = params.string("currency")
    if currency is not None:
        where.append(("t.currency = ?", currency.lower()))
    if params.boolean("active") is False or params.enum("type", ("one_time", "recurring")) == "one_time":
        where.append(("0 = ?", 1))
    return where


def product_filters(params: Params) -> list[tuple[str, Any]]:
    """`active` on the product list (every product is active)."""
    return [("0 = ?", 1)] if params.boolean("active") is False else []


def _one(billing: Billing, kind: Kind) -> Any:
    async def endpoint(request: Request) -> Response:
        object_id = request.path_params["id"]
        return run_get(request, lambda form: retrieve(billing, kind, object_id, form))

    return endpoint


def _many(billing: Billing, kind: Kind, url: str, names: tuple[str, ...], filters: Any) -> Any:
    async def endpoint(request: Request) -> Response:
        def answer(form: dict[str, Any]) -> dict[str, Any]:
            return list_objects(billing, kind, form, url=url, filter_names=names, filters=filters)

        return run_get(request, answer)

    return endpoint


def routes(billing: Billing) -> list[Route]:
    """The read-only routes."""
    return [
        Route(
            "/v1/prices",
            _many(billing, PRICE, "/v1/prices", ("product", "currency", "active", "type"), price_filters),
        ),
        Route("/v1/prices/{id}", _one(billing, PRICE)),
        Route("/v1/products", _many(billing, PRODUCT, "/v1/products", ("active",), product_filters)),
        Route("/v1/products/{id}", _one(billing, PRODUCT)),
        Route(
            "/v1/invoices",
            _many(
                billing,
                INVOICE,
                "/v1/invoices",
                ("customer", "subscription", "status", "collection_method"),
                invoice_filters,
            ),
        ),
        Route("/v1/invoices/{id}", _one(billing, INVOICE)),
        Route(
            "/v1/subscriptions",
            _many(
                billing,
                SUBSCRIPTION,
                "/v1/subscriptions",
                ("customer", "price", "status", "collection_method"),
                subscription_filters,
            ),
        ),
        Route("/v1/subscriptions/{id}", _one(billing, SUBSCRIPTION)),
        Route(
            "/v1/credit_notes",
            _many(billing, CREDIT_NOTE, "/v1/credit_notes", ("invoice", "customer"), credit_note_filters),
        ),
        Route("/v1/credit_notes/{id}", _one(billing, CREDIT_NOTE)),
    ]
