"""Tickets: an organization's tickets (cursor or offset paging), show, show_many and comments."""

from __future__ import annotations

import sqlite3
from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from sandbox.common.responses import JSONResponse
from sandbox.support import queries, render
from sandbox.support.errors import bad_request, not_found
from sandbox.support.paging import CursorPage, Sort, encode_cursor, parse_paging, parse_sort
from sandbox.support.routes.common import (
    Context,
    base_url,
    id_list,
    page_link,
    path_id,
    public_url,
    wants_slas,
)

TICKET_SORTS = {
    "id": "id",
    "created_at": "created_at",
    "updated_at": "updated_at",
    "status": "status_rank",
    "priority": "priority_rank",
}
DEFAULT_SORT = Sort("id", "id", descending=False)


def routes(ctx: Context) -> list[Route]:
    """The read routes over tickets."""

    def render_all(request: Request, rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
        slas_at = ctx.clock() if wants_slas(request) else None
        base = base_url(request)
        return [render.ticket(row, base, slas_at=slas_at) for row in rows]

    async def organization_tickets(request: Request) -> JSONResponse:
        org_id = path_id(request, "org_id")
        params = request.query_params
        sort = parse_sort(params, TICKET_SORTS, DEFAULT_SORT)
        page = parse_paging(params, sort)
        wants_slas(request)  # refuse a bad include before doing any work
        if queries.organization(ctx.conn, org_id) is None:
            raise not_found()
        if isinstance(page, CursorPage):
            rows, has_more = queries.organization_tickets_cursor(ctx.conn, org_id, sort, page)
            return JSONResponse(_cursor_body(request, render_all(request, rows), rows, sort, page, has_more))
        rows, total = queries.organization_tickets_offset(ctx.conn, org_id, sort, page)
        more = page.offset + len(rows) < total
        return JSONResponse(
            {
                "tickets": render_all(request, rows),
                "next_page": page_link(request, page.page + 1) if more else None,
                "previous_page": page_link(request, page.page - 1) if page.page > 1 else None,
                "count": total,
            }
        )

    async def show_many(request: Request) -> JSONResponse:
        raw = request.query_params.get("ids")
        if raw is None:
            raise bad_request("ids is required")
        rows = queries.tickets_by_ids(ctx.conn, id_list(raw, "ids"))
        return JSONResponse(
            {
                "tickets": render_all(request, rows),
                "next_page": None,
                "previous_page": None,
                "count": len(rows),
            }
        )

    async def show(request: Request) -> JSONResponse:
        ticket_id = path_id(request, "ticket_id")
        slas = wants_slas(request)
        row = queries.ticket(ctx.conn, ticket_id)
        if row is None:
            raise not_found()
        slas_at = ctx.clock() if slas else None
        return JSONResponse({"ticket": render.ticket(row, base_url(request), slas_at=slas_at)})

    async def comments(request: Request) -> JSONResponse:
        ticket_id = path_id(request, "ticket_id")
        if queries.ticket(ctx.conn, ticket_id) is None:
            raise not_found()
        rows = queries.comments(ctx.conn, ticket_id)
        return JSONResponse(
            {
                "comments": [render.comment(row) for row in rows],
                "next_page": None,
                "previous_page": None,
                "count": len(rows),
            }
        )

    return [
        Route("/api/v2/organizations/{org_id}/tickets", organization_tickets, methods=["GET"]),
        Route("/api/v2/tickets/show_many", show_many, methods=["GET"]),
        Route("/api/v2/tickets/{ticket_id}", show, methods=["GET"]),
        Route("/api/v2/tickets/{ticket_id}/comments", comments, methods=["GET"]),
    ]


def _cursor_body(
    request: Request,
    tickets: list[dict[str, Any]],
    rows: list[sqlite3.Row],
    sort: Sort,
    page: CursorPage,
    has_more: bool,
) -> dict[str, Any]:
    """Zendesk's cursor answer: `meta{has_more, after_cursor, before_cursor}` and `links{next, prev}`."""
    after = encode_cursor(sort, rows[-1][sort.column], rows[-1]["id"]) if rows else None
    before = encode_cursor(sort, rows[0][sort.column], rows[0]["id"]) if rows else None
    backward = page.before is not None
    # Going forward, has_more speaks of what follows; going backward, of what precedes.
    more_next = has_more if not backward else True
    more_prev = has_more if backward else page.after is not None
    plain = public_url(request).remove_query_params(["page[after]", "page[before]"])
    return {
        "tickets": tickets,
        "meta": {"has_more": has_more, "after_cursor": after, "before_cursor": before},
        "links": {
            "next": str(plain.include_query_params(**{"page[after]": after}))
            if after and more_next
            else None,
            "prev": str(plain.include_query_params(**{"page[before]": before}))
            if before and more_prev
            else None,
        },
    }
