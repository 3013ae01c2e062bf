from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import uvicorn

from app import demo
from sandbox import runner


def test_the_demo_serves_the_sandbox_and_the_gateway_and_says_where_to_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    runner.seed_all(tmp_path, customers=5, seed=1, as_of=date(2026, 11, 1))
    served: list[uvicorn.Server] = []

    def fake_run(servers: list[uvicorn.Server], *, on_started: Callable[[], None] | None = None) -> None:
        served.extend(servers)
        assert on_started is not None
        on_started()

    monkeypatch.setattr(demo, "run_servers", fake_run)
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
