"""The shared request helper: auth, correlation headers, the per-system timeout and error mapping, once.

Every upstream call of every connector goes through `SourceHttp.call`. Failures become the project's own
`SourceError`s here and nowhere else; their messages name the system and the HTTP status only, never a
credential, a header, a query string or a response body.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from domain.systems import SourceSystem
from sources.context import CallContext
from sources.errors import (
    SourceAuthFailed,
    SourceBadResponse,
    SourceError,
    SourceNotFound,
    SourceRateLimited,
    SourceTimeout,
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


class SourceHttp:
    """One system's requests over the `httpx.AsyncClient` that `app` built for it."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        system: SourceSystem,
        *,
        auth_headers: Mapping[str, str],
        timeout_s: float,
    ) -> None:
        self._client = client
        self.system = system
        self._auth = dict(auth_headers)
        self._timeout_s = timeout_s

    async def call(
        self,
        model: type[M],
        method: str,
        url: str,
        ctx: CallContext,
        *,
        params: Mapping[str, str | int] | None = None,
        json_body: Any = None,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Timed[M]:
        """Send one request and return its validated JSON answer; any failure raises a SourceError."""
        response, latency_ms = await self._send(method, url, ctx, params, json_body, form, headers)
        error = error_for_status(self.system, response)
        if error is not None:
            raise error
        return Timed(validate(self.system, model, parse_json(self.system, response.content)), latency_ms)

    async def exchange(
        self,
        method: str,
        url: str,
        ctx: CallContext,
        *,
        refine: Callable[[httpx.Response], SourceError | None] | None = None,
        params: Mapping[str, str | int] | None = None,
        json_body: Any = None,
        form: Mapping[str, str] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> tuple[httpx.Response, float]:
        """Send one request (a write) and return its 2xx response and latency; a non-2xx raises what
        `refine` makes of the vendor's error body (a rejection, a conflict) or else the status mapping."""
        response, latency_ms = await self._send(method, url, ctx, params, json_body, form, headers)
        if not 200 <= response.status_code < 300:
            refined = refine(response) if refine is not None else None
            raise (
                refined
                or error_for_status(self.system, response)
                or SourceBadResponse(self.system, f"{self.system.value} answered HTTP {response.status_code}")
            )
        return response, latency_ms

    async def _send(
        self,
        method: str,
        url: str,
        ctx: CallContext,
        params: Mapping[str, str | int] | None,
        json_body: Any,
        form: Mapping[str, str] | None,
        headers: Mapping[str, str] | None,
    ) -> tuple[httpx.Response, float]:
        all_headers = {"Accept": "application/json", **ctx.headers(), **(headers or {}), **self._auth}
        name = self.system.value
        started = time.perf_counter()
        try:
            # httpx's timeout bounds each phase; the outer one bounds the whole call (and ASGI transports).
            async with asyncio.timeout(self._timeout_s):
                response = await self._client.request(
                    method,
                    url,
                    params=params,
                    json=json_body,
                    data=form,
                    headers=all_headers,
                    timeout=self._timeout_s,
                )
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise SourceTimeout(self.system, f"{name} did not answer within {self._timeout_s:g}s") from exc
        except httpx.TransportError as exc:
            raise SourceUnavailable(self.system, f"{name} could not be reached") from exc
        return response, (time.perf_counter() - started) * 1000
