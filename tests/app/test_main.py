from __future__ import annotations

import httpx
from asgi_lifespan import LifespanManager

from app.main import create_app
from app.runtime import Runtime
from app.settings import Settings
from domain.systems import SourceSystem
from sandbox.common.system import SystemApp


async def test_the_lifespan_builds_one_client_per_system_and_closes_them(
    settings: Settings, sandboxes: dict[SourceSystem, SystemApp]
) -> None:
    transports = {system: httpx.ASGITransport(app=app) for system, app in sandboxes.items()}
    app = create_app(settings, transports=transports)

    async with LifespanManager(app):
        runtime: Runtime = app.state.runtime
        assert set(runtime.clients) == set(SourceSystem)
        assert str(runtime.clients[SourceSystem.CRM].base_url) == "http://127.0.0.1:8101"
        assert runtime.clients[SourceSystem.BILLING].timeout.read == settings.billing.timeout_s
        assert not any(client.is_closed for client in runtime.clients.values())

    assert all(client.is_closed for client in runtime.clients.values())


def test_nothing_is_built_before_the_lifespan_runs(settings: Settings) -> None:
    app = create_app(settings)

    assert not hasattr(app.state, "runtime")


async def test_graphiql_can_be_turned_off(sandboxes: dict[SourceSystem, SystemApp]) -> None:
    settings = Settings.model_validate({"graphiql": False})
    transports = {system: httpx.ASGITransport(app=app) for system, app in sandboxes.items()}
    app = create_app(settings, transports=transports)

    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gateway"
        ) as client,
    ):
        response = await client.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 404


async def test_an_unknown_path_is_404_with_a_request_id(gateway: httpx.AsyncClient) -> None:
    response = await gateway.get("/nope")

    assert response.status_code == 404
    assert response.headers["x-request-id"]
