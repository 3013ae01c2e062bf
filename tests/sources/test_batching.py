from __future__ import annotations

import pytest

from domain.ids import InvalidId
from domain.systems import SourceSystem
from sources.batching import Live, cached_batch, chunked_batches
from sources.cache import SourceCache
from sources.config import CacheConfig
from sources.errors import SourceTimeout
from sources.results import Fetched
from tests.sources.fakes import RecordingObserver

SUPPORT = SourceSystem.SUPPORT


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


async def test_batches_say_where_each_answer_came_from_and_how_old_it_is() -> None:
    clock = Clock()
    observer = RecordingObserver()
    cache = SourceCache(CacheConfig(support_ttl_s=30, max_stale_s=300), timer=clock, observer=observer)
    healthy = True

    async def fetch(keys: list[str]) -> Live[str, str]:
        if not healthy:
            raise SourceTimeout(SUPPORT, "support did not answer within 2s")
        return Live(values={k: k.upper() for k in keys}, latency_ms={k: 5.0 for k in keys})

    live = await cached_batch(cache, SUPPORT, "cases", ["a"], fetch)
    assert live == {"a": Fetched("A", "live", 5.0)}
    clock.now = 10
    hit = await cached_batch(cache, SUPPORT, "cases", ["a"], fetch)
    assert hit == {"a": Fetched("A", "cache", 0.0, age_s=10)}
    clock.now = 100
    healthy = False
    answers = await cached_batch(cache, SUPPORT, "cases", ["a", "b"], fetch)
    assert answers["a"] == Fetched("A", "stale", 0.0, age_s=100)
    assert isinstance(answers["b"], SourceTimeout)
    assert observer.batches == [(SUPPORT, "cases", 1), (SUPPORT, "cases", 1), (SUPPORT, "cases", 2)]


CRM = SourceSystem.CRM


def upper_id(key: str) -> str:
    if not key.startswith("id"):
        raise InvalidId(CRM, key, "not an id")
    return key.upper()


class PartsUpstream:
    """One call answers every part asked for its chunk of ids: `part:ID` for each id."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], frozenset[str]]] = []
        self.failure: BaseException | None = None

    async def fetch(self, chunk: list[str], parts: frozenset[str]) -> tuple[dict[str, dict[str, str]], float]:
        self.calls.append((chunk, parts))
        if self.failure is not None:
            raise self.failure
        return {part: {cid: f"{part}:{cid}" for cid in chunk} for part in parts}, 7.0


async def test_the_misses_of_several_entities_go_out_in_one_call_per_chunk() -> None:
    cache = SourceCache(CacheConfig())
    upstream = PartsUpstream()
    keys = ["id1", "id2", "id3"]

    answers = await chunked_batches(
        cache, CRM, {"accounts": keys, "contracts": keys}, upper_id, 2, upstream.fetch
    )

    assert upstream.calls == [
        (["ID1", "ID2"], frozenset({"accounts", "contracts"})),
        (["ID3"], frozenset({"accounts", "contracts"})),
    ]
    assert answers["accounts"]["id3"] == Fetched("accounts:ID3", "live", 7.0)
    assert answers["contracts"]["id1"] == Fetched("contracts:ID1", "live", 7.0)


async def test_a_chunk_asks_only_for_the_entities_its_ids_miss() -> None:
    cache = SourceCache(CacheConfig())
    upstream = PartsUpstream()
    await chunked_batches(cache, CRM, {"accounts": ["id1"]}, upper_id, 200, upstream.fetch)
    upstream.calls.clear()

    answers = await chunked_batches(
        cache, CRM, {"accounts": ["id1", "id2"], "contracts": ["id1"]}, upper_id, 200, upstream.fetch
    )

    assert upstream.calls == [(["ID1", "ID2"], frozenset({"accounts", "contracts"}))]
    answer = answers["accounts"]["id1"]
    assert isinstance(answer, Fetched) and answer.origin == "cache"
    assert answers["contracts"]["id1"] == Fetched("contracts:ID1", "live", 7.0)

    upstream.calls.clear()
    again = await chunked_batches(
        cache, CRM, {"accounts": ["id2"], "contracts": ["id1", "id3"]}, upper_id, 200, upstream.fetch
    )
    assert upstream.calls == [(["ID3"], frozenset({"contracts"}))]
    assert again["contracts"]["id3"] == Fetched("contracts:ID3", "live", 7.0)


async def test_a_key_that_is_no_id_is_answered_none_without_a_call() -> None:
    upstream = PartsUpstream()

    answers = await chunked_batches(
        SourceCache(CacheConfig()), CRM, {"accounts": ["bad"]}, upper_id, 200, upstream.fetch
    )

    assert upstream.calls == []
    answer = answers["accounts"]["bad"]
    assert isinstance(answer, Fetched) and answer.value is None


async def test_a_failed_shared_call_fails_every_entity_and_serves_stale_where_kept() -> None:
    clock = Clock()
    cache = SourceCache(CacheConfig(crm_ttl_s=30, xref_ttl_s=30, max_stale_s=300), timer=clock)
    upstream = PartsUpstream()
    await chunked_batches(cache, CRM, {"accounts": ["id1"]}, upper_id, 200, upstream.fetch)
    clock.now = 60
    upstream.failure = SourceTimeout(CRM, "the CRM did not answer within 2s")

    answers = await chunked_batches(
        cache, CRM, {"accounts": ["id1"], "contracts": ["id1"]}, upper_id, 200, upstream.fetch
    )

    assert len(upstream.calls) == 2  # the seed, then one shared call for both entities
    assert answers["accounts"]["id1"] == Fetched("accounts:ID1", "stale", 0.0, age_s=60)
    assert answers["contracts"]["id1"] is upstream.failure


async def test_a_shared_call_that_dies_releases_every_claimed_key() -> None:
    cache = SourceCache(CacheConfig())
    upstream = PartsUpstream()
    upstream.failure = RuntimeError("a bug")

    with pytest.raises(RuntimeError):
        await chunked_batches(
            cache, CRM, {"accounts": ["id1"], "contracts": ["id1"]}, upper_id, 200, upstream.fetch
        )

    # Nothing is left claimed: the next read of either entity fetches again, and is answered.
    upstream.failure = None
    answers = await chunked_batches(
        cache, CRM, {"contracts": ["id1"], "accounts": ["id1"]}, upper_id, 200, upstream.fetch
    )
    assert answers["contracts"]["id1"] == Fetched("contracts:ID1", "live", 7.0)
    assert answers["accounts"]["id1"] == Fetched("accounts:ID1", "live", 7.0)
