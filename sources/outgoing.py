"""The `httpx.Request` of one upstream call, built here instead of by `AsyncClient.request`.

`AsyncClient.build_request` parses the URL about three times per call (the relative URL, its merge with the
base URL, then again with the query parameters) and copies the client's cookie jar into the request. A
connector's URL is nearly always a plain path, so the full URL is joined as text and parsed once; the
result is the request `build_request` makes (the same URL, headers in the same order, body and timeout),
less the `Cookie` header: a gateway shares one client between all its callers, so nothing an upstream set
is ever sent back. `AsyncClient.send` sends the request as it is.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx


def plain_path(url: str) -> bool:
    """Whether `url` is a path and nothing else: not absolute, not a network-path reference ("//host"),
    no query or fragment of its own."""
    return url.startswith("/") and not url.startswith("//") and "?" not in url and "#" not in url


class RequestBuilder:
    """Builds the requests of one client: its base URL, default headers and query parameters applied the
    way `AsyncClient.build_request` applies them, and its cookies never."""

    def __init__(self, client: httpx.AsyncClient) -> None:
        self._client = client
        self._base: httpx.URL | None = None
        self._prefix = ""

    def build(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, str | int] | None,
        json_body: Any,
        form: Mapping[str, str] | None,
        headers: Mapping[str, str],
        timeout: httpx.Timeout,
    ) -> httpx.Request:
        """The request for `url` (relative to the client's base URL, or absolute)."""
        target, query = self.url(url, params)
        return httpx.Request(
            method,
            target,
            params=query,
            headers=self.headers(headers),
            json=json_body,
            data=form,
            extensions={"timeout": timeout.as_dict()},
        )

    def headers(self, headers: Mapping[str, str]) -> list[tuple[bytes, bytes]]:
        """The client's default headers, less those `headers` name (in any case), then `headers`: the order
        and values of `Headers.update`, without its per-header lookups (~7 µs a call)."""
        named = {name.lower().encode("ascii") for name in headers}
        merged = [(name, value) for name, value in self._client.headers.raw if name.lower() not in named]
        # ASCII, as httpx encodes a header given as text.
        merged.extend((name.encode("ascii"), value.encode("ascii")) for name, value in headers.items())
        return merged

    def url(
        self, url: str, params: Mapping[str, str | int] | None
    ) -> tuple[httpx.URL | str, httpx.QueryParams | Mapping[str, str | int] | None]:
        """The URL and query parameters to build the request with: for a plain path, the full URL as text
        (parsed once, by `httpx.Request`); else the base URL merged as `build_request` merges it, with the
        parameters (which replace any query of `url`, as in httpx)."""
        client = self._client
        base = client.base_url
        if plain_path(url) and not base.query and not base.fragment and not client.params:
            if base is not self._base:  # the client's base URL is replaced, never changed in place
                # As `build_request` joins them: the base's path always ends with "/".
                self._base, self._prefix = base, str(base.copy_with(raw_path=base.raw_path))
            full = self._prefix + url[1:]
            return (f"{full}?{httpx.QueryParams(params)}" if params else full), None
        merged = httpx.URL(url)
        if merged.is_relative_url:
            merged = base.copy_with(raw_path=base.raw_path + merged.raw_path.lstrip(b"/"))
        return merged, (client.params.merge(params) if params or client.params else params)
