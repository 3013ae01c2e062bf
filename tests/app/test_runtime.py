"""The clients the runtime builds for the systems."""

from __future__ import annotations

import httpx

from app.runtime import build_client


async def test_a_systems_client_keeps_no_cookie_an_upstream_sets() -> None:
    seen: list[httpx.Request] = []

    def vendor(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={}, headers={"Set-Cookie": "session=caller-a; Path=/"})

    async with build_client(
        base_url="http://crm.test", timeout_s=1.0, max_connections=2, transport=httpx.MockTransport(vendor)
    ) as client:
        await client.get("/a")
        await client.get("/b")
    assert dict(client.cookies) == {}
    assert "cookie" not in seen[1].headers
    assert client.base_url == httpx.URL("http://crm.test")
    assert client.timeout == httpx.Timeout(1.0)
