"""The support system's ASGI app: Zendesk routes over SQLite, inside the sandbox frame."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from sandbox.common.credentials import Credentials
from sandbox.common.db import connect, transaction
from sandbox.common.system import SystemApp
from sandbox.support.dialect import ZendeskDialect
from sandbox.support.errors import ZendeskError, invalid_endpoint
from sandbox.support.routes import organizations, search, slas, ticket_writes, tickets
from sandbox.support.routes.common import Context
from sandbox.support.search_query import word_match
from sandbox.support.store import create_schema
from sandbox.support.timefmt import Clock, utc_now


def create_app(db_path: Path, credentials: Credentials, *, clock: Clock = utc_now) -> SystemApp:
    """The support system on the database at `db_path` (created empty if it was never seeded)."""
    conn = connect(db_path)
    conn.create_function("zd_match", 2, word_match, deterministic=True)
    _ensure_schema(conn)
    ctx = Context(conn=conn, clock=clock)
    dialect_app = Starlette(
        routes=[
            *organizations.routes(ctx),
            *tickets.routes(ctx),
            *ticket_writes.routes(ctx),
            *search.routes(ctx),
            *slas.routes(ctx),
        ],
        exception_handlers={ZendeskError: _zendesk_error, HTTPException: _http_error},
    )
    return SystemApp(ZendeskDialect(credentials), StripJsonSuffix(dialect_app))


class StripJsonSuffix:
    """Zendesk serves every path with or without `.json`; route on the path without it."""

    def __init__(self, app: ASGIApp) -> None:
        self._app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.endswith(".json"):
            # A copy, so the journal (which reads the original scope) keeps the path as called.
            stripped = path.removesuffix(".json")
            scope = {**scope, "path": stripped, "raw_path": stripped.encode()}
        await self._app(scope, receive, send)


def _ensure_schema(conn: sqlite3.Connection) -> None:
    exists = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'tickets'").fetchone()
    if exists is None:
        with transaction(conn):
            create_schema(conn)


async def _zendesk_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ZendeskError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    # Unknown paths and methods both answer as Zendesk does for an endpoint it does not have.
    return invalid_endpoint().response()
