"""Correlation: every request gets an id (the caller's `X-Request-Id` or a new one), echoed on the answer.

The id and the caller's W3C `traceparent` become the request's `CallContext`, which every upstream call
carries. Values that could not be safely forwarded as headers are replaced (id) or dropped (traceparent).
"""

from __future__ import annotations

import re
import uuid

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sources.context import CallContext

REQUEST_ID_HEADER = "X-Request-Id"
_STATE_KEY = "call_context"
_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}")
_TRACEPARENT = re.compile(r"[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")


def new_request_id() -> str:
    """A fresh request id: 32 hex digits."""
    return uuid.uuid4().hex


def call_context_from(headers: Headers) -> CallContext:
    """The correlation a request carries, with unusable values replaced or dropped."""
    given = headers.get(REQUEST_ID_HEADER, "").strip()
    request_id = given if _REQUEST_ID.fullmatch(given) else new_request_id()
    traceparent = headers.get("traceparent", "").strip().lower()
    return CallContext(
        request_id=request_id, traceparent=traceparent if _TRACEPARENT.fullmatch(traceparent) else None
    )


def call_context(request: Request) -> CallContext:
    """The correlation `CorrelationMiddleware` attached to this request (a new one if it did not run)."""
    found = request.scope.get("state", {}).get(_STATE_KEY)
    return found if isinstance(found, CallContext) else call_context_from(request.headers)


class CorrelationMiddleware:
    """Attach a `CallContext` to each HTTP request and echo its id in the `X-Request-Id` response header."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        ctx = call_context_from(Headers(scope=scope))
        # A per-request copy: the server may share the lifespan state dict between requests.
        scope["state"] = {**scope.get("state", {}), _STATE_KEY: ctx}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = ctx.request_id
            await send(message)

        await self._app(scope, receive, send_with_id)
