from __future__ import annotations

import asyncio

import pytest

from domain.systems import SourceSystem
from sources.cache import SourceCache
from sources.config import CacheConfig
from sources.errors import (
    SourceAuthFailed,
    SourceCircuitOpen,
    SourceNotFound,
    SourceTimeout,
    SourceUnavailable,
)
from tests.sources.fakes import RecordingObserver

CRM = SourceSystem.CRM


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


class CountingFetch:
    def __init__(self, values: dict[str, str], *, gate: asyncio.Event | None = None) -> None:
        self.values = values
        self.calls: list[list[str]] = []
        self.gate = gate

    async def __call__(self, keys: list[str]) -> dict[str, str | None]:
        self.calls.append(keys)
        if self.gate is not None:
            await self.gate.wait()
        return {k: self.values[k] for k in keys if k in self.values}


async def test_second_read_is_a_hit() -> None:
    cache = SourceCache(CacheConfig())
    fetch = CountingFetch({"a": "A", "b": "B"})
    values, cached = await cache.get_many(CRM, "accounts", ["a", "b"], fetch)
    assert values == {"a": "A", "b": "B"} and cached == set()
    values, cached = await cache.get_many(CRM, "accounts", ["a", "b", "c"], fetch)
    assert values == {"a": "A", "b": "B", "c": None}
    assert cached == {"a", "b"}
    assert fetch.calls == [["a", "b"], ["c"]]


async def test_not_found_is_not_cached() -> None:
    cache = SourceCache(CacheConfig())
    fetch = CountingFetch({})
    await cache.get_many(CRM, "accounts", ["x"], fetch)
    await cache.get_many(CRM, "accounts", ["x"], fetch)
    assert fetch.calls == [["x"], ["x"]]


async def test_entries_expire_after_their_ttl() -> None:
    clock = FakeClock()
    cache = SourceCache(CacheConfig(crm_ttl_s=300, xref_ttl_s=3600), timer=clock)
    fetch = CountingFetch({"a": "A"})
    await cache.get_many(CRM, "contracts", ["a"], fetch)
    await cache.get_many(CRM, "accounts", ["a"], fetch)
    clock.now = 301
    _, cached_contracts = await cache.get_many(CRM, "contracts", ["a"], fetch)
    _, cached_accounts = await cache.get_many(CRM, "accounts", ["a"], fetch)
    assert cached_contracts == set()  # crm_ttl_s passed
    assert cached_accounts == {"a"}  # the cross-reference lives longest
    assert len(fetch.calls) == 3


def test_ttls_per_entity() -> None:
    cache = SourceCache(CacheConfig())
    assert cache.ttl(CRM, "accounts") == 3600
    assert cache.ttl(CRM, "xref:erp") == 3600
    assert cache.ttl(CRM, "contracts") == 300
    assert cache.ttl(SourceSystem.ERP, "legal_entities") == 120
    assert cache.ttl(SourceSystem.BILLING, "invoices") == 60
    assert cache.ttl(SourceSystem.SUPPORT, "cases") == 30
    assert cache.ttl(SourceSystem.SUPPORT, "sla_policies") == 600


async def test_keys_name_system_and_entity() -> None:
    cache = SourceCache(CacheConfig())
    await cache.get_many(CRM, "accounts", ["1"], CountingFetch({"1": "account"}))
    values, cached = await cache.get_many(SourceSystem.ERP, "accounts", ["1"], CountingFetch({"1": "legal"}))
    assert values == {"1": "legal"} and cached == set()


async def test_concurrent_misses_of_one_key_fetch_once() -> None:
    cache = SourceCache(CacheConfig())
    gate = asyncio.Event()
    fetch = CountingFetch({"a": "A", "b": "B"}, gate=gate)
    first = asyncio.create_task(cache.get_many(CRM, "accounts", ["a"], fetch))
    second = asyncio.create_task(cache.get_many(CRM, "accounts", ["a", "b"], fetch))
    await asyncio.sleep(0)
    gate.set()
    (v1, c1), (v2, c2) = await asyncio.gather(first, second)
    assert v1 == {"a": "A"} and v2 == {"a": "A", "b": "B"}
    assert fetch.calls == [["a"], ["b"]]  # "a" fetched once; the second call only fetched "b"
    assert c1 == c2 == set()


async def test_disabled_cache_stores_nothing_but_still_single_flights() -> None:
    cache = SourceCache(CacheConfig(enabled=False))
    gate = asyncio.Event()
    fetch = CountingFetch({"a": "A"}, gate=gate)
    tasks = [asyncio.create_task(cache.get_many(CRM, "accounts", ["a"], fetch)) for _ in range(3)]
    await asyncio.sleep(0)
    gate.set()
    results = await asyncio.gather(*tasks)
    assert all(values == {"a": "A"} for values, _ in results)
    assert fetch.calls == [["a"]]
    await cache.get_many(CRM, "accounts", ["a"], fetch)
    assert len(fetch.calls) == 2


async def test_errors_reach_every_waiter_and_are_not_cached() -> None:
    cache = SourceCache(CacheConfig())
    gate = asyncio.Event()
    calls = 0

    async def failing(keys: list[str]) -> dict[str, str | None]:
        nonlocal calls
        calls += 1
        await gate.wait()
        raise SourceUnavailable(CRM, "crm answered HTTP 503")

    first = asyncio.create_task(cache.get_many(CRM, "accounts", ["a"], failing))
    second = asyncio.create_task(cache.get_many(CRM, "accounts", ["a"], failing))
    await asyncio.sleep(0)
    gate.set()
    results = await asyncio.gather(first, second, return_exceptions=True)
    assert all(isinstance(r, SourceUnavailable) for r in results)
    assert calls == 1
    values, cached = await cache.get_many(CRM, "accounts", ["a"], CountingFetch({"a": "A"}))
    assert values == {"a": "A"} and cached == set()


async def test_a_cancelled_fetch_fails_its_waiters_without_cancelling_them() -> None:
    cache = SourceCache(CacheConfig())
    gate = asyncio.Event()
    first = asyncio.create_task(cache.get_many(CRM, "accounts", ["a"], CountingFetch({"a": "A"}, gate=gate)))
    await asyncio.sleep(0)
    second = asyncio.create_task(cache.get_many(CRM, "accounts", ["a"], CountingFetch({"a": "A"})))
    await asyncio.sleep(0)
    first.cancel()
    with pytest.raises(SourceUnavailable):
        await second
    assert first.cancelled()


async def test_invalidate_and_clear() -> None:
    cache = SourceCache(CacheConfig())
    fetch = CountingFetch({"a": "A", "b": "B"})
    await cache.get_many(CRM, "accounts", ["a", "b"], fetch)
    cache.invalidate(CRM, "accounts", "a")
    _, cached = await cache.get_many(CRM, "accounts", ["a", "b"], fetch)
    assert cached == {"b"}
    cache.clear()
    _, cached = await cache.get_many(CRM, "accounts", ["a", "b"], fetch)
    assert cached == set()


async def test_cache_holds_plain_values_only() -> None:
    cache = SourceCache(CacheConfig())
    await cache.get_many(CRM, "accounts", ["a"], CountingFetch({"a": "A"}))
    stored = [v.value for c in cache._caches.values() for v in c.values()]
    assert stored == ["A"]
    assert not cache._inflight


# --- stale-if-error -------------------------------------------------------------------------------------


def _failing(error: Exception):
    async def fetch(keys: list[str]) -> dict[str, str | None]:
        raise error

    return fetch


async def test_an_expired_value_is_served_stale_when_the_live_fetch_fails() -> None:
    clock = FakeClock()
    cache = SourceCache(CacheConfig(crm_ttl_s=300, max_stale_s=600), timer=clock)
    await cache.get_many(CRM, "contracts", ["a"], CountingFetch({"a": "A"}))
    clock.now = 450
    found = await cache.lookup(CRM, "contracts", ["a", "b"], _failing(SourceUnavailable(CRM, "down")))
    assert found.values == {"a": "A"} and found.stale == {"a": 450}
    assert isinstance(found.failed["b"], SourceUnavailable)  # nothing kept for "b"
    # A live answer replaces the stale copy.
    found = await cache.lookup(CRM, "contracts", ["a"], CountingFetch({"a": "A2"}))
    assert found.values == {"a": "A2"} and not found.stale and not found.cached


async def test_nothing_older_than_max_stale_is_served() -> None:
    clock = FakeClock()
    cache = SourceCache(CacheConfig(crm_ttl_s=300, max_stale_s=600), timer=clock)
    await cache.get_many(CRM, "contracts", ["a"], CountingFetch({"a": "A"}))
    clock.now = 901
    found = await cache.lookup(CRM, "contracts", ["a"], _failing(SourceTimeout(CRM, "slow")))
    assert not found.stale and isinstance(found.failed["a"], SourceTimeout)


@pytest.mark.parametrize(
    "error",
    [SourceAuthFailed(CRM, "refused"), SourceNotFound(CRM, "gone")],
    ids=["auth", "not found"],
)
async def test_stale_is_not_served_for_errors_a_retry_would_not_fix(error) -> None:
    clock = FakeClock()
    cache = SourceCache(CacheConfig(crm_ttl_s=300), timer=clock)
    await cache.get_many(CRM, "contracts", ["a"], CountingFetch({"a": "A"}))
    clock.now = 400
    found = await cache.lookup(CRM, "contracts", ["a"], _failing(error))
    assert found.failed == {"a": error} and not found.stale


async def test_waiters_of_a_failed_fetch_are_served_stale_too() -> None:
    clock = FakeClock()
    cache = SourceCache(CacheConfig(crm_ttl_s=10), timer=clock)
    await cache.get_many(CRM, "contracts", ["a"], CountingFetch({"a": "A"}))
    clock.now = 20
    gate = asyncio.Event()

    async def slow_failure(keys: list[str]) -> dict[str, str | None]:
        await gate.wait()
        raise SourceCircuitOpen(CRM, "open")

    first = asyncio.create_task(cache.lookup(CRM, "contracts", ["a"], slow_failure))
    await asyncio.sleep(0)
    second = asyncio.create_task(cache.lookup(CRM, "contracts", ["a"], slow_failure))
    await asyncio.sleep(0)
    gate.set()
    for found in await asyncio.gather(first, second):
        assert found.values == {"a": "A"} and found.stale == {"a": 20}


async def test_invalidated_values_are_never_served_stale() -> None:
    clock = FakeClock()
    cache = SourceCache(CacheConfig(crm_ttl_s=10), timer=clock)
    await cache.get_many(CRM, "contracts", ["a"], CountingFetch({"a": "A"}))
    cache.invalidate(CRM, "contracts", "a")
    clock.now = 20
    found = await cache.lookup(CRM, "contracts", ["a"], _failing(SourceUnavailable(CRM, "down")))
    assert "a" in found.failed


async def test_max_stale_zero_turns_it_off() -> None:
    clock = FakeClock()
    cache = SourceCache(CacheConfig(crm_ttl_s=10, max_stale_s=0), timer=clock)
    await cache.get_many(CRM, "contracts", ["a"], CountingFetch({"a": "A"}))
    clock.now = 11
    found = await cache.lookup(CRM, "contracts", ["a"], _failing(SourceUnavailable(CRM, "down")))
    assert "a" in found.failed


async def test_cache_events_are_observed() -> None:
    clock = FakeClock()
    observer = RecordingObserver()
    cache = SourceCache(CacheConfig(crm_ttl_s=10), timer=clock, observer=observer)
    await cache.get_many(CRM, "contracts", ["a", "b"], CountingFetch({"a": "A", "b": "B"}))
    await cache.get_many(CRM, "contracts", ["a"], CountingFetch({}))
    clock.now = 11
    await cache.lookup(CRM, "contracts", ["a"], _failing(SourceUnavailable(CRM, "down")))
    assert observer.cache_events == [
        (CRM, "contracts", "miss", 2),
        (CRM, "contracts", "hit", 1),
        (CRM, "contracts", "miss", 1),
        (CRM, "contracts", "stale", 1),
    ]


async def test_peek_answers_a_fresh_value_at_once_and_nothing_else() -> None:
    clock = FakeClock()
    observer = RecordingObserver()
    cache = SourceCache(CacheConfig(crm_ttl_s=10, max_stale_s=60), timer=clock, observer=observer)
    assert cache.peek(CRM, "contracts", "a") is None  # never loaded
    await cache.get_many(CRM, "contracts", ["a"], CountingFetch({"a": "A"}))
    clock.now = 4

    assert cache.peek(CRM, "contracts", "a") == ("A", 4)
    assert cache.peek(CRM, "contracts", "b") is None
    assert cache.peek(CRM, "entitlements", "a") is None
    clock.now = 10
    assert cache.peek(CRM, "contracts", "a") is None  # expired: kept for stale-if-error, never peeked
    assert observer.cache_events == [(CRM, "contracts", "miss", 1), (CRM, "contracts", "hit", 1)]


async def test_peek_finds_nothing_when_the_cache_is_off() -> None:
    cache = SourceCache(CacheConfig(enabled=False))
    await cache.get_many(CRM, "contracts", ["a"], CountingFetch({"a": "A"}))

    assert cache.peek(CRM, "contracts", "a") is None
