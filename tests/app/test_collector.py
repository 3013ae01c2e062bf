from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from asgi_lifespan import LifespanManager
from starlette.applications import Starlette

from app.collector import (
    GEN0_THRESHOLD,
    GEN1_THRESHOLD,
    GEN2_THRESHOLD,
    tune_for_serving,
    tuned_after_startup,
)


async def test_tune_runs_once_after_startup_and_before_shutdown() -> None:
    events: list[str] = []

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        events.append("startup")
        yield
        events.append("shutdown")

    app = tuned_after_startup(Starlette(lifespan=lifespan), tune=lambda: events.append("tune"))

    async with LifespanManager(app):
        assert events == ["startup", "tune"]
    assert events == ["startup", "tune", "shutdown"]


def test_tune_for_serving_collects_freezes_and_raises_thresholds(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[object] = []

    def collect() -> int:
        calls.append("collect")
        return 0

    monkeypatch.setattr(gc, "collect", collect)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    monkeypatch.setattr(gc, "set_threshold", lambda *t: calls.append(t))

    tune_for_serving()

    assert calls == ["collect", "freeze", (GEN0_THRESHOLD, GEN1_THRESHOLD, GEN2_THRESHOLD)]
