"""The cyclic garbage collector as `tessera serve` runs it: startup's objects frozen, fewer young collections.

Measured under the benchmark's load (bench/README.md): with CPython's defaults a full collection ran 2-3
times a second and scanned the whole heap (the ~100,000 objects of the imported modules and the schema, and
more), up to 75 ms each: with the younger collections, a fifth of the worker's CPU. Freezing what startup
built takes those objects out of every later collection; the thresholds make young collections rarer (each
request frees its own objects by reference counting, see resolvers/execution.py, so little garbage waits
for them) and full ones rarer still.
"""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

from starlette.applications import Starlette

#: Allocations (net) between young collections; CPython's default is 700.
GEN0_THRESHOLD = 5_000
#: Young collections between middle-generation ones (default 10).
GEN1_THRESHOLD = 20
#: Middle-generation collections before a full one is considered (default 10).
GEN2_THRESHOLD = 100


def tune_for_serving() -> None:
    """Collect once, freeze every object alive now, and raise the collection thresholds."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(GEN0_THRESHOLD, GEN1_THRESHOLD, GEN2_THRESHOLD)


def tuned_after_startup(app: Starlette, tune: Callable[[], None] = tune_for_serving) -> Starlette:
    """`app` whose lifespan calls `tune` once its startup is complete (the runtime and schema built)."""
    startup: Callable[[Any], AbstractAsyncContextManager[Any]] = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(target: Any) -> AsyncIterator[Any]:
        async with startup(target) as state:
            tune()
            yield state

    app.router.lifespan_context = lifespan
    return app
