"""`GET /query?q=SOQL` and `GET /query/{locator}-{offset}`: SOQL answers paged by `nextRecordsUrl`.

A subquery's rows sit in each parent record as a nested query result (`null` without rows); a parent with more
than `CHILD_BATCH` of them gets the first batch and a `nextRecordsUrl` of its own, served by the same route.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.common.responses import JSONResponse
from sandbox.crm import store
from sandbox.crm.cursors import Cursor, Cursors
from sandbox.crm.errors import SalesforceError
from sandbox.crm.schema import Field
from sandbox.crm.soql.compiler import ChildQuery, compile_query
from sandbox.crm.soql.parser import parse
from sandbox.crm.web import endpoint, record_json

DEFAULT_BATCH = 2000
MIN_BATCH = 200
# The sandbox's own batch for a parent's subquery rows: Salesforce does not publish its number.
CHILD_BATCH = 200
_BATCH_RE = re.compile(r"batchSize\s*=\s*(\d+)", re.IGNORECASE)
_LOCATOR_RE = re.compile(r"^(01g[A-Za-z0-9]{15})-(\d+)$")


def query_routes(conn: sqlite3.Connection) -> list[Route]:
    """The query resource over one connection, with its own open cursors."""
    cursors = Cursors()

    @endpoint
    async def query(request: Request) -> Response:
        source = request.query_params.get("q")
        if not source or not source.strip():
            raise SalesforceError("MALFORMED_QUERY", "A query string has to be specified")
        compiled = compile_query(parse(source), source)
        result = store.run_query(conn, compiled)
        if isinstance(result, int):
            return JSONResponse({"totalSize": result, "done": True, "records": []})
        cursor = Cursor(compiled.sobject, compiled.select, result, _batch_size(request))
        return _page(request.path_params["version"], cursor, 0, cursors)

    @endpoint
    async def more(request: Request) -> Response:
        match = _LOCATOR_RE.match(request.path_params["locator"])
        cursor = cursors.get(match.group(1)) if match else None
        if match is None or cursor is None or int(match.group(2)) >= len(cursor.records):
            raise SalesforceError("INVALID_QUERY_LOCATOR", "invalid query locator")
        return _page(request.path_params["version"], cursor, int(match.group(2)), cursors, match.group(1))

    # With no deleted records in the sandbox, queryAll answers exactly what query does.
    return [
        Route("/services/data/{version}/query", query, methods=["GET"]),
        Route("/services/data/{version}/query/", query, methods=["GET"]),
        Route("/services/data/{version}/queryAll", query, methods=["GET"]),
        Route("/services/data/{version}/queryAll/", query, methods=["GET"]),
        Route("/services/data/{version}/query/{locator}", more, methods=["GET"]),
        Route("/services/data/{version}/queryAll/{locator}", more, methods=["GET"]),
    ]


def _batch_size(request: Request) -> int:
    """`Sforce-Query-Options: batchSize=N` (200 to 2,000; Salesforce treats it as a hint)."""
    match = _BATCH_RE.search(request.headers.get("sforce-query-options", ""))
    if not match:
        return DEFAULT_BATCH
    return max(MIN_BATCH, min(DEFAULT_BATCH, int(match.group(1))))


def _page(
    version: str, cursor: Cursor, offset: int, cursors: Cursors, locator: str | None = None
) -> Response:
    return JSONResponse(_result(version, cursor, offset, cursors, locator))


def _result(
    version: str, cursor: Cursor, offset: int, cursors: Cursors, locator: str | None = None
) -> dict[str, Any]:
    """One batch of a cursor as a query result, opening its locator when rows remain."""
    end = offset + cursor.batch_size
    # Rendered first, so that a locator opened below is newer than its children's and outlives them.
    records = [_record(version, cursor, row, cursors) for row in cursor.records[offset:end]]
    body: dict[str, Any] = {"totalSize": len(cursor.records), "done": end >= len(cursor.records)}
    if not body["done"]:
        locator = locator or cursors.open(cursor)
        body["nextRecordsUrl"] = f"/services/data/{version}/query/{locator}-{end}"
    body["records"] = records
    return body


def _record(version: str, cursor: Cursor, row: dict[str, Any], cursors: Cursors) -> dict[str, Any]:
    """A record with its fields and nested subquery results in select-list order."""
    body = record_json(version, cursor.sobject, row, ())
    for item in cursor.select:
        if isinstance(item, Field):
            body[item.name] = row[item.name]
        else:
            body[item.relationship] = _nested(version, item, row[item.relationship], cursors)
    return body


def _nested(
    version: str, child: ChildQuery, rows: list[dict[str, Any]], cursors: Cursors
) -> dict[str, Any] | None:
    """A parent's subquery rows: `null` without any, else a query result of its first `CHILD_BATCH`."""
    if not rows:
        return None
    return _result(version, Cursor(child.sobject, child.fields, rows, CHILD_BATCH), 0, cursors)
