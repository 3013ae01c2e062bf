"""Fixtures shared by each sandbox system's tests: a 40-customer universe seeded once per session, and per
test a private copy of the system's database and a client with the demo credentials. A system's conftest
names the system (`system_name`) and builds its `app`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from sandbox.common.system import SystemApp
from sandbox.seed.model import Universe
from tests.support.sandbox import Seeded, copy_seeded, db_path, sandbox_client, seeded


@pytest.fixture(scope="session")
def seeded_sandbox(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    return seeded(tmp_path_factory.mktemp("sandbox"), customers=40)


@pytest.fixture(scope="session")
def universe(seeded_sandbox: Seeded) -> Universe:
    return seeded_sandbox.universe


@pytest.fixture(name="db_path")
def db_path_fixture(system_name: str, seeded_sandbox: Seeded, tmp_path: Path) -> Path:
    """This test's own copy of the system's seeded database."""
    return db_path(copy_seeded(seeded_sandbox.root, tmp_path, [system_name]), system_name)


@pytest.fixture
async def client(app: SystemApp, system_name: str) -> AsyncIterator[httpx.AsyncClient]:
    async with sandbox_client(app, system_name) as c:
        yield c
