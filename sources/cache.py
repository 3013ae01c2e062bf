"""The process-wide cache of source answers: one bounded TTL cache per (system, entity), with single flight
and stale-if-error.

Entries are plain values (never coroutines or futures) with the time they were stored, keyed by (system,
entity, id). An entry is fresh for its TTL and then kept `max_stale_s` longer: it is fetched again, but when
that live fetch fails the way a down system fails (unavailable, timeout, rate limited, bad response, circuit
open) the expired value is served instead, marked stale with its age. Concurrent misses of one key share
one fetch: the first task fetches, later tasks await its result. Errors are never stored; they reach every
task that waited for that fetch. "Not found" (None) is not stored either, so an object created upstream
shows up on the next read.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from cachetools import TTLCache

from domain.systems import SourceSystem
from sources.config import CacheConfig
from sources.errors import (
    SourceBadResponse,
    SourceCircuitOpen,
    SourceError,
    SourceRateLimited,
    SourceTimeout,
    SourceUnavailable,
)
from sources.telemetry import CacheEvent, SourceObserver, guarded

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Fetch = Callable[[list[K]], Awaitable[Mapping[K, V | None]]]

#: Entities whose TTL is not their system's: the cross-reference (also `xref:<system>`) and SLA policies.
XREF_ENTITIES = frozenset({"accounts", "xref"})
SLA_POLICIES = "sla_policies"

#: Failures after which an expired value is served rather than the error.
STALE_IF = (SourceUnavailable, SourceTimeout, SourceRateLimited, SourceBadResponse, SourceCircuitOpen)

_Key = tuple[str, str, Hashable]


@dataclass(frozen=True, slots=True)
class _Stored:
    value: Any
    stored_at: float


@dataclass
class Lookup(Generic[K, V]):
    """What `lookup` found for each key: a value (None when not found) or an error.

    `cached` and `stale` give the age in seconds of the keys served from the cache, fresh or expired;
    every other key in `values` was fetched live; `failed` keys have no value.
    """

    values: dict[K, V | None] = field(default_factory=dict)
    cached: dict[K, float] = field(default_factory=dict)
    stale: dict[K, float] = field(default_factory=dict)
    failed: dict[K, SourceError] = field(default_factory=dict)


class Reservation(Generic[K, V]):
    """One entity's keys claimed in the cache by `SourceCache.reserve`: `misses` are this caller's to fetch
    (through `settle`); the rest are answered or awaited from whoever fetches them."""

    def __init__(
        self,
        cache: SourceCache,
        system: SourceSystem,
        entity: str,
        store: TTLCache[_Key, _Stored] | None,
    ) -> None:
        self._cache = cache
        self._system = system
        self._entity = entity
        self._store = store
        self.found: Lookup[K, V] = Lookup()
        self.expired: dict[K, _Stored] = {}
        self.waiting: dict[K, asyncio.Future[Any]] = {}
        self.misses: list[K] = []

    async def settle(self, fetch: Fetch[K, V]) -> Lookup[K, V]:
        """Fetch the misses (one `fetch` call, if any), await the keys others fetch, serve stale values
        where a fetch failed the way a down system fails."""
        found = self.found
        cache = self._cache
        if self.misses:
            try:
                await cache._fetch(self._system, self._entity, self.misses, fetch, self._store, found.values)
            except SourceError as error:
                for key in self.misses:
                    found.failed[key] = error
        for key, future in self.waiting.items():
            try:
                found.values[key] = await asyncio.shield(future)
            except SourceError as error:
                found.failed[key] = error
        cache._serve_stale(found, self.expired)
        cache._count(self._system, self._entity, "stale", len(found.stale))
        return found

    def abandon(self, error: BaseException) -> None:
        """Release the claimed keys, failing whoever awaits them as a failed fetch would (the fetch never
        happened: the call shared with other entities ended in `error`)."""
        inflight = self._cache._inflight
        claimed = (inflight.pop((self._system.value, self._entity, key), None) for key in self.misses)
        _fail([future for future in claimed if future is not None], self._system, error)
        self.misses = []


def _fail(futures: Iterable[asyncio.Future[Any]], system: SourceSystem, error: BaseException) -> None:
    """End the futures of keys whose fetch failed with `error`: the tasks awaiting them get it, or, when
    the fetching task was cancelled (they were not), SourceUnavailable."""
    if isinstance(error, asyncio.CancelledError):
        error = SourceUnavailable(system, "the shared upstream call was cancelled")
    for future in futures:
        if not future.done():
            future.set_exception(error)
            # Retrieved here so a future nobody waits on does not log "exception never retrieved".
            future.exception()


class SourceCache:
    """Bounded TTL caches per (system, entity) with single flight for concurrent misses and stale-if-error."""

    def __init__(
        self,
        config: CacheConfig,
        *,
        timer: Callable[[], float] = time.monotonic,
        observer: SourceObserver | None = None,
    ) -> None:
        self._config = config
        self._timer = timer
        self.observer = guarded(observer)
        self._caches: dict[tuple[SourceSystem, str], TTLCache[_Key, _Stored]] = {}
        self._inflight: dict[_Key, asyncio.Future[Any]] = {}
        self._system_ttl = {
            SourceSystem.CRM: config.crm_ttl_s,
            SourceSystem.ERP: config.erp_ttl_s,
            SourceSystem.BILLING: config.billing_ttl_s,
            SourceSystem.SUPPORT: config.support_ttl_s,
        }

    def ttl(self, system: SourceSystem, entity: str) -> float:
        """How long answers of this (system, entity) are fresh."""
        if entity in XREF_ENTITIES or entity.startswith("xref:"):
            return self._config.xref_ttl_s
        if entity == SLA_POLICIES:
            return self._config.sla_policies_ttl_s
        return self._system_ttl[system]

    def _cache(self, system: SourceSystem, entity: str) -> TTLCache[_Key, _Stored]:
        cache = self._caches.get((system, entity))
        if cache is None:
            # Kept past the TTL for stale-if-error; freshness is decided per read from `stored_at`.
            keep = self.ttl(system, entity) + self._config.max_stale_s
            cache = TTLCache(maxsize=self._config.maxsize, ttl=keep, timer=self._timer)
            self._caches[(system, entity)] = cache
        return cache

    def peek(self, system: SourceSystem, entity: str, key: Hashable) -> tuple[Any, float] | None:
        """A fresh cached answer for one key and its age in seconds, without waiting (None: not cached,
        expired or the cache is off; the caller then loads it through `lookup`). Counted as a hit."""
        if not self._config.enabled:
            return None
        cache = self._caches.get((system, entity))
        stored = None if cache is None else cache.get((system.value, entity, key))
        if stored is None:
            return None
        age = self._timer() - stored.stored_at
        if age >= self.ttl(system, entity):
            return None
        self._count(system, entity, "hit", 1)
        return stored.value, age

    async def get_many(
        self, system: SourceSystem, entity: str, keys: Iterable[K], fetch: Fetch[K, V]
    ) -> tuple[dict[K, V | None], set[K]]:
        """Values for `keys` (None when not found) and the set of keys served fresh from the cache.

        Misses not already being fetched are passed to one `fetch` call; keys another task is fetching are
        awaited. An error from `fetch` propagates to this call (unless every failed key had a stale value to
        serve) and to every task waiting on its keys.
        """
        found = await self.lookup(system, entity, keys, fetch)
        if found.failed:
            raise next(iter(found.failed.values()))
        return found.values, set(found.cached)

    async def lookup(
        self, system: SourceSystem, entity: str, keys: Iterable[K], fetch: Fetch[K, V]
    ) -> Lookup[K, V]:
        """Like `get_many`, but a failed fetch is reported per key, with stale values served where kept."""
        reservation: Reservation[K, V] = self.reserve(system, entity, keys)
        return await reservation.settle(fetch)

    def reserve(self, system: SourceSystem, entity: str, keys: Iterable[K]) -> Reservation[K, V]:
        """The first half of `lookup`, at once: fresh keys answered, keys another task is fetching to be
        awaited, and the others (`misses`) claimed for this caller to fetch, so that the misses of several
        entities can go out in one upstream call. The caller must then `settle` it (or `abandon` it on
        an error before it could), else the keys it claimed stay claimed."""
        cache = self._cache(system, entity) if self._config.enabled else None
        reservation: Reservation[K, V] = Reservation(self, system, entity, cache)
        now = self._timer()
        ttl = self.ttl(system, entity)
        loop = asyncio.get_running_loop()
        found = reservation.found
        for key in dict.fromkeys(keys):
            full = (system.value, entity, key)
            stored = cache.get(full) if cache is not None else None
            if stored is not None and now - stored.stored_at < ttl:
                found.values[key] = stored.value
                found.cached[key] = now - stored.stored_at
                continue
            if stored is not None:
                reservation.expired[key] = stored
            if full in self._inflight:
                reservation.waiting[key] = self._inflight[full]
            else:
                self._inflight[full] = loop.create_future()
                reservation.misses.append(key)
        self._count(system, entity, "hit", len(found.cached))
        self._count(system, entity, "miss", len(reservation.misses) + len(reservation.waiting))
        return reservation

    def _serve_stale(self, found: Lookup[K, V], expired: dict[K, _Stored]) -> None:
        now = self._timer()
        for key, error in list(found.failed.items()):
            stored = expired.get(key)
            if stored is not None and isinstance(error, STALE_IF):
                del found.failed[key]
                found.values[key] = stored.value
                found.stale[key] = now - stored.stored_at

    def _count(self, system: SourceSystem, entity: str, event: CacheEvent, count: int) -> None:
        if count:
            self.observer.cache(system, entity, event, count)

    async def _fetch(
        self,
        system: SourceSystem,
        entity: str,
        misses: list[K],
        fetch: Fetch[K, V],
        cache: TTLCache[_Key, _Stored] | None,
        values: dict[K, V | None],
    ) -> None:
        futures = {key: self._inflight[(system.value, entity, key)] for key in misses}
        try:
            fetched = await fetch(list(misses))
        except BaseException as exc:
            _fail(futures.values(), system, exc)
            raise
        finally:
            for key in misses:
                self._inflight.pop((system.value, entity, key), None)
        stored_at = self._timer()
        for key, future in futures.items():
            value = fetched.get(key)
            values[key] = value
            full = (system.value, entity, key)
            if cache is not None and value is not None:
                cache[full] = _Stored(value, stored_at)
            elif cache is not None:
                cache.pop(full, None)  # gone upstream: no stale copy of it either
            if not future.done():
                future.set_result(value)

    def invalidate(self, system: SourceSystem, entity: str, key: Hashable) -> None:
        """Forget one cached answer, stale copy included (after a write that changed it)."""
        cache = self._caches.get((system, entity))
        if cache is not None:
            cache.pop((system.value, entity, key), None)

    def clear(self) -> None:
        """Forget every cached answer."""
        for cache in self._caches.values():
            cache.clear()
