"""SLA policies: list and show."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from sandbox.common.responses import JSONResponse
from sandbox.support import queries, render
from sandbox.support.errors import not_found
from sandbox.support.routes.common import Context, base_url, path_id


def routes(ctx: Context) -> list[Route]:
    """`GET /api/v2/slas/policies` and `GET /api/v2/slas/policies/{id}`."""

    async def list_policies(request: Request) -> JSONResponse:
        rows = queries.sla_policies(ctx.conn)
        base = base_url(request)
        return JSONResponse(
            {
                "sla_policies": [render.sla_policy(row, base) for row in rows],
                "next_page": None,
                "previous_page": None,
                "count": len(rows),
            }
        )

    async def show_policy(request: Request) -> JSONResponse:
        row = queries.sla_policy(ctx.conn, path_id(request, "policy_id"))
        if row is None:
            raise not_found()
        return JSONResponse({"sla_policy": render.sla_policy(row, base_url(request))})

    return [
        Route("/api/v2/slas/policies", list_policies, methods=["GET"]),
        Route("/api/v2/slas/policies/{policy_id}", show_policy, methods=["GET"]),
    ]
