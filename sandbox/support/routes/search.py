"""`GET /api/v2/search`: ticket search with offset paging, at most 1,000 results in all."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from sandbox.common.responses import JSONResponse
from sandbox.support import queries, render
from sandbox.support.errors import classic
from sandbox.support.routes.common import Context, base_url, page_link
from sandbox.support.search_parser import syntax_error
from sandbox.support.search_query import SearchPlan, plan

MAX_PER_PAGE = 100
MAX_RESULTS = 1_000
SORT_BY = {
    "updated_at": "updated_at",
    "created_at": "created_at",
    "priority": "priority_rank",
    "status": "status_rank",
    "ticket_type": "type",
}
_SUPPORTED_PARAMS = frozenset({"query", "page", "per_page", "sort_by", "sort_order"})


def routes(ctx: Context) -> list[Route]:
    """The search route."""

    async def search(request: Request) -> JSONResponse:
        params = request.query_params
        unsupported = sorted(set(params) - _SUPPORTED_PARAMS)
        if unsupported:
            raise syntax_error(f"unsupported parameter {unsupported[0]!r}")
        query = params.get("query")
        if query is None or not query.strip():
            raise syntax_error("query is required")
        search_plan = plan(query)
        page, per_page = _number(params.get("page"), "page"), _number(params.get("per_page"), "per_page")
        per_page = min(per_page or MAX_PER_PAGE, MAX_PER_PAGE)
        page = page or 1
        if page * per_page > MAX_RESULTS:
            raise classic(
                422,
                "invalid",
                "Invalid search: Requested response size was greater than Search Response Limits",
            )
        order_by, descending = _ordering(params.get("sort_by"), params.get("sort_order"), search_plan)
        offset = (page - 1) * per_page
        rows, total = queries.search_tickets(
            ctx.conn, search_plan, order_by=order_by, descending=descending, limit=per_page, offset=offset
        )
        base = base_url(request)
        # Like Zendesk, the link past the 1,000th result is still offered; following it is refused.
        more = offset + len(rows) < total
        return JSONResponse(
            {
                "results": [{**render.ticket(row, base), "result_type": "ticket"} for row in rows],
                "facets": None,
                "next_page": page_link(request, page + 1) if more else None,
                "previous_page": page_link(request, page - 1) if page > 1 else None,
                "count": total,
            }
        )

    return [Route("/api/v2/search", search, methods=["GET"])]


def _number(raw: str | None, name: str) -> int | None:
    if raw is None:
        return None
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise syntax_error(f"{name} must be a positive integer")
    return int(raw)


def _ordering(sort_by: str | None, sort_order: str | None, search_plan: SearchPlan) -> tuple[str, bool]:
    """URL parameters win over `order_by:`/`sort:` in the query; without either, newest updates first."""
    if sort_by is not None and sort_by not in SORT_BY:
        raise syntax_error(f"sort_by must be one of {', '.join(SORT_BY)}")
    if sort_order is not None and sort_order not in ("asc", "desc"):
        raise syntax_error("sort_order must be asc or desc")
    column = SORT_BY[sort_by] if sort_by else search_plan.order_by or "updated_at"
    if sort_order is not None:
        return column, sort_order == "desc"
    return column, search_plan.descending if search_plan.descending is not None else True
