"""`PUT /api/v2/tickets/{id}`: status, priority and a comment, validated before anything is written."""

from __future__ import annotations

import json

from starlette.requests import Request
from starlette.routing import Route

from sandbox.common.responses import JSONResponse
from sandbox.support import queries, render
from sandbox.support.errors import bad_request, not_found
from sandbox.support.routes.common import Context, base_url, path_id
from sandbox.support.ticket_update import apply_update, parse_update


def routes(ctx: Context) -> list[Route]:
    """The ticket update route."""

    async def update(request: Request) -> JSONResponse:
        ticket_id = path_id(request, "ticket_id")
        # Read the whole body before the transaction: nothing awaits while it is open.
        raw = await request.body()
        try:
            payload = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise bad_request("The request body is not valid JSON") from None
        if queries.ticket(ctx.conn, ticket_id) is None:
            raise not_found()
        change = parse_update(payload)
        result = apply_update(ctx.conn, ticket_id, change, ctx.clock())
        if result is None:
            raise not_found()
        row, audit = result
        body: dict[str, object] = {"ticket": render.ticket(row, base_url(request))}
        if audit is not None:
            body["audit"] = audit
        return JSONResponse(body)

    return [Route("/api/v2/tickets/{ticket_id}", update, methods=["PUT"])]
