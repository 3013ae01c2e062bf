"""The per-request ledger: for every key a loader fetched, where the answer came from and how it went."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from domain.systems import SourceSystem
from sources.errors import SourceError
from sources.results import Fetched, Origin


class Entity(StrEnum):
    """What a loader fetches; each belongs to one system."""

    ACCOUNTS = "accounts"
    CONTRACTS = "contracts"
    ENTITLEMENTS = "entitlements"
    LEGAL = "legal"
    SUBSCRIPTIONS = "subscriptions"
    INVOICES = "invoices"
    CASES = "cases"
    SLA_POLICIES = "sla_policies"

    @property
    def system(self) -> SourceSystem:
        """The system of record this entity is fetched from."""
        return _SYSTEM_OF[self]


_SYSTEM_OF = {
    Entity.ACCOUNTS: SourceSystem.CRM,
    Entity.CONTRACTS: SourceSystem.CRM,
    Entity.ENTITLEMENTS: SourceSystem.CRM,
    Entity.LEGAL: SourceSystem.ERP,
    Entity.SUBSCRIPTIONS: SourceSystem.BILLING,
    Entity.INVOICES: SourceSystem.BILLING,
    Entity.CASES: SourceSystem.SUPPORT,
    Entity.SLA_POLICIES: SourceSystem.SUPPORT,
}

#: The ledger key of the one SLA policy list a request loads.
ALL_POLICIES = "*"


@dataclass(frozen=True, slots=True)
class Entry:
    """One key's outcome: origin and latency when answered, the error code when not."""

    origin: Origin | None
    latency_ms: float | None
    error_code: str | None
    age_s: float | None = None
    """How old the served copy was (cache and stale answers); None for a live one."""

    @property
    def answered(self) -> bool:
        """Whether the system gave a usable answer for this key."""
        return self.error_code is None


@dataclass(frozen=True, slots=True)
class SystemStatus:
    """How one system did for one customer in this request."""

    system: SourceSystem
    answered: bool
    origin: Origin | None
    latency_ms: float | None
    error_code: str | None
    age_s: float | None = None
    """The age of the oldest answer served from the cache (fresh or stale); None when all were live."""
    stale: bool = False
    """Whether any answer was an expired copy served because the live call failed."""


@dataclass
class Ledger:
    """Outcomes recorded by the loaders of one request, by (entity, key)."""

    _entries: dict[tuple[Entity, str], Entry] = field(default_factory=dict)

    def record(self, entity: Entity, key: str, outcome: Fetched[Any] | SourceError) -> None:
        """Remember how one key's load went."""
        if isinstance(outcome, SourceError):
            self._entries[(entity, key)] = Entry(origin=None, latency_ms=None, error_code=outcome.code)
        else:
            self._entries[(entity, key)] = Entry(outcome.origin, outcome.latency_ms, None, outcome.age_s)

    def record_failure(self, entity: Entity, key: str, code: str) -> None:
        """Remember that a key could not be loaded for a reason that is not a SourceError."""
        self._entries[(entity, key)] = Entry(origin=None, latency_ms=None, error_code=code)

    def get(self, entity: Entity, key: str) -> Entry | None:
        """The recorded outcome of one key, if it was loaded."""
        return self._entries.get((entity, key))


def summarise(system: SourceSystem, entries: Iterable[Entry]) -> SystemStatus:
    """Fold one customer's entries for a system into one status (concurrent loads: latency is the max).

    Origin: live if any answer was live, else stale if any was stale, else cache; the age is the oldest
    served copy's."""
    listed = list(entries)
    failed = [entry.error_code for entry in listed if entry.error_code is not None]
    answered = [entry for entry in listed if entry.error_code is None and entry.origin is not None]
    origins = {entry.origin for entry in answered}
    origin: Origin | None = None
    if answered:
        origin = "live" if "live" in origins else "stale" if "stale" in origins else "cache"
    latencies = [entry.latency_ms for entry in answered if entry.latency_ms is not None]
    ages = [entry.age_s for entry in answered if entry.age_s is not None and entry.origin != "live"]
    return SystemStatus(
        system=system,
        answered=not failed,
        origin=origin,
        latency_ms=max(latencies) if latencies else None,
        error_code=failed[0] if failed else None,
        age_s=max(ages) if ages else None,
        stale="stale" in origins,
    )
