"""Stripe-shaped answers: JSON objects, lists and errors."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sandbox.billing.errors import StripeError
from sandbox.common.responses import JSONResponse


def ok(
    body: Mapping[str, Any], *, status: int = 200, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    """A JSON answer."""
    return JSONResponse(dict(body), status_code=status, headers=dict(headers or {}))


def failure(error: StripeError, *, headers: Mapping[str, str] | None = None) -> JSONResponse:
    """An error answer in Stripe's envelope."""
    return JSONResponse(error.body(), status_code=error.status, headers=dict(headers or {}))


def list_object(data: list[dict[str, Any]], has_more: bool, url: str) -> dict[str, Any]:
    """Stripe's list envelope."""
    return {"object": "list", "data": data, "has_more": has_more, "url": url}
