"""sObject Collections: retrieve (`GET|POST /composite/sobjects/{Type}`) and update (`PATCH`)."""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.common.db import transaction
from sandbox.common.responses import JSONResponse
from sandbox.crm import store
from sandbox.crm.errors import SalesforceError, not_found
from sandbox.crm.ids import id_of, normalize_id
from sandbox.crm.schema import sobject
from sandbox.crm.web import endpoint, json_body, record_json, resolve_fields
from sandbox.crm.writes import apply_update, check_body

MAX_RETRIEVE_GET = 800
MAX_RETRIEVE_POST = 2000
MAX_UPDATE = 200
_ROLLED_BACK = {
    "statusCode": "ALL_OR_NONE_OPERATION_ROLLED_BACK",
    "message": (
        "Record rolled back because not all records were valid and the request was using AllOrNone header"
    ),
    "fields": [],
}


class _RollBack(Exception):
    """Raised inside the transaction to undo an allOrNone update that had a failure."""


def _too_many(limit: int) -> SalesforceError:
    return SalesforceError(
        "EXCEEDED_ID_LIMIT", f"record limit reached. cannot submit more than {limit} records into this call"
    )


def composite_routes(conn: sqlite3.Connection) -> list[Route]:
    """The sObject Collections resources over one connection."""

    def retrieve(request: Request, ids: list[Any], names: list[Any]) -> Response:
        obj = sobject(request.path_params["sobject"])
        if obj is None:
            raise not_found()
        if not all(isinstance(v, str) for v in ids + names):
            raise SalesforceError("JSON_PARSER_ERROR", "ids and fields must be lists of strings")
        fields = resolve_fields(obj, names)
        canonical: list[str | None] = []
        for raw in ids:
            if normalize_id(raw) is None:
                raise SalesforceError("MALFORMED_ID", f"malformed id {raw}", fields=["Id"])
            canonical.append(id_of(obj.name, raw))
        found = store.fetch(conn, obj, [c for c in canonical if c], fields)
        version = request.path_params["version"]
        return JSONResponse(
            [record_json(version, obj, found[c], fields) if c and c in found else None for c in canonical]
        )

    @endpoint
    async def retrieve_get(request: Request) -> Response:
        ids = [v for v in request.query_params.get("ids", "").split(",") if v]
        names = [v for v in request.query_params.get("fields", "").split(",") if v]
        if not ids or not names:
            raise SalesforceError("MISSING_ARGUMENT", "Both the ids and the fields parameters are required")
        if len(ids) > MAX_RETRIEVE_GET:
            raise _too_many(MAX_RETRIEVE_GET)
        return retrieve(request, ids, names)

    @endpoint
    async def retrieve_post(request: Request) -> Response:
        body = await json_body(request)
        ids = body.get("ids") if isinstance(body, dict) else None
        names = body.get("fields") if isinstance(body, dict) else None
        if not isinstance(ids, list) or not isinstance(names, list) or not ids or not names:
            raise SalesforceError("MISSING_ARGUMENT", "Both ids and fields are required in the request body")
        if len(ids) > MAX_RETRIEVE_POST:
            raise _too_many(MAX_RETRIEVE_POST)
        return retrieve(request, ids, names)

    @endpoint
    async def update(request: Request) -> Response:
        body = await json_body(request)
        records = body.get("records") if isinstance(body, dict) else None
        all_or_none = body.get("allOrNone", False) if isinstance(body, dict) else False
        if not isinstance(records, list) or not isinstance(all_or_none, bool):
            raise SalesforceError(
                "JSON_PARSER_ERROR", "The body must be {allOrNone: boolean, records: [...]}"
            )
        if len(records) > MAX_UPDATE:
            raise _too_many(MAX_UPDATE)
        results: list[dict[str, Any]] = []
        try:
            with transaction(conn):
                results = [_update_one(conn, record, index) for index, record in enumerate(records)]
                if all_or_none and not all(r["success"] for r in results):
                    raise _RollBack
        except _RollBack:
            results = [
                r if not r["success"] else {**r, "success": False, "errors": [_ROLLED_BACK]} for r in results
            ]
        return JSONResponse(results)

    return [
        Route("/services/data/{version}/composite/sobjects", update, methods=["PATCH"]),
        Route("/services/data/{version}/composite/sobjects/{sobject}", retrieve_get, methods=["GET"]),
        Route("/services/data/{version}/composite/sobjects/{sobject}", retrieve_post, methods=["POST"]),
    ]


def _update_one(conn: sqlite3.Connection, record: Any, index: int) -> dict[str, Any]:
    """Update one record of a collection under a savepoint; its SaveResult either way."""
    result: dict[str, Any] = {}
    savepoint = f"rec{index}"
    conn.execute(f"SAVEPOINT {savepoint}")
    try:
        record_id = _checked_id(record)
        result["id"] = record_id
        obj = sobject(record["attributes"]["type"])
        if obj is None:
            raise SalesforceError(
                "INVALID_TYPE", f"sObject type '{record['attributes']['type']}' is not supported."
            )
        canonical = id_of(obj.name, record_id)
        if canonical is None:
            raise SalesforceError(
                "MALFORMED_ID", f"{obj.name} ID: id value of incorrect type: {record_id}", fields=["Id"]
            )
        result["id"] = canonical
        if not store.exists(conn, obj, canonical):
            raise SalesforceError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", fields=["Id"])
        changes = check_body(obj, {k: v for k, v in record.items() if k.lower() != "id"})
        apply_update(conn, obj, canonical, changes)
    except SalesforceError as exc:
        conn.execute(f"ROLLBACK TO {savepoint}")
        conn.execute(f"RELEASE {savepoint}")
        return {**result, "success": False, "errors": [exc.save_error()]}
    conn.execute(f"RELEASE {savepoint}")
    return {**result, "success": True, "errors": []}


def _checked_id(record: Any) -> str:
    """A collection record's id, after the checks Salesforce makes on the record's shape."""
    if not isinstance(record, dict):
        raise SalesforceError("JSON_PARSER_ERROR", "Each record must be a JSON object")
    attributes = record.get("attributes")
    if not isinstance(attributes, dict) or not isinstance(attributes.get("type"), str):
        raise SalesforceError("INVALID_TYPE", "Must send a concrete entity type.")
    raw = next((v for k, v in record.items() if k.lower() == "id"), None)
    if raw is None:
        raise SalesforceError("MISSING_ARGUMENT", "Id not specified in an update call", fields=["Id"])
    if not isinstance(raw, str) or normalize_id(raw) is None:
        raise SalesforceError("MALFORMED_ID", f"malformed id {raw}", fields=["Id"])
    return raw
