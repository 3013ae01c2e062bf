"""What a batch method returns for each key: a value with where it came from, or that key's error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

from sources.errors import SourceError

V = TypeVar("V")

Origin = Literal["cache", "live"]


@dataclass(frozen=True, slots=True)
class Fetched(Generic[V]):
    """One key's answer. `value` is None when the system has no such object."""

    value: V | None
    origin: Origin
    latency_ms: float


#: One key's outcome in a batch: its answer, or the error that kept it from being answered.
Outcome = Fetched[V] | SourceError
