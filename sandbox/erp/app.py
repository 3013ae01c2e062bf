"""The ERP sandbox app: NetSuite's record and SuiteQL routes inside the sandbox frame."""

from __future__ import annotations

import pathlib

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from sandbox.common.credentials import Credentials
from sandbox.common.db import connect
from sandbox.common.system import SystemApp
from sandbox.erp import schema
from sandbox.erp.dialect import NetSuiteDialect
from sandbox.erp.errors import NetSuiteError, error
from sandbox.erp.routes_records import netsuite_error, record_routes
from sandbox.erp.routes_suiteql import suiteql_routes
from sandbox.erp.suiteql.runner import register


def create_app(db_path: pathlib.Path, credentials: Credentials) -> SystemApp:
    """Open (or create) the ERP database and build its app."""
    conn = connect(db_path)
    register(conn)
    schema.ensure(conn)
    dialect_app = Starlette(
        routes=[*suiteql_routes(conn), *record_routes(conn)],
        exception_handlers={NetSuiteError: netsuite_error, HTTPException: _http_error},
    )
    return SystemApp(NetSuiteDialect(credentials), dialect_app)


def _http_error(request: Request, exc: Exception) -> Response:
    # Unknown paths and wrong methods still answer in NetSuite's error shape.
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        return error(
            405, "METHOD_NOT_ALLOWED", f"The method {request.method} is not allowed here."
        ).response()
    if exc.status_code == 404:
        return error(404, "NONEXISTENT_ID", f"The resource {request.url.path} does not exist.").response()
    return error(exc.status_code, "USER_ERROR", str(exc.detail)).response()
