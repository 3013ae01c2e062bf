from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from pydantic import BaseModel

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
from sources.http import SourceHttp
from tests.sources.fakes import FakeClock

SECRET = "Bearer sk_live_VERY_SECRET_KEY"
CTX = CallContext("req-42", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")


class Answer(BaseModel):
    value: int


def http_over(handler: Callable[[httpx.Request], httpx.Response], timeout_s: float = 2.0) -> SourceHttp:
    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://vendor.test")
    return SourceHttp(
        client,
        SourceSystem.BILLING,
        auth_headers={"Authorization": SECRET},
        timeout_s=timeout_s,
        clock=FakeClock().clock,
    )


async def call(handler: Callable[[httpx.Request], httpx.Response]) -> Answer:
    timed = await http_over(handler).call(Answer, "GET", "/v1/thing?secret=x", CTX, params={"q": "select"})
    return timed.value


def raising(exc: Exception) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc

    return handler


def answer(status: int, body: bytes = b"{}", headers: dict[str, str] | None = None):
    return lambda request: httpx.Response(status, content=body, headers=headers)


async def test_success_sends_auth_and_correlation_headers() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"value": 7})

    timed = await http_over(handler).call(Answer, "GET", "/v1/thing", CTX)
    assert timed.value == Answer(value=7)
    assert timed.latency_ms >= 0
    headers = seen[0].headers
    assert headers["authorization"] == SECRET
    assert headers["x-request-id"] == "req-42"
    # The request's trace continues upstream (the parent span id is the client span's once an SDK records).
    assert headers["traceparent"].split("-")[1] == "4bf92f3577b34da6a3ce929d0e0e4736"


FAILURES = [
    ("503", answer(503, b'{"error": "down"}'), SourceUnavailable),
    ("500", answer(500), SourceUnavailable),
    ("timeout", raising(httpx.ReadTimeout("read timed out")), SourceTimeout),
    ("connect timeout", raising(httpx.ConnectTimeout("connect timed out")), SourceTimeout),
    ("connection refused", raising(httpx.ConnectError("connection refused")), SourceUnavailable),
    ("malformed json", answer(200, b'{"value": 1'), SourceBadResponse),
    ("not json at all", answer(200, b"<html>oops</html>"), SourceBadResponse),
    ("wrong shape", answer(200, b'{"values": [1, 2]}'), SourceBadResponse),
    ("wrong type", answer(200, b'{"value": "seven"}'), SourceBadResponse),
    ("429", answer(429, b"slow down", {"Retry-After": "3"}), SourceRateLimited),
    (
        "salesforce 403 over limit",
        answer(403, b'[{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]'),
        SourceRateLimited,
    ),
    (
        "401",
        answer(401, b'[{"message": "Session expired", "errorCode": "INVALID_SESSION_ID"}]'),
        SourceAuthFailed,
    ),
    ("403", answer(403, b'[{"message": "no", "errorCode": "INSUFFICIENT_ACCESS"}]'), SourceAuthFailed),
    ("404", answer(404), SourceNotFound),
    ("400", answer(400, b'{"error": {"message": "bad"}}'), SourceBadResponse),
    ("302", answer(302), SourceBadResponse),
]


@pytest.mark.parametrize(("case", "handler", "expected"), FAILURES, ids=[f[0] for f in FAILURES])
async def test_failures_map_to_source_errors(case: str, handler, expected: type[SourceError]) -> None:
    with pytest.raises(expected) as caught:
        await call(handler)
    error = caught.value
    assert type(error) is expected
    assert error.system is SourceSystem.BILLING
    text = f"{error} {error!r}"
    for leak in ("VERY_SECRET", "Bearer", "secret=x", "select", "oops", "REQUEST_LIMIT", "Session expired"):
        assert leak not in text


async def test_rate_limit_carries_retry_after() -> None:
    with pytest.raises(SourceRateLimited) as caught:
        await call(answer(429, b"", {"Retry-After": "7"}))
    assert caught.value.retry_after == 7.0
    assert caught.value.code == "SOURCE_RATE_LIMITED"


async def test_overall_deadline_bounds_a_slow_transport() -> None:
    import asyncio

    async def slow(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(5)
        return httpx.Response(200, json={"value": 1})

    client = httpx.AsyncClient(transport=httpx.MockTransport(slow), base_url="http://vendor.test")
    http = SourceHttp(client, SourceSystem.ERP, auth_headers={}, timeout_s=0.05)
    with pytest.raises(SourceTimeout) as caught:
        await http.call(Answer, "GET", "/x", CTX)
    assert caught.value.code == "SOURCE_TIMEOUT"


async def test_errors_keep_their_cause() -> None:
    with pytest.raises(SourceBadResponse) as caught:
        await call(answer(200, b"{"))
    assert caught.value.__cause__ is not None


async def test_fractions_are_decimal_never_float() -> None:
    from decimal import Decimal

    class Amount(BaseModel):
        amount: Decimal

    http = http_over(lambda request: httpx.Response(200, content=b'{"amount": 0.1}'))
    timed = await http.call(Amount, "GET", "/x", CTX)
    assert timed.value.amount == Decimal("0.1")


async def test_a_cookie_set_upstream_is_not_sent_back_on_the_next_call() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"value": 1}, headers={"Set-Cookie": "session=caller-a; Path=/"})

    http = http_over(handler)  # over a plain httpx.AsyncClient, whose jar does keep the cookie
    await http.call(Answer, "GET", "/v1/thing", CTX)
    await http.call(Answer, "GET", "/v1/thing", CallContext("req-43"))
    assert len(seen) == 2
    assert all("cookie" not in request.headers for request in seen)


async def test_the_request_goes_out_as_the_client_would_build_it() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"value": 1})

    await http_over(handler).call(Answer, "GET", "/v1/thing", CTX, params={"q": "a b", "n": 2})
    request = seen[0]
    assert str(request.url) == "http://vendor.test/v1/thing?q=a+b&n=2"
    assert [name for name, _ in request.headers.raw] == [
        b"Host",
        b"Accept-Encoding",
        b"Connection",
        b"User-Agent",
        b"Accept",
        b"X-Request-Id",
        b"traceparent",
        b"Authorization",
    ]
    assert request.headers["accept"] == "application/json"
    assert request.extensions["timeout"] == {"connect": 2.0, "read": 2.0, "write": 2.0, "pool": 2.0}
