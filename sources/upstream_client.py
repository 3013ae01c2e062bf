"""The `httpx.AsyncClient` that `app` builds for each system: one that keeps no upstream cookies.

A gateway shares one client between all its callers, so a cookie one upstream answer set must never be
stored, let alone sent with another caller's request. httpx has no switch for it (encode/httpx#2992), and
`AsyncClient.send` hands every response to `client.cookies.extract_cookies`, which builds a urllib request
per response (about 5% of the gateway's CPU for a profile) even when the jar then refuses the cookie (the
`NullCookieJar` workaround). Subclassing the client to answer `cookies` with a jar that skips the extraction
is the only way to skip that cost with httpx's public API: `SourceHttp` builds its requests itself
(`sources.outgoing`), so it never sends the client's cookies anyway, whatever client it is given.
"""

from __future__ import annotations

from http.cookiejar import CookieJar

import httpx

#: What `httpx.AsyncClient.cookies` accepts (httpx's `CookieTypes`, which httpx does not export).
CookieTypes = httpx.Cookies | CookieJar | dict[str, str] | list[tuple[str, str]]


class UnkeptCookies(httpx.Cookies):
    """A client's cookies that an answer never adds to: `Set-Cookie` from upstream is ignored."""

    def extract_cookies(self, response: httpx.Response) -> None:
        """Keep nothing from the answer."""


class UpstreamClient(httpx.AsyncClient):
    """An `httpx.AsyncClient` whose `cookies` are `UnkeptCookies`; everything else is httpx's."""

    _unkept: UnkeptCookies | None = None

    @property
    def cookies(self) -> httpx.Cookies:
        """Cookies set on the client by its owner; never those an upstream answer set."""
        if self._unkept is None:
            self._unkept = UnkeptCookies(super().cookies)
        return self._unkept

    @cookies.setter
    def cookies(self, cookies: CookieTypes) -> None:
        self._unkept = UnkeptCookies(cookies)
