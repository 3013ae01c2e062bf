"""The SuiteQL route: `POST /services/rest/query/v1/suiteql` with `Prefer: transient`."""

from __future__ import annotations

import json
import sqlite3

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.common.responses import JSONResponse
from sandbox.erp.errors import error
from sandbox.erp.paging import envelope, window
from sandbox.erp.routes_records import COLLECTION, base_url
from sandbox.erp.suiteql.runner import run

SUITEQL_PATH = "/services/rest/query/v1/suiteql"


def suiteql_routes(conn: sqlite3.Connection) -> list[Route]:
    """The SuiteQL route over one database connection."""

    async def suiteql(request: Request) -> Response:
        preferences = [p.strip().lower() for p in request.headers.get("prefer", "").split(",")]
        if "transient" not in preferences:
            detail = "The request header Prefer must be set to transient for SuiteQL queries."
            raise error(400, "INVALID_HEADER", detail, header="Prefer")
        page = window(request.query_params)
        raw = await request.body()
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            raise error(400, "INVALID_CONTENT", "The request body is not valid JSON.") from None
        query = body.get("q") if isinstance(body, dict) else None
        if not isinstance(query, str) or not query.strip():
            raise error(
                400, "INVALID_CONTENT", "The request body must contain the query in the field q.", path="q"
            )
        result = run(conn, query, limit=page.limit, offset=page.offset)
        document = envelope(f"{base_url(request)}{SUITEQL_PATH}", page, result.items, result.total)
        return JSONResponse(document, media_type=COLLECTION)

    return [Route(SUITEQL_PATH, suiteql, methods=["POST"])]
