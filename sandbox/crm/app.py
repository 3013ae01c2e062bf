"""The CRM system: Salesforce REST routes over one SQLite database, inside the sandbox frame."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from sandbox.common.credentials import Credentials
from sandbox.common.db import connect
from sandbox.common.responses import JSONResponse
from sandbox.common.system import SystemApp
from sandbox.crm.dialect import SalesforceDialect
from sandbox.crm.routes_composite import composite_routes
from sandbox.crm.routes_query import query_routes
from sandbox.crm.routes_sobjects import sobject_routes


async def _http_error(request: Request, exc: Exception) -> Response:
    """Starlette's own 404/405 in Salesforce's shape."""
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status == 405:
        body = [
            {"message": f"HTTP Method '{request.method}' not allowed.", "errorCode": "METHOD_NOT_ALLOWED"}
        ]
        return JSONResponse(body, status_code=405)
    body = [{"message": "The requested resource does not exist", "errorCode": "NOT_FOUND"}]
    return JSONResponse(body, status_code=404 if status < 500 else status)


def create_app(db_path: Path, credentials: Credentials) -> SystemApp:
    """The CRM app on the database at `db_path` (seeded with `store.seed`)."""
    conn = connect(db_path)
    dialect_app = Starlette(
        routes=[*query_routes(conn), *sobject_routes(conn), *composite_routes(conn)],
        exception_handlers={HTTPException: _http_error},
    )
    return SystemApp(SalesforceDialect(credentials.crm_access_token), dialect_app)
