"""Organizations: show and show_many (by ids or external_ids)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from sandbox.common.responses import JSONResponse
from sandbox.support import queries, render
from sandbox.support.errors import bad_request, not_found
from sandbox.support.routes.common import Context, base_url, id_list, path_id, split_list


def routes(ctx: Context) -> list[Route]:
    """`GET /api/v2/organizations/show_many` and `GET /api/v2/organizations/{id}`."""

    async def show_many(request: Request) -> JSONResponse:
        params = request.query_params
        if ("ids" in params) == ("external_ids" in params):
            raise bad_request("Pass exactly one of ids or external_ids")
        if "ids" in params:
            rows = queries.organizations_by_ids(ctx.conn, id_list(params["ids"], "ids"))
        else:
            rows = queries.organizations_by_external_ids(
                ctx.conn, split_list(params["external_ids"], "external_ids")
            )
        base = base_url(request)
        return JSONResponse(
            {
                "organizations": [render.organization(row, base) for row in rows],
                "next_page": None,
                "previous_page": None,
                "count": len(rows),
            }
        )

    async def show(request: Request) -> JSONResponse:
        row = queries.organization(ctx.conn, path_id(request, "org_id"))
        if row is None:
            raise not_found()
        return JSONResponse({"organization": render.organization(row, base_url(request))})

    return [
        Route("/api/v2/organizations/show_many", show_many, methods=["GET"]),
        Route("/api/v2/organizations/{org_id}", show, methods=["GET"]),
    ]
