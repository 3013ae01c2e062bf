"""Scenario 4: the cost of GraphQL execution itself, in process, with every upstream answer cached.

The profile document is executed through `schema.execute` on the gateway's own runtime (the same schema,
sources and cache as `tessera serve`), after one execution has filled the cache; the sandbox journal
proves that the timed executions made no upstream call. No HTTP, no JSON encoding of the answer.
"""

from __future__ import annotations

import time
from typing import Any

from tqdm import tqdm

from app.runtime import open_runtime
from app.settings import Settings
from bench.queries import PROFILE, count_fields
from bench.stats import percentile
from bench.upstream import ControlPlane
from resolvers.auth import Principal, Scope
from resolvers.context import build_context
from sources.context import CallContext


async def run(settings: Settings, control: ControlPlane, customer_id: str, iterations: int) -> dict[str, Any]:
    """Milliseconds per execution and microseconds per resolved field of the one-customer profile."""
    variables = {"id": customer_id}
    reader = Principal(name="bench", scopes=frozenset({Scope.PROFILE_READ}))
    async with open_runtime(settings) as runtime:

        async def execute(n: int) -> Any:
            context = build_context(
                sources=runtime.sources, call=CallContext(request_id=f"bench-{n}"), principal=reader
            )
            result = await runtime.schema.execute(PROFILE, variable_values=variables, context_value=context)
            if result.errors:
                raise RuntimeError(f"the profile answered errors: {result.errors}")
            return result.data

        fields = count_fields(await execute(0))  # fills the cache (and the parse and validation caches)
        await execute(1)
        await control.clear_journals()
        samples: list[float] = []
        for n in tqdm(range(iterations), desc="4 execution in process", unit="req", leave=False):
            started = time.perf_counter()
            await execute(n + 2)
            samples.append(time.perf_counter() - started)
        upstream = await control.calls()
    mean_ms = 1000 * sum(samples) / len(samples)
    return {
        "iterations": len(samples),
        "resolved_fields": fields,
        "mean_ms": round(mean_ms, 3),
        "p50_ms": round(1000 * percentile(samples, 50), 3),
        "p99_ms": round(1000 * percentile(samples, 99), 3),
        "us_per_field": round(1000 * mean_ms / fields, 2),
        "upstream_calls_during": sum(upstream.values()),
    }
