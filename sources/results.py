"""What a batch method returns for each key: a value with where it came from, or that key's error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from sources.errors import SourceError

V = TypeVar("V")

#: Where an answer came from: a live call, the cache while fresh, or an expired copy served because the
#: live call failed (stale-if-error).
Origin = Literal["cache", "live", "stale"]


@dataclass(frozen=True, slots=True)
class Fetched(Generic[V]):
    """One key's answer. `value` is None when the system has no such object; `age_s` is how old the served
    copy is (cache and stale answers; None for a live one)."""

    value: V | None
    origin: Origin
    latency_ms: float
    age_s: float | None = None


#: One key's outcome in a batch: its answer, or the error that kept it from being answered.
Outcome = Fetched[V] | SourceError
