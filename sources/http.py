"""The shared request helper: auth, correlation headers, timeouts, retries, the rate-limit gate, the
concurrency limit, the circuit breaker, telemetry and error mapping, once per system.

Every upstream call of every connector goes through `SourceHttp.call` (reads) or `SourceHttp.exchange`
(writes). Failures become the project's own `SourceError`s here and nowhere else; their messages name the
system and the HTTP status only, never a credential, a header, a query string or a response body.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import httpx
from pydantic import BaseModel

from domain.systems import SourceSystem
from sources.breaker import Admission, CircuitBreaker, CircuitState
from sources.config import CallPolicy, SourceConfig
from sources.context import CallContext
from sources.errors import (
    SourceBadResponse,
    SourceCircuitOpen,
    SourceError,
    SourceRateLimited,
    SourceTimeout,
    SourceUnavailable,
)
from sources.outgoing import RequestBuilder
from sources.resilience import TRANSIENT, Clock, RateGate, rate_limit_wait, retrying
from sources.responses import Timed, decode, error_for_status
from sources.telemetry import (
    SourceObserver,
    UpstreamCall,
    end_span,
    endpoint_template,
    guarded,
    propagation_headers,
    upstream_span,
)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

#: Failures that say the system is down or broken: they count towards opening its circuit.
BREAKER_FAILURES = (SourceUnavailable, SourceTimeout, SourceBadResponse)


@dataclass(frozen=True, slots=True)
class _Call(Generic[T]):
    """One call as `call` or `exchange` was asked for it: what to send and for whom, and `finish`, what
    to make of the answer (raising the call's SourceError). Every attempt sends the same request."""

    method: str
    url: str
    endpoint: str
    """The URL's template (ids replaced), for metrics and spans."""
    ctx: CallContext
    params: Mapping[str, str | int] | None
    json_body: Any
    form: Mapping[str, str] | None
    headers: Mapping[str, str] | None
    finish: Callable[[httpx.Response], T]


class _NotSent(Exception):
    """An attempt refused before anything was sent (deadline passed, rate-limit window open). `error` is
    what the call fails with: the refusal itself, or the failure of the attempt before it."""

    def __init__(self, error: SourceError, *, after_failure: bool = False) -> None:
        super().__init__(error.message)
        self.error = error
        self.after_failure = after_failure


class SourceHttp:
    """One system's requests over the `httpx.AsyncClient` that `app` built for it, with the system's policy:
    its concurrency limit, rate-limit gate and circuit breaker live here, one per connector (per system)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        system: SourceSystem,
        *,
        auth_headers: Mapping[str, str],
        timeout_s: float,
        connect_timeout_s: float | None = None,
        policy: CallPolicy | None = None,
        observer: SourceObserver | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._client = client
        self._requests = RequestBuilder(client)
        self.system = system
        self._auth = dict(auth_headers)
        self._timeout_s = timeout_s
        self._connect_timeout_s = min(connect_timeout_s or timeout_s, timeout_s)
        self.policy = policy or CallPolicy()
        self._observer = guarded(observer)
        self._clock = clock or Clock()
        self._limit = asyncio.Semaphore(self.policy.max_in_flight)
        self._gate = RateGate(self._clock)
        self.breaker = CircuitBreaker(
            failure_threshold=self.policy.breaker_failure_threshold,
            reset_s=self.policy.breaker_reset_s,
            clock=self._clock.now,
            on_change=lambda state: self._observer.circuit(system, state),
        )

    @classmethod
    def for_config(
        cls,
        client: httpx.AsyncClient,
        system: SourceSystem,
        config: SourceConfig,
        *,
        auth_headers: Mapping[str, str],
        observer: SourceObserver | None = None,
        clock: Clock | None = None,
    ) -> SourceHttp:
        """The helper of one connector, with the timeouts and policy of its configuration."""
        return cls(
            client,
            system,
            auth_headers=auth_headers,
            timeout_s=config.timeout_s,
            connect_timeout_s=config.connect_timeout_s,
            policy=config.policy,
            observer=observer,
            clock=clock,
        )

    @property
    def circuit_state(self) -> CircuitState:
        """The system's circuit: closed, open (failing fast) or half_open (a probe may go through)."""
        return self.breaker.state

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
        retry: bool = True,
    ) -> Timed[M]:
        """Send one read and return its validated JSON answer; any failure raises a SourceError.

        Reads are retried per the system's policy (`retry=False`: one attempt, as for a readiness probe).
        """

        def finish(response: httpx.Response) -> M:
            error = error_for_status(self.system, response)
            if error is not None:
                raise error
            return decode(self.system, model, response.content)

        endpoint = endpoint_template(url)
        value, latency_ms = await self._run(
            _Call(method, url, endpoint, ctx, params, json_body, form, headers, finish), retry=retry
        )
        return Timed(value, latency_ms)

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
        idempotent: bool = False,
    ) -> tuple[httpx.Response, float]:
        """Send one request (a write) and return its 2xx response and latency; a non-2xx raises what
        `refine` makes of the vendor's error body (a rejection, a conflict) or else the status mapping.

        A write is sent once, unless `idempotent`: the vendor honours an idempotency key sent with it
        (Stripe's Idempotency-Key), so it is retried like a read, with the same key.
        """

        def finish(response: httpx.Response) -> httpx.Response:
            if not 200 <= response.status_code < 300:
                refined = refine(response) if refine is not None else None
                raise (
                    refined
                    or error_for_status(self.system, response)
                    or SourceBadResponse(
                        self.system, f"{self.system.value} answered HTTP {response.status_code}"
                    )
                )
            return response

        endpoint = endpoint_template(url)
        return await self._run(
            _Call(method, url, endpoint, ctx, params, json_body, form, headers, finish), retry=idempotent
        )

    async def _run(self, call: _Call[T], *, retry: bool) -> tuple[T, float]:
        """One call through the breaker, with retries, each attempt through the gate and the limit."""
        admission = self.breaker.admit()
        if admission is None:
            wait = self.breaker.retry_after()
            raise SourceCircuitOpen(
                self.system,
                f"{self.system.value} is failing; calls are paused (circuit open)",
                retry_after=wait,
            )
        attempts = self.policy.max_attempts if retry and not admission.probe else 1
        try:
            result = await self._attempts(call, attempts)
        except _NotSent as refused:
            if refused.after_failure:
                self._settle(admission, refused.error)
            else:
                self.breaker.released(admission)
            raise refused.error from None
        except BaseException as exc:
            self._settle(admission, exc)
            raise
        self.breaker.succeeded(admission)
        return result

    def _settle(self, admission: Admission, exc: BaseException) -> None:
        if isinstance(exc, BREAKER_FAILURES):
            self.breaker.failed(admission)
        elif isinstance(exc, SourceError) and not isinstance(exc, SourceRateLimited):
            self.breaker.succeeded(admission)  # a 4xx or not-found: the system is up
        else:
            self.breaker.released(admission)

    async def _attempts(self, call: _Call[T], attempts: int) -> tuple[T, float]:
        # Most calls succeed at once, and tenacity's loop costs ~20 µs a call: it is entered only for a
        # retry, where it is handed the first attempt's failure as its own first outcome, so that its
        # stops and waits are the ones it always computed.
        try:
            return await self._attempt(call, 1)
        except TRANSIENT as error:
            if attempts <= 1:
                raise
            first: SourceError = error
        controller = retrying(
            self.policy,
            attempts=attempts,
            ctx=call.ctx,
            clock=self._clock,
            gate=self._gate,
            breaker=self.breaker,
            attempt_s=self._timeout_s,
        )
        previous = first
        async for attempt in controller:
            with attempt:
                number = attempt.retry_state.attempt_number
                if number == 1:
                    raise first
                try:
                    return await self._attempt(call, number)
                except _NotSent:
                    # A retry held back (deadline, rate-limit window): the call fails as it last did.
                    raise _NotSent(previous, after_failure=True) from None
                except SourceError as error:
                    previous = error
                    raise
        raise AssertionError("tenacity ended without an outcome")  # pragma: no cover

    async def _attempt(self, call: _Call[T], number: int) -> tuple[T, float]:
        name = self.system.value
        ctx = call.ctx
        await self._hold_off(ctx)
        remaining = ctx.remaining(self._clock.now())
        if remaining is not None and remaining <= 0:
            raise _NotSent(
                SourceTimeout(self.system, f"{name} was not called: the request's deadline passed")
            )
        budget = self._timeout_s if remaining is None else min(self._timeout_s, remaining)
        async with self._limit:
            with upstream_span(self.system, call.method, call.endpoint, number, ctx.traceparent) as span:
                started = time.perf_counter()
                status: int | None = None
                try:
                    response = await self._send(call, budget)
                    status = response.status_code
                    result = call.finish(response)
                except SourceError as error:
                    if isinstance(error, SourceRateLimited):
                        self._gate.hold(rate_limit_wait(error, self.policy))
                    self._report(call, status, error, started, number, span)
                    raise
                self._report(call, status, None, started, number, span)
                return result, (time.perf_counter() - started) * 1000

    async def _hold_off(self, ctx: CallContext) -> None:
        """Wait out the system's rate-limit window when it fits the policy and the deadline; else refuse."""
        wait = self._gate.remaining()
        if wait <= 0:
            return
        remaining = ctx.remaining(self._clock.now())
        if wait > self.policy.retry_after_max_s or (remaining is not None and wait >= remaining):
            raise _NotSent(
                SourceRateLimited(
                    self.system, f"{self.system.value} rate limit in force; not called", retry_after=wait
                )
            )
        await self._clock.sleep(wait)

    def _report(
        self,
        call: _Call[Any],
        status: int | None,
        error: SourceError | None,
        started: float,
        number: int,
        span: Any,
    ) -> None:
        code = error.code if error is not None else None
        end_span(span, status, code)
        self._observer.upstream_call(
            UpstreamCall(
                system=self.system,
                endpoint=call.endpoint,
                method=call.method,
                outcome=str(status) if status is not None else str(code),
                status=status,
                error_code=code,
                latency_ms=(time.perf_counter() - started) * 1000,
                attempt=number,
            )
        )

    async def _send(self, call: _Call[Any], budget: float) -> httpx.Response:
        all_headers = {
            "Accept": "application/json",
            **call.ctx.headers(),
            **propagation_headers(),
            **(call.headers or {}),
            **self._auth,
        }
        name = self.system.value
        timeout = httpx.Timeout(budget, connect=min(self._connect_timeout_s, budget))
        outgoing = self._requests.build(
            call.method,
            call.url,
            params=call.params,
            json_body=call.json_body,
            form=call.form,
            headers=all_headers,
            timeout=timeout,
        )
        try:
            # httpx's timeout bounds each phase; the outer one bounds the whole attempt (and ASGI transports).
            async with asyncio.timeout(budget):
                return await self._client.send(outgoing)
        except (TimeoutError, httpx.TimeoutException) as exc:
            raise SourceTimeout(self.system, f"{name} did not answer within {budget:g}s") from exc
        except httpx.TransportError as exc:
            raise SourceUnavailable(self.system, f"{name} could not be reached") from exc
