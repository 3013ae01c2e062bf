"""Batch plumbing shared by the connectors: chunking, cache-backed batches and per-key fan-out.

A batch method answers one `Outcome` per requested key: `Fetched` with the value (None when not found),
where it came from (live, cache, or stale: expired but served because the live call failed), its age and
the latency of the upstream call that produced it, or the `SourceError` of the call that failed for that
key.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from domain.systems import SourceSystem
from sources.cache import SourceCache
from sources.results import Fetched, Outcome

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
V = TypeVar("V")


@dataclass
class Live(Generic[K, V]):
    """What a live fetch found: values by key (absent = not found) and each key's upstream latency."""

    values: dict[K, V] = field(default_factory=dict)
    latency_ms: dict[K, float] = field(default_factory=dict)


LiveFetch = Callable[[list[K]], Awaitable[Live[K, V]]]


def chunked(items: Sequence[T], size: int) -> list[list[T]]:
    """Split into consecutive lists of at most `size` items."""
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


async def cached_batch(
    cache: SourceCache,
    system: SourceSystem,
    entity: str,
    keys: Sequence[K],
    fetch_live: LiveFetch[K, V],
    *,
    report: bool = True,
) -> dict[K, Outcome[V]]:
    """Answer every key through the cache; misses go to one `fetch_live` call, whose error fails them all
    (but for keys with an expired value still kept: those are served stale). `report`: tell the observer
    about this batch."""
    latencies: dict[K, float] = {}
    if report:
        cache.observer.batch(system, entity, len(keys))

    async def fetch(misses: list[K]) -> Mapping[K, V | None]:
        live = await fetch_live(misses)
        latencies.update(live.latency_ms)
        return live.values

    started = time.perf_counter()
    found = await cache.lookup(system, entity, keys, fetch)
    waited_ms = (time.perf_counter() - started) * 1000
    answers: dict[K, Outcome[V]] = {}
    for key in keys:
        if key in found.failed:
            answers[key] = found.failed[key]
        elif key in found.cached:
            answers[key] = Fetched(found.values.get(key), "cache", 0.0, age_s=found.cached[key])
        elif key in found.stale:
            answers[key] = Fetched(found.values.get(key), "stale", 0.0, age_s=found.stale[key])
        else:
            answers[key] = Fetched(found.values.get(key), "live", latencies.get(key, waited_ms))
    return answers


async def fanned_out_batch(
    cache: SourceCache,
    system: SourceSystem,
    entity: str,
    keys: Sequence[K],
    fetch_one: Callable[[K], Awaitable[tuple[V | None, float]]],
    limit: asyncio.Semaphore,
) -> dict[K, Outcome[V]]:
    """Answer every key with its own upstream call (for vendors without a batch primitive), concurrently
    under `limit`; one key's failure is that key's outcome only."""

    async def fetch_live(misses: list[K]) -> Live[K, V]:
        live: Live[K, V] = Live()
        for key in misses:
            async with limit:
                value, latency_ms = await fetch_one(key)
            live.latency_ms[key] = latency_ms
            if value is not None:
                live.values[key] = value
        return live

    unique = list(dict.fromkeys(keys))
    cache.observer.batch(system, entity, len(keys))
    parts = await asyncio.gather(
        *(cached_batch(cache, system, entity, [key], fetch_live, report=False) for key in unique)
    )
    merged: dict[K, Outcome[V]] = {}
    for part in parts:
        merged.update(part)
    return {key: merged[key] for key in keys}
