"""Record routes: customer, invoice and creditMemo GET (one and collection) and customer PATCH."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.common.responses import JSONResponse
from sandbox.erp import records, store
from sandbox.erp.errors import NetSuiteError, error, not_found
from sandbox.erp.paging import envelope, window
from sandbox.erp.patch import customer_changes
from sandbox.erp.reference import CREDIT_MEMO, INVOICE
from sandbox.erp.values import now_iso

SINGULAR = "application/vnd.oracle.resource+json; type=singular-resource"
COLLECTION = "application/vnd.oracle.resource+json; type=collection"

# Record type in the URL (NetSuite reads it case-insensitively) -> (canonical name, transaction type).
_TYPES: dict[str, tuple[str, str | None]] = {
    "customer": ("customer", None),
    "invoice": ("invoice", INVOICE),
    "creditmemo": ("creditMemo", CREDIT_MEMO),
}


def base_url(request: Request) -> str:
    """The scheme and host the client called, for links."""
    return str(request.base_url).rstrip("/")


def _record_type(request: Request) -> tuple[str, str | None]:
    name = request.path_params["record_type"]
    known = _TYPES.get(name.lower())
    if known is None:
        raise error(404, "NONEXISTENT_ID", f"Record type '{name}' does not exist.")
    return known


def _lookup_key(raw: str) -> dict[str, Any]:
    """`123` is an internal id; `eid:ABC` an external id."""
    if raw.startswith("eid:") and len(raw) > 4:
        return {"external_id": raw[4:]}
    if raw.isdigit():
        return {"internal_id": int(raw)}
    raise not_found()


def record_routes(conn: sqlite3.Connection) -> list[Route]:
    """The record routes over one database connection."""

    async def get_collection(request: Request) -> Response:
        name, kind = _record_type(request)
        if "q" in request.query_params:
            detail = "The q filter on record collections is not supported by this sandbox; use SuiteQL."
            raise error(400, "INVALID_PARAMETER", detail, query_param="q")
        page = window(request.query_params)
        ids, total = store.list_ids(conn, kind, limit=page.limit, offset=page.offset)
        base = base_url(request)
        items = [{"links": records.self_link(base, name, i), "id": str(i)} for i in ids]
        url = f"{base}{records.RECORD_PATH}/{name}"
        return JSONResponse(envelope(url, page, items, total), media_type=COLLECTION)

    async def get_record(request: Request) -> Response:
        name, kind = _record_type(request)
        key = _lookup_key(request.path_params["record_id"])
        base = base_url(request)
        if kind is None:
            row = store.get_customer(conn, **key)
            doc = records.customer(row, base) if row is not None else None
        else:
            row = store.get_transaction(conn, kind, **key)
            doc = records.transaction(row, base, name) if row is not None else None
        if doc is None:
            raise not_found()
        fields = request.query_params.get("fields")
        if fields:
            wanted = [f.strip() for f in fields.split(",") if f.strip()]
            unknown = [f for f in wanted if kind is None and f not in records.CUSTOMER_FIELDS]
            if unknown:
                detail = f"Invalid value for the query parameter fields: {unknown[0]}."
                raise error(400, "INVALID_PARAMETER", detail, query_param="fields")
            doc = records.select_fields(doc, wanted)
        return JSONResponse(doc, media_type=SINGULAR)

    async def patch_record(request: Request) -> Response:
        name, kind = _record_type(request)
        if kind is not None:
            raise error(405, "METHOD_NOT_ALLOWED", f"PATCH on {name} is not supported by this sandbox.")
        key = _lookup_key(request.path_params["record_id"])
        raw = await request.body()
        try:
            body = json.loads(raw) if raw.strip() else {}
        except (ValueError, UnicodeDecodeError):
            raise error(400, "INVALID_CONTENT", "The request body is not valid JSON.") from None
        changes = customer_changes(body)
        row = store.get_customer(conn, **key)
        if row is None:
            raise not_found()
        if changes:
            store.update_customer(conn, row["id"], changes, now_iso())
        location = f"{base_url(request)}{records.RECORD_PATH}/customer/{row['id']}"
        return Response(status_code=204, headers={"Location": location})

    return [
        Route("/services/rest/record/v1/{record_type}", get_collection, methods=["GET"]),
        Route("/services/rest/record/v1/{record_type}/{record_id}", get_record, methods=["GET"]),
        Route("/services/rest/record/v1/{record_type}/{record_id}", patch_record, methods=["PATCH"]),
    ]


def netsuite_error(request: Request, exc: Exception) -> Response:
    """Answer a raised NetSuiteError in NetSuite's shape."""
    assert isinstance(exc, NetSuiteError)
    return exc.response()
