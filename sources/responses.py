"""What an upstream answer means: the status mapping to `SourceError`s, JSON decoding and validation.

Messages name the system and the HTTP status only, never a credential, a header, a query or a body.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from domain.systems import SourceSystem
from sources.errors import (
    SourceAuthFailed,
    SourceBadResponse,
    SourceError,
    SourceNotFound,
    SourceRateLimited,
    SourceUnavailable,
)

M = TypeVar("M", bound=BaseModel)

#: Salesforce answers "over the API limit" with 403 and this error code instead of 429.
SALESFORCE_LIMIT_CODE = "REQUEST_LIMIT_EXCEEDED"


@dataclass(frozen=True, slots=True)
class Timed(Generic[M]):
    """A validated answer and how long its upstream call took."""

    value: M
    latency_ms: float


def retry_after_seconds(headers: httpx.Headers) -> float | None:
    """Retry-After as seconds when it is given as a number (an HTTP date is ignored)."""
    raw = headers.get("retry-after")
    if raw is None:
        return None
    try:
        seconds = float(raw)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def _is_salesforce_limit(response: httpx.Response) -> bool:
    try:
        body = json.loads(response.content)
    except ValueError:
        return False
    return isinstance(body, list) and any(
        isinstance(item, dict) and item.get("errorCode") == SALESFORCE_LIMIT_CODE for item in body
    )


def error_for_status(system: SourceSystem, response: httpx.Response) -> SourceError | None:
    """The error a non-2xx answer means, or None for a success."""
    status = response.status_code
    if 200 <= status < 300:
        return None
    said = f"{system.value} answered HTTP {status}"
    if status == 429 or (status == 403 and _is_salesforce_limit(response)):
        return SourceRateLimited(
            system, f"{system.value} rate limit exceeded", retry_after=retry_after_seconds(response.headers)
        )
    if status in (401, 403):
        return SourceAuthFailed(system, f"{said}: credentials refused")
    if status == 404:
        return SourceNotFound(system, f"{said}: not found")
    if status >= 500:
        return SourceUnavailable(system, said)
    return SourceBadResponse(system, f"{said}: unexpected status")


@functools.cache
def parametrized(generic: type[M], item: type[BaseModel]) -> type[M]:
    """`generic[item]` (a page of `item`s), built once per process.

    pydantic keeps parametrized models only weakly, and a model class is freed only by the cyclic garbage
    collector, so `StripeList[InvoiceObject]` written inline was rebuilt (schema and validator, ~0.5 ms)
    about once a request; this keeps each one alive.
    """
    return generic[item]  # type: ignore[index,no-any-return]


def parse_json(system: SourceSystem, content: bytes) -> Any:
    """Decode a JSON body; numbers with a fraction become Decimal, never float."""
    try:
        return json.loads(content, parse_float=Decimal)
    except ValueError as exc:  # JSONDecodeError and UnicodeDecodeError
        raise SourceBadResponse(system, f"{system.value} answered malformed JSON") from exc


def validate(system: SourceSystem, model: type[M], data: Any) -> M:
    """Validate decoded JSON into a vendor payload model."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise SourceBadResponse(system, f"{system.value} answered an unexpected shape") from exc


def _mentions(schema: Any, kinds: frozenset[str]) -> bool:
    if isinstance(schema, dict):
        kind = schema.get("type")
        return (isinstance(kind, str) and kind in kinds) or any(_mentions(v, kinds) for v in schema.values())
    if isinstance(schema, list):
        return any(_mentions(v, kinds) for v in schema)
    return False


def needs_exact_numbers(model: type[BaseModel]) -> bool:
    """Whether a payload model has a `Decimal` or an `Any` field anywhere (nested models included).

    pydantic's own JSON parser reads every number with a fraction as a float first: a Decimal field then
    gets the float's shortest text (0.1 stays 0.1, but 12345678901234567890.12 loses digits and 5.0
    becomes 5) and an `Any` field a float. Such models are decoded with `parse_json` instead.
    """
    return _exact_numbers(model)


# Cached apart from `needs_exact_numbers`, which keeps its typed signature (a cache wrapper's is untyped).
@functools.cache
def _exact_numbers(model: type[BaseModel]) -> bool:
    return _mentions(model.__pydantic_core_schema__, frozenset({"decimal", "any"}))


def decode(system: SourceSystem, model: type[M], content: bytes) -> M:
    """A JSON body as a vendor payload model: malformed JSON or an unexpected shape is SourceBadResponse.

    Models without exact numbers are validated straight from the bytes (`model_validate_json`), which is
    three times faster than building Python objects with `json.loads` and validating those (the 70 KB
    Stripe invoice list of a profile: about 0.45 ms less); the others go through `parse_json`.
    """
    if needs_exact_numbers(model):
        return validate(system, model, parse_json(system, content))
    try:
        return model.model_validate_json(content)
    except ValidationError as exc:
        if any(error["type"] == "json_invalid" for error in exc.errors(include_url=False)):
            raise SourceBadResponse(system, f"{system.value} answered malformed JSON") from exc
        raise SourceBadResponse(system, f"{system.value} answered an unexpected shape") from exc
