"""The clients the runtime builds for the systems."""

from __future__ import annotations

import httpx
import pytest
from pydantic import ValidationError

from app.runtime import build_client, open_runtime
from app.settings import Settings
from resolvers.execution import MAX_KEPT, keep_at_most, kept_capacity


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


@pytest.mark.parametrize("configured", [0, 3, MAX_KEPT])
async def test_the_runtime_keeps_at_most_the_configured_number_of_values(
    monkeypatch: pytest.MonkeyPatch, configured: int
) -> None:
    monkeypatch.setenv("TESSERA_KEPT_VALUES", str(configured))
    keep_at_most(7)
    try:
        async with open_runtime(Settings()):
            assert kept_capacity() == configured
    finally:
        keep_at_most(MAX_KEPT)


def test_a_negative_number_of_kept_values_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESSERA_KEPT_VALUES", "-1")
    with pytest.raises(ValidationError):
        Settings()
