"""`GET|PATCH /sobjects/{Type}/{id}`: one record read (optionally `fields=`) or updated (204, no body)."""

from __future__ import annotations

import sqlite3

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from sandbox.common.db import transaction
from sandbox.common.responses import JSONResponse
from sandbox.crm import store
from sandbox.crm.errors import SalesforceError, not_found
from sandbox.crm.ids import id_of, normalize_id
from sandbox.crm.schema import SObject, sobject
from sandbox.crm.web import endpoint, json_body, record_json, resolve_fields
from sandbox.crm.writes import apply_update, check_body


def _target(request: Request) -> tuple[SObject, str]:
    """The path's object and canonical id, or the 404 Salesforce gives."""
    obj = sobject(request.path_params["sobject"])
    if obj is None:
        raise not_found()
    raw = request.path_params["id"]
    if normalize_id(raw) is None:
        # Salesforce reads a segment that is not an id as an external id field name.
        raise SalesforceError(
            "NOT_FOUND", f"Provided external ID field does not exist or is not accessible: {raw}", status=404
        )
    record_id = id_of(obj.name, raw)
    if record_id is None:
        raise not_found()
    return obj, record_id


def sobject_routes(conn: sqlite3.Connection) -> list[Route]:
    """The sObject Rows resource over one connection."""

    @endpoint
    async def get_record(request: Request) -> Response:
        obj, record_id = _target(request)
        names = request.query_params.get("fields")
        fields = resolve_fields(obj, names.split(",")) if names else list(obj.fields)
        found = store.fetch(conn, obj, [record_id], fields).get(record_id)
        if found is None:
            raise not_found()
        return JSONResponse(record_json(request.path_params["version"], obj, found, fields))

    @endpoint
    async def patch_record(request: Request) -> Response:
        obj, record_id = _target(request)
        body = await json_body(request)
        if not isinstance(body, dict):
            raise SalesforceError(
                "JSON_PARSER_ERROR", "Cannot deserialize instance of SObject: the body must be a JSON object"
            )
        changes = check_body(obj, body)
        with transaction(conn):
            apply_update(conn, obj, record_id, changes)
        return Response(status_code=204)

    return [
        Route("/services/data/{version}/sobjects/{sobject}/{id}", get_record, methods=["GET"]),
        Route("/services/data/{version}/sobjects/{sobject}/{id}", patch_record, methods=["PATCH"]),
    ]
