"""The request helper's policy: retries, Retry-After and the rate-limit gate, the deadline, the concurrency
limit, the circuit breaker, idempotent writes, telemetry and trace propagation (no real waiting)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable

import httpx
import pytest
from opentelemetry import trace
from opentelemetry.trace import NonRecordingSpan, SpanContext, TraceFlags
from pydantic import BaseModel

from domain.systems import SourceSystem
from sources.config import CallPolicy
from sources.context import CallContext
from sources.errors import (
    SourceAuthFailed,
    SourceBadResponse,
    SourceCircuitOpen,
    SourceNotFound,
    SourceRateLimited,
    SourceTimeout,
    SourceUnavailable,
)
from sources.http import SourceHttp
from tests.sources.fakes import FakeClock, RecordingObserver

SECRET = "sk_live_VERY_SECRET_KEY"
TRACEPARENT = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


class Answer(BaseModel):
    value: int


class Vendor:
    """A MockTransport handler answering from a script (the last answer repeats), counting requests and
    stamping each with the fake time it was sent at."""

    def __init__(self, clock: FakeClock, *script: Callable[[httpx.Request], httpx.Response]) -> None:
        self.clock = clock
        self.script = list(script)
        self.requests: list[httpx.Request] = []
        self.sent_at: list[float] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.sent_at.append(self.clock.now)
        step = self.script[min(len(self.requests), len(self.script)) - 1]
        return step(request)


def ok(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"value": 1})


def status(code: int, headers: dict[str, str] | None = None) -> Callable[[httpx.Request], httpx.Response]:
    return lambda request: httpx.Response(code, json={"error": "x"}, headers=headers)


def timeout(request: httpx.Request) -> httpx.Response:
    raise httpx.ReadTimeout("timed out", request=request)


def build(
    vendor: Vendor,
    policy: CallPolicy | None = None,
    observer: RecordingObserver | None = None,
    timeout_s: float = 2.0,
) -> SourceHttp:
    client = httpx.AsyncClient(transport=httpx.MockTransport(vendor), base_url="http://vendor.test")
    return SourceHttp(
        client,
        SourceSystem.BILLING,
        auth_headers={"Authorization": f"Bearer {SECRET}"},
        timeout_s=timeout_s,
        policy=policy or CallPolicy(),
        observer=observer,
        clock=vendor.clock.clock,
    )


def ctx(deadline: float | None = None) -> CallContext:
    return CallContext("req-7", TRACEPARENT, deadline=deadline)


async def read(http: SourceHttp, context: CallContext | None = None) -> Answer:
    return (await http.call(Answer, "GET", "/v1/customers/cus_A1b2", context or ctx())).value


# --- retries --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("failure", [status(503), status(500), timeout], ids=["503", "500", "timeout"])
async def test_reads_are_retried_until_they_succeed(failure) -> None:
    clock = FakeClock()
    vendor = Vendor(clock, failure, failure, ok)
    assert await read(build(vendor)) == Answer(value=1)
    assert len(vendor.requests) == 3
    assert len(clock.sleeps) == 2
    assert all(0 <= s <= CallPolicy().backoff_max_s for s in clock.sleeps)


async def test_backoff_grows_from_the_first_retry(monkeypatch: pytest.MonkeyPatch) -> None:
    # Full jitter at its upper bound: base * 2**(n-1) after attempt n, so a miscounted attempt shows.
    monkeypatch.setattr("tenacity.wait.random.uniform", lambda low, high: high)
    clock = FakeClock()
    vendor = Vendor(clock, status(503), timeout, status(503), ok)
    policy = CallPolicy(max_attempts=4, backoff_base_s=0.25, backoff_max_s=10.0)
    assert await read(build(vendor, policy)) == Answer(value=1)
    assert clock.sleeps == [0.25, 0.5, 1.0]


async def test_reads_give_up_after_max_attempts() -> None:
    vendor = Vendor(FakeClock(), status(503))
    with pytest.raises(SourceUnavailable):
        await read(build(vendor, CallPolicy(max_attempts=4)))
    assert len(vendor.requests) == 4


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (status(404), SourceNotFound),
        (status(400), SourceBadResponse),
        (lambda r: httpx.Response(200, content=b"{"), SourceBadResponse),
    ],
    ids=["404", "400", "malformed"],
)
async def test_answers_that_would_not_change_are_not_retried(answer, error) -> None:
    vendor = Vendor(FakeClock(), answer)
    with pytest.raises(error):
        await read(build(vendor))
    assert len(vendor.requests) == 1


async def test_correlation_headers_on_every_attempt() -> None:
    vendor = Vendor(FakeClock(), status(503), status(503), ok)
    await read(build(vendor))
    assert [r.headers["x-request-id"] for r in vendor.requests] == ["req-7"] * 3
    # Each attempt continues the request's trace (with its own client span id once an SDK records spans).
    assert [r.headers["traceparent"].split("-")[1] for r in vendor.requests] == [
        TRACEPARENT.split("-")[1]
    ] * 3


async def test_an_active_span_is_propagated_as_traceparent() -> None:
    parent = SpanContext(
        trace_id=0x4BF92F3577B34DA6A3CE929D0E0E4736,
        span_id=0x00F067AA0BA902B7,
        is_remote=True,
        trace_flags=TraceFlags(TraceFlags.SAMPLED),
    )
    vendor = Vendor(FakeClock(), status(503), ok)
    with trace.use_span(NonRecordingSpan(parent)):
        await read(build(vendor))
    sent = {r.headers["traceparent"].split("-")[1] for r in vendor.requests}
    # The client span is the active span's child (without an SDK, a no-op carrying its parent's context).
    assert sent == {"4bf92f3577b34da6a3ce929d0e0e4736"}


# --- rate limits ----------------------------------------------------------------------------------------


async def test_retry_after_is_honoured() -> None:
    clock = FakeClock()
    vendor = Vendor(clock, status(429, {"Retry-After": "3"}), ok)
    assert await read(build(vendor)) == Answer(value=1)
    assert len(vendor.requests) == 2
    assert vendor.sent_at[1] - vendor.sent_at[0] >= 3


async def test_salesforce_limit_without_retry_after_holds_off_the_default() -> None:
    clock = FakeClock()
    body = b'[{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]'
    vendor = Vendor(clock, lambda r: httpx.Response(403, content=body), ok)
    await read(build(vendor, CallPolicy(rate_limit_default_s=1.5)))
    assert vendor.sent_at[1] - vendor.sent_at[0] >= 1.5


async def test_retry_after_longer_than_allowed_gives_up_and_holds_other_calls_back() -> None:
    clock = FakeClock()
    vendor = Vendor(clock, status(429, {"Retry-After": "30"}), ok)
    http = build(vendor, CallPolicy(retry_after_max_s=5))
    with pytest.raises(SourceRateLimited) as first:
        await read(http)
    assert first.value.retry_after == 30 and len(vendor.requests) == 1
    with pytest.raises(SourceRateLimited) as second:
        await read(http)
    assert len(vendor.requests) == 1  # failed fast: not sent into the open window
    assert second.value.retry_after is not None and 0 < second.value.retry_after <= 30
    clock.now += 30
    assert await read(http) == Answer(value=1)
    assert len(vendor.requests) == 2


async def test_calls_wait_out_a_short_window_instead_of_hitting_the_vendor() -> None:
    clock = FakeClock()
    vendor = Vendor(clock, status(429, {"Retry-After": "2"}), ok)
    http = build(vendor, CallPolicy(max_attempts=1))
    with pytest.raises(SourceRateLimited):
        await read(http)
    limited_at = vendor.sent_at[0]
    assert await read(http) == Answer(value=1)
    assert vendor.sent_at[1] >= limited_at + 2


async def test_rate_limit_past_the_deadline_gives_up_rate_limited() -> None:
    clock = FakeClock()
    vendor = Vendor(clock, status(429, {"Retry-After": "0.4"}))
    with pytest.raises(SourceRateLimited):
        await read(build(vendor, CallPolicy(max_attempts=10), timeout_s=0.1), ctx(deadline=clock.now + 1.0))
    assert vendor.sent_at == pytest.approx([1000.0, 1000.4, 1000.8])


def slow_timeout(clock: FakeClock, seconds: float) -> Callable[[httpx.Request], httpx.Response]:
    """An attempt that uses its whole timeout, then times out."""

    def answer(request: httpx.Request) -> httpx.Response:
        clock.now += seconds
        raise httpx.ReadTimeout("timed out", request=request)

    return answer


async def test_no_retry_unless_a_whole_attempt_fits_before_the_deadline() -> None:
    # A 2 s timeout inside a 2.5 s budget: the caller hears SOURCE_TIMEOUT at 2 s, not after a cut retry.
    clock = FakeClock()
    vendor = Vendor(clock, slow_timeout(clock, 2.0))
    with pytest.raises(SourceTimeout):
        await read(build(vendor, CallPolicy(max_attempts=3)), ctx(deadline=clock.now + 2.5))
    assert len(vendor.requests) == 1
    # With room for a whole second attempt, it is made.
    clock = FakeClock()
    vendor = Vendor(clock, slow_timeout(clock, 2.0), ok)
    started = clock.now
    assert await read(build(vendor, CallPolicy(max_attempts=3)), ctx(deadline=started + 4.5)) == Answer(
        value=1
    )
    assert len(vendor.requests) == 2


# --- the deadline ---------------------------------------------------------------------------------------


async def test_no_attempt_starts_after_the_deadline() -> None:
    clock = FakeClock()
    vendor = Vendor(clock, status(503))
    deadline = clock.now + 0.5
    policy = CallPolicy(max_attempts=10, backoff_base_s=0.2, backoff_max_s=0.2)
    with pytest.raises(SourceUnavailable):
        await read(build(vendor, policy), ctx(deadline=deadline))
    assert vendor.sent_at and all(t < deadline for t in vendor.sent_at)
    assert clock.now < deadline  # it did not even sleep past it
    assert len(vendor.requests) < 10


async def test_a_passed_deadline_calls_nothing() -> None:
    clock = FakeClock()
    vendor = Vendor(clock, ok)
    with pytest.raises(SourceTimeout):
        await read(build(vendor), ctx(deadline=clock.now - 1))
    assert vendor.requests == []


async def test_each_attempt_is_bounded_by_what_is_left_of_the_deadline() -> None:
    clock = FakeClock()
    vendor = Vendor(clock, ok)
    await read(build(vendor), ctx(deadline=clock.now + 0.3))
    bounds = vendor.requests[0].extensions["timeout"]
    assert bounds["read"] == pytest.approx(0.3) and bounds["connect"] <= 0.3


# --- concurrency ----------------------------------------------------------------------------------------


async def test_concurrency_limit_over_all_calls_of_a_system() -> None:
    active = peak = 0

    async def handler(request: httpx.Request) -> httpx.Response:
        nonlocal active, peak
        active += 1
        peak = max(peak, active)
        for _ in range(3):
            await asyncio.sleep(0)
        active -= 1
        return httpx.Response(200, json={"value": 1})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://vendor.test")
    http = SourceHttp(
        client, SourceSystem.CRM, auth_headers={}, timeout_s=2.0, policy=CallPolicy(max_in_flight=2)
    )
    await asyncio.gather(*(http.call(Answer, "GET", "/x", ctx()) for _ in range(12)))
    assert peak == 2


# --- the circuit breaker --------------------------------------------------------------------------------

BREAKER = CallPolicy(max_attempts=1, breaker_failure_threshold=3, breaker_reset_s=10)


async def test_breaker_opens_fails_fast_probes_and_closes() -> None:
    clock = FakeClock()
    observer = RecordingObserver()
    vendor = Vendor(clock, status(503), status(503), status(503), ok)
    http = build(vendor, BREAKER, observer)
    for _ in range(3):
        with pytest.raises(SourceUnavailable):
            await read(http)
    assert http.circuit_state == "open"
    with pytest.raises(SourceCircuitOpen) as fast:
        await read(http)
    assert fast.value.code == "SOURCE_CIRCUIT_OPEN" and fast.value.retry_after == 10
    assert len(vendor.requests) == 3  # nothing sent while open
    clock.now += 10
    # Time moved the state on; mypy still holds the narrowing from the assert above.
    assert http.circuit_state == "half_open"  # type: ignore[comparison-overlap]
    assert await read(http) == Answer(value=1)
    assert http.circuit_state == "closed"
    assert [state for _, state in observer.circuits] == ["open", "half_open", "closed"]


async def test_half_open_lets_exactly_one_probe_through() -> None:
    clock = FakeClock()
    gate = asyncio.Event()
    sent: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.url.path)
        if len(sent) <= 3:
            return httpx.Response(503)
        await gate.wait()
        return httpx.Response(200, json={"value": 1})

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://vendor.test")
    http = SourceHttp(
        client, SourceSystem.ERP, auth_headers={}, timeout_s=2.0, policy=BREAKER, clock=clock.clock
    )
    for _ in range(3):
        with pytest.raises(SourceUnavailable):
            await http.call(Answer, "GET", "/x", ctx())
    clock.now += 10
    probe = asyncio.create_task(http.call(Answer, "GET", "/probe", ctx()))
    await asyncio.sleep(0)
    with pytest.raises(SourceCircuitOpen):
        await http.call(Answer, "GET", "/other", ctx())
    gate.set()
    assert (await probe).value == Answer(value=1)
    assert sent[3:] == ["/probe"]
    assert http.circuit_state == "closed"


async def test_a_failed_probe_opens_the_breaker_again() -> None:
    clock = FakeClock()
    vendor = Vendor(clock, status(503))
    http = build(vendor, CallPolicy(max_attempts=3, breaker_failure_threshold=2, breaker_reset_s=10))
    for _ in range(2):
        with pytest.raises(SourceUnavailable):
            await read(http)
    sent = len(vendor.requests)
    clock.now += 10
    with pytest.raises(SourceUnavailable):
        await read(http)
    assert len(vendor.requests) == sent + 1  # the probe is a single attempt
    assert http.circuit_state == "open"


@pytest.mark.parametrize(
    ("answer", "error"),
    [
        (status(404), SourceNotFound),
        (status(401), SourceAuthFailed),
        (status(429, {"Retry-After": "0"}), SourceRateLimited),
    ],
    ids=["404", "401", "429"],
)
async def test_client_errors_and_rate_limits_do_not_open_the_breaker(answer, error) -> None:
    vendor = Vendor(FakeClock(), answer)
    http = build(vendor, BREAKER)
    for _ in range(5):
        with pytest.raises(error):
            await read(http)
    assert http.circuit_state == "closed" and len(vendor.requests) == 5


async def test_a_success_resets_the_count() -> None:
    vendor = Vendor(FakeClock(), status(503), status(503), ok, status(503), status(503))
    http = build(vendor, BREAKER)
    for _ in range(5):
        with contextlib.suppress(SourceUnavailable):
            await read(http)
    assert http.circuit_state == "closed" and http.breaker.failures == 2


# --- writes ---------------------------------------------------------------------------------------------


async def test_writes_are_sent_once() -> None:
    vendor = Vendor(FakeClock(), status(503))
    with pytest.raises(SourceUnavailable):
        await build(vendor).exchange("PATCH", "/records/42", ctx(), json_body={"a": 1})
    assert len(vendor.requests) == 1


async def test_idempotent_writes_are_retried_with_the_same_key() -> None:
    vendor = Vendor(FakeClock(), timeout, status(503), ok)
    response, _ = await build(vendor).exchange(
        "POST",
        "/v1/credit_notes",
        ctx(),
        form={"amount": "1"},
        headers={"Idempotency-Key": "k-1"},
        idempotent=True,
    )
    assert response.status_code == 200
    assert [r.headers["idempotency-key"] for r in vendor.requests] == ["k-1"] * 3
    assert len({r.content for r in vendor.requests}) == 1


# --- telemetry ------------------------------------------------------------------------------------------


async def test_every_attempt_is_reported_without_secrets_or_ids() -> None:
    observer = RecordingObserver()
    vendor = Vendor(FakeClock(), status(503), timeout, ok)
    await read(build(vendor, observer=observer))
    assert [(c.attempt, c.retry, c.outcome, c.status, c.error_code) for c in observer.calls] == [
        (1, False, "503", 503, "SOURCE_UNAVAILABLE"),
        (2, True, "SOURCE_TIMEOUT", None, "SOURCE_TIMEOUT"),
        (3, True, "200", 200, None),
    ]
    assert {(c.system, c.endpoint, c.method) for c in observer.calls} == {
        (SourceSystem.BILLING, "/v1/customers/{id}", "GET")
    }
    assert all(SECRET not in repr(event) for event in observer.everything())


async def test_a_failing_observer_never_breaks_a_call() -> None:
    class Broken(RecordingObserver):
        def upstream_call(self, call) -> None:
            raise RuntimeError("observer bug")

    assert await read(build(Vendor(FakeClock(), ok), observer=Broken())) == Answer(value=1)
