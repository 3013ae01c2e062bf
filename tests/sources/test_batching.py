from __future__ import annotations

from domain.systems import SourceSystem
from sources.batching import Live, cached_batch
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
