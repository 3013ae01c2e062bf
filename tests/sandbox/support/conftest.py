"""Fixtures for the support sandbox (the shared ones are in tests/sandbox/conftest.py): the app on the seeded
database with a fixed clock, and helpers to pick organizations."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from sandbox.common.system import SystemApp
from sandbox.seed.model import Customer, Universe
from sandbox.support.app import create_app
from tests.support.sandbox import CREDENTIALS, sandbox_client

NOW = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def system_name() -> str:
    return "support"


@pytest.fixture
def app(db_path: Path) -> SystemApp:
    return create_app(db_path, CREDENTIALS, clock=lambda: NOW)


def make_client(app: SystemApp, auth: str | None = None) -> httpx.AsyncClient:
    """A client presenting `auth` as its `Authorization`, or the demo API token."""
    return sandbox_client(app, "support", auth)


def orgs(universe: Universe) -> list[Customer]:
    """Customers whose organization exists in Zendesk."""
    return [c for c in universe.customers if c.support_org_exists]


def busiest(universe: Universe) -> Customer:
    """The existing organization with the most tickets (for paging)."""
    return max(orgs(universe), key=lambda c: (len(c.tickets), -c.support_org_id))
