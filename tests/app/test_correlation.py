from __future__ import annotations

import httpx
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from app.correlation import CorrelationMiddleware, call_context, call_context_from

TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"


def test_a_well_formed_request_id_and_traceparent_are_kept() -> None:
    ctx = call_context_from(Headers({"x-request-id": "req-42.a:b", "traceparent": TRACEPARENT}))

    assert ctx.request_id == "req-42.a:b"
    assert ctx.traceparent == TRACEPARENT


def test_a_missing_request_id_gets_a_new_one() -> None:
    first = call_context_from(Headers({}))
    second = call_context_from(Headers({}))

    assert len(first.request_id) == 32
    assert int(first.request_id, 16) >= 0
    assert first.request_id != second.request_id
    assert first.traceparent is None


def test_unsafe_values_are_not_forwarded() -> None:
    ctx = call_context_from(Headers({"x-request-id": "a b;<script>" + "x" * 200, "traceparent": "nonsense"}))

    assert len(ctx.request_id) == 32
    assert ctx.traceparent is None


async def echo(request: Request) -> JSONResponse:
    ctx = call_context(request)
    return JSONResponse({"request_id": ctx.request_id, "traceparent": ctx.traceparent})


async def test_the_middleware_gives_the_context_to_the_endpoint_and_echoes_the_id() -> None:
    app = Starlette(routes=[Route("/", echo)], middleware=[Middleware(CorrelationMiddleware)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        given = await client.get("/", headers={"X-Request-Id": "abc123", "traceparent": TRACEPARENT})
        fresh = await client.get("/")

    assert given.headers["x-request-id"] == "abc123"
    assert given.json() == {"request_id": "abc123", "traceparent": TRACEPARENT}
    assert fresh.headers["x-request-id"] == fresh.json()["request_id"]
    assert len(fresh.headers["x-request-id"]) == 32


async def test_the_middleware_gives_each_request_its_deadline() -> None:
    async def deadline(request: Request) -> JSONResponse:
        return JSONResponse({"deadline": call_context(request).deadline})

    app = Starlette(
        routes=[Route("/", deadline)],
        middleware=[Middleware(CorrelationMiddleware, deadline_s=5.0, now=lambda: 100.0)],
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        response = await client.get("/")

    assert response.json() == {"deadline": 105.0}
