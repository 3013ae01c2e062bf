"""Correlation: every request gets an id (the caller's `X-Request-Id` or a new one), echoed on the answer.

The id and the caller's W3C `traceparent` become the request's `CallContext`, which every upstream call
carries, with the request's deadline. Values that could not be safely forwarded as headers are replaced
(id) or dropped (traceparent). The id is also the `current_request_id` context variable while the request
runs, so every log record made on its behalf carries it.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Callable
from contextvars import ContextVar

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sources.context import CallContext

REQUEST_ID_HEADER = "X-Request-Id"
_STATE_KEY = "call_context"
_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,127}")
_TRACEPARENT = re.compile(r"[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}")

#: The id of the request being served in this task (None outside a request).
current_request_id: ContextVar[str | None] = ContextVar("tessera_request_id", default=None)


def new_request_id() -> str:
    """A fresh request id: 32 hex digits."""
    return uuid.uuid4().hex


def call_context_from(headers: Headers, *, deadline: float | None = None) -> CallContext:
    """The correlation a request carries, with unusable values replaced or dropped, and its deadline."""
    given = headers.get(REQUEST_ID_HEADER, "").strip()
    request_id = given if _REQUEST_ID.fullmatch(given) else new_request_id()
    traceparent = headers.get("traceparent", "").strip().lower()
    return CallContext(
        request_id=request_id,
        traceparent=traceparent if _TRACEPARENT.fullmatch(traceparent) else None,
        deadline=deadline,
    )


def call_context(request: Request) -> CallContext:
    """The correlation `CorrelationMiddleware` attached to this request (a new one if it did not run)."""
    found = request.scope.get("state", {}).get(_STATE_KEY)
    return found if isinstance(found, CallContext) else call_context_from(request.headers)


class CorrelationMiddleware:
    """Attach a `CallContext` to each HTTP request and echo its id in the `X-Request-Id` response header.

    With `deadline_s`, the context's deadline is that many seconds after the request arrived, on `now`'s
    clock (the monotonic clock the sources use; tests inject theirs)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        deadline_s: float | None = None,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = app
        self._deadline_s = deadline_s
        self._now = now

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        deadline = None if self._deadline_s is None else self._now() + self._deadline_s
        ctx = call_context_from(Headers(scope=scope), deadline=deadline)
        # A per-request copy: the server may share the lifespan state dict between requests.
        scope["state"] = {**scope.get("state", {}), _STATE_KEY: ctx}

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = ctx.request_id
            await send(message)

        token = current_request_id.set(ctx.request_id)
        try:
            await self._app(scope, receive, send_with_id)
        finally:
            current_request_id.reset(token)
