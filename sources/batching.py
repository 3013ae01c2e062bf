"""Batch plumbing shared by the connectors: cache-backed batches, chunked `IN (...)` batches and per-key
fan-out.

A batch method answers one `Outcome` per requested key: `Fetched` with the value (None when not found),
where it came from (live, cache, or stale: expired but served because the live call failed), its age and
the latency of the upstream call that produced it, or the `SourceError` of the call that failed for that
key.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from domain.ids import InvalidId
from domain.systems import SourceSystem
from sources.cache import Fetch, Lookup, Reservation, SourceCache
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
#: One upstream call for a chunk of canonical ids: the value found per id and the call's latency.
ChunkFetch = Callable[[list[str]], Awaitable[tuple[Mapping[str, V], float]]]
#: One upstream call for one canonical id: its value (None when not found) and the call's latency.
OneFetch = Callable[[str], Awaitable[tuple[V | None, float]]]


def chunked(items: Sequence[T], size: int) -> list[list[T]]:
    """Split into consecutive lists of at most `size` items."""
    return [list(items[start : start + size]) for start in range(0, len(items), size)]


def canonical_keys(keys: Iterable[str], parse: Callable[[str], str]) -> dict[str, str]:
    """Request key -> the system's canonical id, for the keys that are ids of the system at all."""
    canonical: dict[str, str] = {}
    for key in keys:
        try:
            canonical[key] = parse(key)
        except InvalidId:
            continue
    return canonical


async def _all(calls: list[Awaitable[T]]) -> list[T]:
    """Every call's answer, side by side; a single call (one chunk, one customer: the usual case) is
    awaited in place, since a task for it would send its request a turn of the event loop later."""
    if len(calls) == 1:
        return [await calls[0]]
    return list(await asyncio.gather(*calls))


def _outcomes(
    keys: Iterable[K], found: Lookup[K, V], latencies: Mapping[K, float], waited_ms: float
) -> dict[K, Outcome[V]]:
    """Each key's outcome from what the cache lookup found; a live key without a latency of its own (it
    was fetched by another task) gets the time this batch waited."""
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
    return _outcomes(keys, found, latencies, (time.perf_counter() - started) * 1000)


async def chunked_batch(
    cache: SourceCache,
    system: SourceSystem,
    entity: str,
    keys: Sequence[str],
    parse: Callable[[str], str],
    size: int,
    fetch_chunk: ChunkFetch[V],
) -> dict[str, Outcome[V]]:
    """`cached_batch` for a vendor that reads many ids a call: the misses' distinct canonical ids go out
    `size` a call, concurrently; each key gets its chunk's latency, and a key that is no id of the system
    (`parse` raises InvalidId) is answered None without a call."""

    async def fetch_parts(
        chunk: list[str], _entities: frozenset[str]
    ) -> tuple[dict[str, Mapping[str, V]], float]:
        values, latency = await fetch_chunk(chunk)
        return {entity: values}, latency

    answers = await chunked_batches(cache, system, {entity: keys}, parse, size, fetch_parts)
    return answers[entity]


#: One upstream call for a chunk of canonical ids and the entities some of them miss: per entity, the
#: value found per id, and the call's latency.
PartsFetch = Callable[[list[str], frozenset[str]], Awaitable[tuple[Mapping[str, Mapping[str, V]], float]]]


async def chunked_batches(
    cache: SourceCache,
    system: SourceSystem,
    requests: Mapping[str, Sequence[str]],
    parse: Callable[[str], str],
    size: int,
    fetch_chunk: PartsFetch[V],
) -> dict[str, dict[str, Outcome[V]]]:
    """`chunked_batch` for several entities one call can read together (a parent with its children):
    every entity's keys go through its cache, and the misses of all of them go out in one call per
    `size` distinct ids, concurrently, asking each chunk for the entities some of its ids miss. A failed
    call fails every missed key of every entity (each served stale where it can be), as a failed
    `chunked_batch` does."""
    canonical = canonical_keys((key for keys in requests.values() for key in keys), parse)
    for entity, keys in requests.items():
        cache.observer.batch(system, entity, len(keys))
    reservations: dict[str, Reservation[str, V]] = {
        entity: cache.reserve(system, entity, keys) for entity, keys in requests.items()
    }
    missing: dict[str, set[str]] = {
        entity: {canonical[key] for key in reservation.misses if key in canonical}
        for entity, reservation in reservations.items()
    }
    to_fetch = set().union(*missing.values())
    # In the order the keys were asked.
    ids = [cid for cid in dict.fromkeys(canonical.values()) if cid in to_fetch]
    chunks = chunked(ids, size)
    latencies: dict[str, float] = {}
    answered: dict[str, dict[str, V]] = {entity: {} for entity in requests}
    failure: BaseException | None = None
    started = time.perf_counter()
    if chunks:
        wanted = [
            frozenset(e for e, cids in missing.items() if not cids.isdisjoint(chunk)) for chunk in chunks
        ]
        try:
            answers = await _all(
                [fetch_chunk(chunk, entities) for chunk, entities in zip(chunks, wanted, strict=True)]
            )
        except BaseException as exc:  # each reservation's settle meets it as its own fetch's error
            failure = exc
        else:
            for chunk, (values, latency) in zip(chunks, answers, strict=True):
                latencies.update(dict.fromkeys(chunk, latency))
                for entity, by_id in values.items():
                    answered[entity].update(by_id)

    def fetch_for(entity: str) -> Fetch[str, V]:
        async def fetch(misses: list[str]) -> dict[str, V | None]:
            if failure is not None:
                raise failure
            values = answered[entity]
            return {key: values.get(cid) for key in misses if (cid := canonical.get(key)) is not None}

        return fetch

    settled: dict[str, dict[str, Outcome[V]]] = {}
    unsettled = list(reservations.items())
    for index, (entity, reservation) in enumerate(unsettled):
        try:
            found = await reservation.settle(fetch_for(entity))
        except BaseException as exc:  # not a SourceError (settle answers those per key): release the rest
            for _entity, later in unsettled[index + 1 :]:
                later.abandon(exc)
            raise
        key_latency = {
            key: latencies[cid] for key in requests[entity] if (cid := canonical.get(key)) in latencies
        }
        settled[entity] = _outcomes(
            requests[entity], found, key_latency, (time.perf_counter() - started) * 1000
        )
    return settled


class FanOut:
    """Batches for a vendor without a multi-id read: a call per key, through the cache, at most
    `max_concurrency` calls at once over every batch of the connector."""

    def __init__(self, cache: SourceCache, system: SourceSystem, max_concurrency: int) -> None:
        self._cache = cache
        self._system = system
        self._limit = asyncio.Semaphore(max_concurrency)

    async def batch(
        self, entity: str, keys: Sequence[str], parse: Callable[[str], str], fetch_one: OneFetch[V]
    ) -> dict[str, Outcome[V]]:
        """One outcome per key; `fetch_one` gets the canonical id; one key's failure is that key's outcome
        only, and a key that is no id of the system (`parse` raises InvalidId) is answered None uncalled."""
        canonical = canonical_keys(keys, parse)
        valid = [key for key in keys if key in canonical]

        async def fetch_live(misses: list[str]) -> Live[str, V]:
            live: Live[str, V] = Live()
            for key in misses:
                async with self._limit:
                    value, latency_ms = await fetch_one(canonical[key])
                live.latency_ms[key] = latency_ms
                if value is not None:
                    live.values[key] = value
            return live

        self._cache.observer.batch(self._system, entity, len(valid))
        parts = await _all(
            [
                cached_batch(self._cache, self._system, entity, [key], fetch_live, report=False)
                for key in dict.fromkeys(valid)
            ]
        )
        answers: dict[str, Outcome[V]] = {}
        for part in parts:
            answers.update(part)
        return {key: answers.get(key) or Fetched(None, "live", 0.0) for key in keys}
