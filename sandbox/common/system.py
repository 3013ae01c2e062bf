"""The frame every sandbox system runs in: control plane, journal, faults and auth around a dialect app.

A system supplies its dialect app (a Starlette app with the vendor's routes) and a `Dialect` that knows the
vendor's auth and error shapes. `SystemApp` puts the control plane under `/__sandbox/` (never journaled,
never faulted) in front of it and, for every dialect request, in this order: journals it, applies `down`,
the rate limit, latency and random errors, then checks credentials, then calls the dialect app.
"""

from __future__ import annotations

import asyncio
import random
import time
from abc import ABC, abstractmethod
from collections.abc import Mapping

from pydantic import ValidationError
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sandbox.common.faults import Faults, RateLimiter
from sandbox.common.journal import Journal
from sandbox.common.responses import JSONResponse

CONTROL_PREFIX = "/__sandbox/"


class Dialect(ABC):
    """A vendor's auth and error conventions."""

    #: Short system name: crm, billing, support or erp.
    name: str

    @abstractmethod
    def authenticate(self, headers: Mapping[str, str]) -> bool:
        """Whether the request's credentials are the ones this system accepts."""

    @abstractmethod
    def error(self, status: int, code: str, message: str) -> Response:
        """An error response in the vendor's shape."""

    def unauthorized(self) -> Response:
        """The vendor's answer to missing or wrong credentials."""
        return self.error(401, "INVALID_AUTH", "Authentication failed.")

    def unavailable(self) -> Response:
        """The vendor's answer while it is down."""
        return self.error(503, "SERVICE_UNAVAILABLE", "Service temporarily unavailable.")

    def rate_limited(self, retry_after: int) -> Response:
        """The vendor's answer when over its rate limit."""
        response = self.error(429, "RATE_LIMITED", "Too many requests.")
        response.headers["Retry-After"] = str(retry_after)
        return response

    def rate_limit_headers(self, limit: float | None, remaining: int) -> dict[str, str]:
        """Headers the vendor adds to every dialect answer (Zendesk's X-Rate-Limit, for one)."""
        return {}


class SystemApp:
    """An ASGI app: the control plane plus a dialect app behind journal, faults and auth."""

    def __init__(self, dialect: Dialect, dialect_app: ASGIApp, *, seed: int = 0) -> None:
        self.dialect = dialect
        self.journal = Journal()
        self.faults = Faults()
        self._limiter = RateLimiter()
        self._rng = random.Random(seed)
        self._dialect_app = dialect_app
        self._control = Starlette(
            routes=[
                Route("/__sandbox/journal", self._get_journal, methods=["GET"]),
                Route("/__sandbox/journal", self._clear_journal, methods=["DELETE"]),
                Route("/__sandbox/faults", self._get_faults, methods=["GET"]),
                Route("/__sandbox/faults", self._put_faults, methods=["PUT"]),
                Route("/__sandbox/faults", self._clear_faults, methods=["DELETE"]),
            ]
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._dialect_app(scope, receive, send)
            return
        if scope["path"].startswith(CONTROL_PREFIX):
            await self._control(scope, receive, send)
            return
        arrived = time.perf_counter()
        body = await _read_body(receive)
        status = 500
        faults = self.faults

        async def send_recorded(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                allowed_headers = self.dialect.rate_limit_headers(faults.rate_limit_per_second, remaining)
                if allowed_headers:
                    headers = list(message.get("headers", []))
                    headers.extend(
                        (k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in allowed_headers.items()
                    )
                    message = {**message, "headers": headers}
            await send(message)

        remaining = 0
        try:
            if faults.down:
                await self.dialect.unavailable()(scope, _replay(body), send_recorded)
                return
            allowed, remaining = self._limiter.hit(faults.rate_limit_per_second)
            if not allowed:
                await self.dialect.rate_limited(1)(scope, _replay(body), send_recorded)
                return
            delay = faults.delay_seconds(self._rng)
            if delay:
                await asyncio.sleep(delay)
            if faults.should_fail(self._rng):
                response = self.dialect.error(faults.error_status, "INJECTED_FAULT", "Injected failure.")
                await response(scope, _replay(body), send_recorded)
                return
            request = Request(scope)
            if not self.dialect.authenticate(request.headers):
                await self.dialect.unauthorized()(scope, _replay(body), send_recorded)
                return
            await self._dialect_app(scope, _replay(body), send_recorded)
        finally:
            request = Request(scope)
            self.journal.record(
                method=scope["method"],
                path=scope["path"],
                query=scope.get("query_string", b"").decode("latin-1"),
                headers=dict(request.headers),
                body=body,
                status=status,
                duration_ms=1000 * (time.perf_counter() - arrived),
            )

    async def _get_journal(self, request: Request) -> Response:
        return JSONResponse(self.journal.entries())

    async def _clear_journal(self, request: Request) -> Response:
        self.journal.clear()
        return Response(status_code=204)

    async def _get_faults(self, request: Request) -> Response:
        return JSONResponse(self.faults.model_dump())

    async def _put_faults(self, request: Request) -> Response:
        try:
            self.faults = Faults.model_validate_json(await request.body())
        except ValidationError as exc:
            detail = [{"loc": e["loc"], "msg": e["msg"]} for e in exc.errors()]
            return JSONResponse({"error": "invalid faults", "detail": detail}, status_code=400)
        return JSONResponse(self.faults.model_dump())

    async def _clear_faults(self, request: Request) -> Response:
        self.faults = Faults()
        return Response(status_code=204)


async def _read_body(receive: Receive) -> bytes:
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        # After the body, a client that keeps listening only ever hears that it went away.
        await asyncio.Event().wait()
        return {"type": "http.disconnect"}

    return receive
