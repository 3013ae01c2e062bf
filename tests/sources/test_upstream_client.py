"""The client `app` builds per system keeps no cookie an upstream sets; its owner's cookies stay its own."""

from __future__ import annotations

import httpx

from sources.upstream_client import UnkeptCookies, UpstreamClient


def vendor(seen: list[httpx.Request]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={}, headers={"Set-Cookie": "session=upstream-1; Path=/"})

    return httpx.MockTransport(handler)


async def test_a_cookie_set_upstream_is_neither_kept_nor_sent_back() -> None:
    seen: list[httpx.Request] = []
    async with UpstreamClient(transport=vendor(seen), base_url="http://vendor.test") as client:
        first = await client.get("/a")
        await client.get("/b")
    assert first.cookies["session"] == "upstream-1"  # the answer still says what it set
    assert dict(client.cookies) == {}
    assert "cookie" not in seen[1].headers


async def test_cookies_the_owner_sets_are_kept() -> None:
    seen: list[httpx.Request] = []
    async with UpstreamClient(
        transport=vendor(seen), base_url="http://vendor.test", cookies={"pinned": "1"}
    ) as client:
        await client.get("/a")
        assert dict(client.cookies) == {"pinned": "1"}
        client.cookies = {"other": "2"}
        await client.get("/b")
    assert isinstance(client.cookies, UnkeptCookies)
    assert dict(client.cookies) == {"other": "2"}
    assert [r.headers.get("cookie") for r in seen] == ["pinned=1", "other=2"]
