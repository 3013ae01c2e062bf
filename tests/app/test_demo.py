from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import uvicorn
from starlette.applications import Starlette

from app import demo
from sandbox import runner


def _record_servers(monkeypatch: pytest.MonkeyPatch) -> list[uvicorn.Server]:
    """Stand in for the demo's server loop: keep the servers it would run and report them started."""
    served: list[uvicorn.Server] = []

    def fake_run(servers: list[uvicorn.Server], *, on_started: Callable[[], None] | None = None) -> None:
        served.extend(servers)
        assert on_started is not None
        on_started()

    monkeypatch.setattr(demo, "run_servers", fake_run)
    return served


def test_the_demo_serves_the_sandbox_and_the_gateway_and_says_where_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    runner.seed_all(tmp_path, customers=5, seed=1, as_of=date(2026, 11, 1))
    served = _record_servers(monkeypatch)
    for name in ("TESSERA_HOST", "TESSERA_PORT"):
        monkeypatch.delenv(name, raising=False)

    demo.run_demo(tmp_path)

    assert sorted(server.config.port for server in served) == [8000, 8101, 8102, 8103, 8104]
    assert all(server.config.host == "127.0.0.1" for server in served)
    sample = json.loads((tmp_path / "manifest.json").read_text())["sample_customer_ids"][0]
    out = capsys.readouterr().out
    assert "http://127.0.0.1:8000/graphql" in out
    assert f"Sample customer id: {sample}" in out
    assert "customer(id: $id)" in out
    assert "Seeding" not in out  # already seeded: reused


def test_the_sample_query_is_valid_against_the_schema() -> None:
    from graphql import parse, validate

    from resolvers.schema import build_schema

    schema = build_schema()._schema
    assert validate(schema, parse(demo.SAMPLE_QUERY)) == []


async def test_the_demo_prints_a_key_with_every_scope_that_the_gateway_accepts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import re

    import httpx
    from asgi_lifespan import LifespanManager

    runner.seed_all(tmp_path, customers=3, seed=1, as_of=date(2026, 11, 1))
    served = _record_servers(monkeypatch)
    monkeypatch.delenv("TESSERA_API_KEYS", raising=False)

    demo.run_demo(tmp_path)

    out = capsys.readouterr().out
    found = re.search(r"Authorization: Bearer (\S+)", out)
    assert found is not None
    key = found.group(1)
    assert len(key) >= 32
    pane = next(line for line in out.splitlines() if line.startswith("GraphiQL headers pane: "))
    assert json.loads(pane.removeprefix("GraphiQL headers pane: ")) == {"Authorization": f"Bearer {key}"}
    gateway = next(server for server in served if server.config.port == 8000).config.app
    assert isinstance(gateway, Starlette)
    async with (
        LifespanManager(gateway) as manager,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=manager.app), base_url="http://gw") as client,
    ):
        allowed = await client.post(
            "/graphql", json={"query": "{ __typename }"}, headers={"Authorization": f"Bearer {key}"}
        )
        refused = await client.post("/graphql", json={"query": "{ __typename }"})
    assert allowed.status_code == 200
    assert allowed.json() == {"data": {"__typename": "Query"}}
    assert refused.status_code == 401


def test_configured_keys_replace_the_demo_key(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.settings import Settings

    monkeypatch.setenv("TESSERA_API_KEYS", json.dumps({"ops": {"key": "o" * 24, "scopes": ["profile:read"]}}))

    settings, key = demo.with_demo_key(Settings())

    assert key is None
    assert list(settings.api_keys) == ["ops"]


def test_without_configured_keys_the_demo_key_has_every_scope(monkeypatch: pytest.MonkeyPatch) -> None:
    from app.settings import Settings
    from resolvers.auth import ALL_SCOPES

    monkeypatch.delenv("TESSERA_API_KEYS", raising=False)

    settings, key = demo.with_demo_key(Settings())

    assert key is not None
    assert settings.api_keys["demo"].key.get_secret_value() == key
    assert settings.api_keys["demo"].scopes == ALL_SCOPES
