"""Fixtures: the four sandbox systems in process over one seeded universe, and the gateway before them."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app.main import create_app
from app.settings import Settings
from domain.systems import SourceSystem
from resolvers.auth import ALL_SCOPES
from sandbox.common.system import SystemApp
from sandbox.seed.model import Universe
from tests.support.sandbox import Seeded, asgi_client, build_apps, seeded


@pytest.fixture(scope="session")
def seeded_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """The four databases, seeded once; tests only read them."""
    return seeded(tmp_path_factory.mktemp("sandbox"), customers=60)


@pytest.fixture(scope="session")
def universe(seeded_sandbox: Seeded) -> Universe:
    return seeded_sandbox.universe


@pytest.fixture(scope="session")
def seeded_dir(seeded_sandbox: Seeded) -> Path:
    return seeded_sandbox.root


@pytest.fixture
def sandboxes(seeded_sandbox: Seeded) -> dict[SourceSystem, SystemApp]:
    """A fresh app per system (own journal and faults) over the seeded databases."""
    apps = build_apps(seeded_sandbox.root)
    return {SourceSystem(name): app for name, app in apps.items()}


#: The tests' API key: every scope. `AUTH` is the header that presents it.
TEST_KEY = "tessera-test-key-0123456789"
AUTH = {"Authorization": f"Bearer {TEST_KEY}"}
ALL_SCOPES_KEYS = {"tests": {"key": TEST_KEY, "scopes": sorted(ALL_SCOPES)}}


def settings_with(**values: Any) -> Settings:
    """Settings from explicit values (never the environment), with the tests' API key unless given."""
    return Settings.model_validate({"api_keys": ALL_SCOPES_KEYS, **values})


@pytest.fixture
def settings() -> Settings:
    # Built from explicit values so a developer's TESSERA_* variables cannot change what the tests see.
    return settings_with()


@pytest.fixture
async def gateway(
    settings: Settings, sandboxes: dict[SourceSystem, SystemApp]
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of the gateway, its lifespan running, with the sandbox apps as its upstream transports."""
    transports = {system: httpx.ASGITransport(app=app) for system, app in sandboxes.items()}
    app = create_app(settings, transports=transports)
    async with (
        LifespanManager(app) as manager,
        asgi_client(manager.app, "http://gateway", AUTH) as client,
    ):
        yield client


@pytest.fixture
def customer_id(universe: Universe) -> str:
    return universe.customers[0].account_id
