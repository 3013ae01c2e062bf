"""The billing sandbox app: Stripe's `/v1/` subset over one SQLite database."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sandbox.billing import routes_customers, routes_reads, routes_writes
from sandbox.billing.catalog import Catalog
from sandbox.billing.context import Billing
from sandbox.billing.dialect import StripeDialect
from sandbox.billing.errors import StripeError
from sandbox.billing.ids import request_id
from sandbox.billing.responses import failure
from sandbox.billing.schema import ensure_schema
from sandbox.common.credentials import Credentials
from sandbox.common.db import connect
from sandbox.common.system import SystemApp

API_VERSION = "2023-08-16"


def create_app(db_path: Path, credentials: Credentials) -> SystemApp:
    """The billing system on the database at `db_path`, accepting `credentials.billing_secret_key`."""
    conn = connect(db_path)
    ensure_schema(conn)
    billing = Billing(conn=conn, catalog=Catalog.load(conn))
    dialect_app = build_dialect_app(billing)
    return SystemApp(StripeDialect(credentials.billing_secret_key), dialect_app)


def build_dialect_app(billing: Billing) -> ASGIApp:
    """The Stripe routes with Stripe's per-answer headers."""
    routes = [
        *routes_customers.routes(billing),
        *routes_reads.routes(billing),
        *routes_writes.routes(billing),
        Route("/{path:path}", _unrecognized, methods=["GET", "POST", "DELETE", "PUT", "PATCH", "HEAD"]),
    ]
    return StripeHeaders(Starlette(routes=routes))


async def _unrecognized(request: Request) -> Response:
    return failure(
        StripeError(
            f"Unrecognized request URL ({request.method}: {request.url.path}). "
            "Please see https://stripe.com/docs or we can help at https://support.stripe.com/.",
            status=404,
        )
    )


class StripeHeaders:
    """Adds `Request-Id` and `Stripe-Version` to every answer, as Stripe does."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((b"request-id", request_id().encode()))
                headers.append((b"stripe-version", API_VERSION.encode()))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)
