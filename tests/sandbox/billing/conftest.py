"""Fixtures for the billing sandbox (the shared ones are in tests/sandbox/conftest.py): the app on the seeded
database and a second connection to read what it wrote."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from sandbox.billing.app import create_app
from sandbox.common.db import connect
from sandbox.common.system import SystemApp
from tests.support.sandbox import CREDENTIALS, demo_auth

AUTH = {"Authorization": demo_auth("billing")}


@pytest.fixture
def system_name() -> str:
    return "billing"


@pytest.fixture
def app(db_path: Path) -> SystemApp:
    return create_app(db_path, CREDENTIALS)


@pytest.fixture
def db(db_path: Path) -> sqlite3.Connection:
    """A second connection for reading what the app wrote."""
    return connect(db_path)


def count(db: sqlite3.Connection, table: str) -> int:
    """Rows in a table."""
    return int(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
