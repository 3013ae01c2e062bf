"""NetSuite's limit/offset paging: parameter checks and the collection envelope with its links."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sandbox.erp.errors import error

MAX_LIMIT = 1000


@dataclass(frozen=True)
class Window:
    """The page a request asks for."""

    limit: int
    offset: int


def window(params: Mapping[str, str]) -> Window:
    """Read `limit` (1..1000, default 1000) and `offset` (a multiple of limit, default 0)."""
    limit = _integer(params, "limit", MAX_LIMIT)
    offset = _integer(params, "offset", 0)
    if not 1 <= limit <= MAX_LIMIT:
        detail = (
            f"Invalid value for the query parameter limit: {limit}. The value must be between 1 and 1000."
        )
        raise error(400, "INVALID_PARAMETER", detail, query_param="limit")
    if offset < 0 or offset % limit:
        detail = (
            f"Invalid value for the query parameter offset: {offset}. "
            "The offset must be a non-negative multiple of the limit."
        )
        raise error(400, "INVALID_PARAMETER", detail, query_param="offset")
    return Window(limit, offset)


def _integer(params: Mapping[str, str], name: str, default: int) -> int:
    raw = params.get(name)
    if raw is None:
        return default
    try:
        return int(raw.strip())
    except ValueError:
        raise error(
            400,
            "INVALID_PARAMETER",
            f"Invalid value for the query parameter {name}: {raw}.",
            query_param=name,
        ) from None


def envelope(url: str, page: Window, items: list[Any], total: int) -> dict[str, Any]:
    """The collection document: links, count, hasMore, items, offset, totalResults."""
    has_more = page.offset + len(items) < total
    links = []
    if page.offset > 0:
        links.append(_link("previous", url, page.limit, max(0, page.offset - page.limit)))
        links.append(_link("first", url, page.limit, 0))
    if has_more:
        links.append(_link("next", url, page.limit, page.offset + page.limit))
        last = ((total - 1) // page.limit) * page.limit
        links.append(_link("last", url, page.limit, last))
    links.append(_link("self", url, page.limit, page.offset))
    return {
        "links": links,
        "count": len(items),
        "hasMore": has_more,
        "items": items,
        "offset": page.offset,
        "totalResults": total,
    }


def _link(rel: str, url: str, limit: int, offset: int) -> dict[str, str]:
    return {"rel": rel, "href": f"{url}?{urlencode({'limit': limit, 'offset': offset})}"}
