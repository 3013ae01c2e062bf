"""What every billing handler works with: the connection, the catalog, the clock and in-flight keys."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sandbox.billing import expand
from sandbox.billing.catalog import Catalog
from sandbox.billing.queries import KINDS, fetch


@dataclass
class Billing:
    """The billing system's state for one app."""

    conn: sqlite3.Connection
    catalog: Catalog
    clock: Callable[[], float] = time.time
    # Idempotency keys whose first request is executing right now, per (scope, key).
    in_flight: set[tuple[str, str]] = field(default_factory=set)

    def now(self) -> int:
        """The current time in unix seconds."""
        return int(self.clock())

    def load(self, type_name: str, object_id: str) -> dict[str, Any] | None:
        """An object of a Stripe type by id, for expansion."""
        return fetch(self.conn, self.catalog, KINDS[type_name], object_id)

    def expand(self, obj: dict[str, Any], paths: list[list[str]]) -> dict[str, Any]:
        """Expand validated paths on one object."""
        return expand.apply(obj, paths, self.load)
