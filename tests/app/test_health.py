from __future__ import annotations

import httpx

from domain.systems import SourceSystem
from sandbox.common.system import SystemApp
from tests.support.sandbox import put_faults


async def test_healthz_says_the_process_is_alive(gateway: httpx.AsyncClient) -> None:
    response = await gateway.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


async def test_readyz_is_200_when_every_system_answers(gateway: httpx.AsyncClient) -> None:
    response = await gateway.get("/readyz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["down"] == []
    assert sorted(body["systems"]) == ["billing", "crm", "erp", "support"]
    assert all(status["up"] for status in body["systems"].values())


async def test_readyz_is_503_naming_the_system_that_is_down(
    gateway: httpx.AsyncClient, sandboxes: dict[SourceSystem, SystemApp]
) -> None:
    await put_faults(sandboxes[SourceSystem.BILLING], down=True)

    response = await gateway.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unready"
    assert body["down"] == ["billing"]
    assert body["systems"]["billing"] == {"up": False, "code": "SOURCE_UNAVAILABLE", "circuit": "closed"}
    assert body["systems"]["crm"]["up"] is True


async def test_readyz_pings_every_system_with_the_request_id(
    gateway: httpx.AsyncClient, sandboxes: dict[SourceSystem, SystemApp]
) -> None:
    await gateway.get("/readyz", headers={"X-Request-Id": "ready-check-1"})

    for app in sandboxes.values():
        assert [e["headers"].get("x-request-id") for e in app.journal.entries()] == ["ready-check-1"]
