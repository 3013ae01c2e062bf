"""What every CRM route shares: the API version check, JSON bodies, error answers and record attributes."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from sandbox.common.responses import JSONResponse
from sandbox.crm.errors import SalesforceError, no_such_column, not_found
from sandbox.crm.schema import Field, SObject

Handler = Callable[[Request], Awaitable[Response]]
_VERSION_RE = re.compile(r"^v\d{2}\.\d$")


def endpoint(handler: Handler) -> Handler:
    """Check the `vNN.N` path version and turn a raised `SalesforceError` into its error array."""

    @functools.wraps(handler)
    async def wrapped(request: Request) -> Response:
        try:
            if not _VERSION_RE.match(request.path_params.get("version", "")):
                raise not_found()
            return await handler(request)
        except SalesforceError as exc:
            return JSONResponse(exc.body(), status_code=exc.status)

    return wrapped


async def json_body(request: Request) -> Any:
    """The request's JSON body, or Salesforce's `JSON_PARSER_ERROR`."""
    raw = await request.body()
    try:
        return json.loads(raw) if raw.strip() else None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise SalesforceError("JSON_PARSER_ERROR", f"Unexpected character in JSON body: {exc}") from None


def record_json(
    version: str, obj: SObject, record: dict[str, Any], fields: Sequence[Field]
) -> dict[str, Any]:
    """A record as Salesforce writes it: `attributes` first, then the fields in the order asked."""
    body: dict[str, Any] = {
        "attributes": {
            "type": obj.name,
            "url": f"/services/data/{version}/sobjects/{obj.name}/{record['Id']}",
        }
    }
    for field in fields:
        body[field.name] = record[field.name]
    return body


def resolve_fields(obj: SObject, names: Sequence[str]) -> list[Field]:
    """Fields by name (case-insensitive), or `INVALID_FIELD` for the first unknown one."""
    fields: list[Field] = []
    for name in names:
        field = obj.field(name.strip())
        if field is None:
            raise SalesforceError(
                "INVALID_FIELD",
                no_such_column(name.strip(), obj.name),
            )
        if field not in fields:
            fields.append(field)
    return fields
