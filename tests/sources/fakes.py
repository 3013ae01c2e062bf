"""Test doubles for the resilience layer: a clock that never waits and an observer that records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from domain.systems import SourceSystem
from sources.breaker import CircuitState
from sources.resilience import Clock
from sources.telemetry import CacheEvent, UpstreamCall


class FakeClock:
    """Monotonic time that only moves when slept on (or set); every sleep is recorded."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    @property
    def clock(self) -> Clock:
        return Clock(now=self.time, sleep=self.sleep)


@dataclass
class RecordingObserver:
    """Keeps every event the sources report."""

    calls: list[UpstreamCall] = field(default_factory=list)
    batches: list[tuple[SourceSystem, str, int]] = field(default_factory=list)
    cache_events: list[tuple[SourceSystem, str, CacheEvent, int]] = field(default_factory=list)
    circuits: list[tuple[SourceSystem, CircuitState]] = field(default_factory=list)

    def upstream_call(self, call: UpstreamCall) -> None:
        self.calls.append(call)

    def batch(self, system: SourceSystem, entity: str, size: int) -> None:
        self.batches.append((system, entity, size))

    def cache(self, system: SourceSystem, entity: str, event: CacheEvent, count: int) -> None:
        self.cache_events.append((system, entity, event, count))

    def circuit(self, system: SourceSystem, state: CircuitState) -> None:
        self.circuits.append((system, state))

    def everything(self) -> list[Any]:
        return [*self.calls, *self.batches, *self.cache_events, *self.circuits]
