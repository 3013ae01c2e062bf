"""The shapes every GET endpoint shares: parse the query, retrieve one object, or list a page."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from sandbox.billing import expand
from sandbox.billing.context import Billing
from sandbox.billing.errors import StripeError, api_error
from sandbox.billing.form import FormError, parse_form
from sandbox.billing.params import Params
from sandbox.billing.queries import PAGING_PARAMS, Kind, fetch_or_404, list_page, read_paging, render_row
from sandbox.billing.responses import failure, list_object, ok

log = logging.getLogger(__name__)

Filters = Callable[[Params], list[tuple[str, Any]]]


def run_get(request: Request, answer: Callable[[dict[str, Any]], dict[str, Any]]) -> Response:
    """Parse the query string like a form body, answer, and map errors to Stripe's envelope."""
    try:
        return ok(answer(parse_form(request.url.query)))
    except FormError as exc:
        return failure(StripeError(exc.message, param=exc.param))
    except StripeError as exc:
        return failure(exc)
    except Exception:
        log.exception("billing read failed")
        return failure(api_error())


def retrieve(billing: Billing, kind: Kind, object_id: str, form: dict[str, Any]) -> dict[str, Any]:
    """`GET /v1/<objects>/{id}` with `expand[]`."""
    params = Params(form, ("expand",))
    paths = expand.read_expand(params.data.get("expand"), kind.name, is_list=False)
    return billing.expand(fetch_or_404(billing.conn, billing.catalog, kind, object_id), paths)


def list_objects(
    billing: Billing,
    kind: Kind,
    form: dict[str, Any],
    *,
    url: str,
    filter_names: Iterable[str] = (),
    filters: Filters | None = None,
    base: list[tuple[str, Any]] | None = None,
) -> dict[str, Any]:
    """`GET /v1/<objects>`: a newest-first page with the endpoint's filters and `data.` expansions."""
    params = Params(form, (*PAGING_PARAMS, *filter_names))
    paging = read_paging(params)
    paths = expand.read_expand(params.data.get("expand"), kind.name, is_list=True)
    where = list(base or []) + (filters(params) if filters else [])
    rows, has_more = list_page(billing.conn, kind, paging, where)
    data = [render_row(kind, row, billing.catalog) for row in rows]
    expand.apply_list(data, paths, billing.load)
    return list_object(data, has_more, url)
