"""The process-wide cache of source answers: one bounded TTL cache per (system, entity), with single flight.

Entries are plain values (never coroutines or futures) keyed by (system, entity, id). Concurrent misses of
one key share one fetch: the first task fetches, later tasks await its result. Errors are never stored;
they reach every task that waited for that fetch. "Not found" (None) is not stored either, so an object
created upstream shows up on the next read.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Hashable, Iterable, Mapping
from typing import Any, TypeVar

from cachetools import TTLCache

from domain.systems import SourceSystem
from sources.config import CacheConfig
from sources.errors import SourceUnavailable

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

Fetch = Callable[[list[K]], Awaitable[Mapping[K, V | None]]]

#: Entities whose TTL is not their system's: the cross-reference (also `xref:<system>`) and SLA policies.
XREF_ENTITIES = frozenset({"accounts", "xref"})
SLA_POLICIES = "sla_policies"


class SourceCache:
    """Bounded TTL caches per (system, entity) with single flight for concurrent misses."""

    def __init__(self, config: CacheConfig, *, timer: Callable[[], float] = time.monotonic) -> None:
        self._config = config
        self._timer = timer
        self._caches: dict[tuple[SourceSystem, str], TTLCache[tuple[str, str, Hashable], Any]] = {}
        self._inflight: dict[tuple[str, str, Hashable], asyncio.Future[Any]] = {}

    def ttl(self, system: SourceSystem, entity: str) -> float:
        """How long answers of this (system, entity) are kept."""
        c = self._config
        if entity in XREF_ENTITIES or entity.startswith("xref:"):
            return c.xref_ttl_s
        if entity == SLA_POLICIES:
            return c.sla_policies_ttl_s
        return {
            SourceSystem.CRM: c.crm_ttl_s,
            SourceSystem.ERP: c.erp_ttl_s,
            SourceSystem.BILLING: c.billing_ttl_s,
            SourceSystem.SUPPORT: c.support_ttl_s,
        }[system]

    def _cache(self, system: SourceSystem, entity: str) -> TTLCache[tuple[str, str, Hashable], Any]:
        cache = self._caches.get((system, entity))
        if cache is None:
            cache = TTLCache(maxsize=self._config.maxsize, ttl=self.ttl(system, entity), timer=self._timer)
            self._caches[(system, entity)] = cache
        return cache

    async def get_many(
        self, system: SourceSystem, entity: str, keys: Iterable[K], fetch: Fetch[K, V]
    ) -> tuple[dict[K, V | None], set[K]]:
        """Values for `keys` (None when not found) and the set of keys served from the cache.

        Misses not already being fetched are passed to one `fetch` call; keys another task is fetching are
        awaited. An error from `fetch` propagates to this call and to every task waiting on its keys.
        """
        cache = self._cache(system, entity) if self._config.enabled else None
        values: dict[K, V | None] = {}
        cached: set[K] = set()
        waiting: dict[K, asyncio.Future[Any]] = {}
        misses: list[K] = []
        loop = asyncio.get_running_loop()
        for key in dict.fromkeys(keys):
            full = (system.value, entity, key)
            if cache is not None and full in cache:
                values[key] = cache[full]
                cached.add(key)
            elif full in self._inflight:
                waiting[key] = self._inflight[full]
            else:
                self._inflight[full] = loop.create_future()
                misses.append(key)
        if misses:
            await self._fetch(system, entity, misses, fetch, cache, values)
        for key, future in waiting.items():
            values[key] = await asyncio.shield(future)
        return values, cached

    async def _fetch(
        self,
        system: SourceSystem,
        entity: str,
        misses: list[K],
        fetch: Fetch[K, V],
        cache: TTLCache[tuple[str, str, Hashable], Any] | None,
        values: dict[K, V | None],
    ) -> None:
        futures = {key: self._inflight[(system.value, entity, key)] for key in misses}
        try:
            fetched = await fetch(list(misses))
        except BaseException as exc:
            shared = exc
            if isinstance(exc, asyncio.CancelledError):
                # The fetching task was cancelled; the tasks waiting on it were not.
                shared = SourceUnavailable(system, "the shared upstream call was cancelled")
            for future in futures.values():
                if not future.done():
                    future.set_exception(shared)
                    # Retrieved here so a future nobody waits on does not log "exception never retrieved".
                    future.exception()
            raise
        finally:
            for key in misses:
                self._inflight.pop((system.value, entity, key), None)
        for key, future in futures.items():
            value = fetched.get(key)
            values[key] = value
            if cache is not None and value is not None:
                cache[(system.value, entity, key)] = value
            if not future.done():
                future.set_result(value)

    def invalidate(self, system: SourceSystem, entity: str, key: Hashable) -> None:
        """Forget one cached answer (after a write that changed it)."""
        cache = self._caches.get((system, entity))
        if cache is not None:
            cache.pop((system.value, entity, key), None)

    def clear(self) -> None:
        """Forget every cached answer."""
        for cache in self._caches.values():
            cache.clear()
