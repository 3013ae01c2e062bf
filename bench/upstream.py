"""The sandbox control plane from the benchmark's side: journals (call counts), faults, the customers."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.http1 import Connection
from bench.processes import HOST


@dataclass(frozen=True)
class CustomerRef:
    """A seeded customer: its CRM id and the other systems' ids the CRM cross-reference names."""

    id: str
    erp_id: str | None
    billing_id: str | None
    support_id: str | None


def customers(data: Path) -> list[CustomerRef]:
    """The seeded customers whose profile answers without errors, by CRM id, from the CRM's database.

    Customers seeded with a dangling cross-reference (the CRM names an id the other system lacks) are left
    out: their profile answers NOT_FOUND for that part, which the benchmarks would count as errors.
    """
    manifest = json.loads((data / "manifest.json").read_text())
    dangling = {d["account_id"] for d in manifest["discrepancies"] if d["kind"].startswith("dangling")}
    uri = f"file:{data / 'crm.sqlite3'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as conn:
        rows = conn.execute(
            'SELECT "Id", "ERP_Customer_Id__c", "Billing_Customer_Id__c", "Support_Org_Id__c" '
            'FROM "sf_account" ORDER BY "Id"'
        ).fetchall()
    return [CustomerRef(*row) for row in rows if row[0] not in dangling]


class ControlPlane:
    """`/__sandbox/` of every system."""

    def __init__(self, ports: dict[str, int]) -> None:
        self._conns = {system: Connection(HOST, port) for system, port in ports.items()}

    async def _each(self, method: str, path: str, payload: Any = None) -> dict[str, Any]:
        async def one(system: str) -> tuple[str, Any]:
            status, answer = await self._conns[system].json(method, path, payload)
            if status >= 300:
                raise RuntimeError(f"{system} {method} {path} answered {status}: {answer}")
            return system, answer

        return dict(await asyncio.gather(*(one(system) for system in self._conns)))

    async def clear_journals(self) -> None:
        """Forget every journaled request."""
        await self._each("DELETE", "/__sandbox/journal")

    async def calls(self) -> dict[str, int]:
        """Dialect requests journaled per system since the last clear (every status counted)."""
        journals = await self._each("GET", "/__sandbox/journal")
        return {system: len(entries) for system, entries in journals.items()}

    async def journals(self) -> dict[str, list[dict[str, Any]]]:
        """Every system's journal since the last clear."""
        return await self._each("GET", "/__sandbox/journal")

    async def statuses(self) -> dict[str, Counter[int]]:
        """The HTTP statuses journaled per system."""
        journals = await self._each("GET", "/__sandbox/journal")
        return {system: Counter(entry["status"] for entry in entries) for system, entries in journals.items()}

    async def set_latency(self, latency_ms: float) -> None:
        """Inject a fixed latency on every system (no jitter, no errors)."""
        await self._each("PUT", "/__sandbox/faults", {"latency_ms": latency_ms})

    async def clear_faults(self) -> None:
        """Remove every injected fault."""
        await self._each("DELETE", "/__sandbox/faults")

    def close(self) -> None:
        """Close the control-plane connections."""
        for conn in self._conns.values():
            conn.close()
