from __future__ import annotations

import asyncio

import pytest

from domain.systems import SourceSystem
from sources.cache import SourceCache
from sources.config import CacheConfig
from sources.errors import SourceUnavailable

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
    stored = [v for c in cache._caches.values() for v in c.values()]
    assert stored == ["A"]
    assert not cache._inflight
