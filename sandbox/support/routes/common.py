"""What every route needs: the shared context, path and list parameters, includes and page links."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from starlette.datastructures import URL
from starlette.requests import Request

from sandbox.support.errors import bad_request, not_found
from sandbox.support.timefmt import Clock

MAX_SHOW_MANY = 100


@dataclass(frozen=True)
class Context:
    """The system's one database connection and its clock."""

    conn: sqlite3.Connection
    clock: Clock


def base_url(request: Request) -> str:
    """The scheme and host the client called, ending in `/`, for the `url` fields Zendesk returns."""
    return str(request.base_url)


def path_id(request: Request, name: str) -> int:
    """A numeric id from the path; anything else names no record."""
    raw = str(request.path_params[name])
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise not_found()
    return int(raw)


def id_list(raw: str, name: str) -> list[int]:
    """A comma-separated list of numeric ids, at most 100 of them."""
    parts = split_list(raw, name)
    if not all(p.isascii() and p.isdigit() and len(p) <= 18 for p in parts):
        raise bad_request(f"{name} must be a comma-separated list of numeric ids")
    return [int(p) for p in parts]


def split_list(raw: str, name: str) -> list[str]:
    """A comma-separated parameter value, at most 100 entries."""
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not parts:
        raise bad_request(f"{name} must list at least one value")
    if len(parts) > MAX_SHOW_MANY:
        raise bad_request(f"{name} accepts at most {MAX_SHOW_MANY} values, got {len(parts)}")
    return parts


def wants_slas(request: Request) -> bool:
    """Whether `include=slas` was asked for; other sideloads are refused rather than silently dropped."""
    raw = request.query_params.get("include")
    if raw is None:
        return False
    names = {name.strip() for name in raw.split(",") if name.strip()}
    unsupported = names - {"slas"}
    if unsupported:
        raise bad_request(f"include supports only slas in this sandbox, not {', '.join(sorted(unsupported))}")
    return "slas" in names


def public_url(request: Request) -> URL:
    """The URL called, spelled as Zendesk spells its links (with `.json`)."""
    url = request.url
    return url if url.path.endswith(".json") else url.replace(path=f"{url.path}.json")


def page_link(request: Request, page: int) -> str:
    """The same request, on another offset page."""
    return str(public_url(request).include_query_params(page=page))
