"""Scenario 5: the gateway's resident memory before, during and after a long closed-loop load."""

from __future__ import annotations

import asyncio
from typing import Any

from bench.config import Scale
from bench.processes import rss_kib
from bench.queries import body
from bench.scenarios.load import closed_loop

#: Growth allowed between before and after (and at the peak during the load).
FLAT_WITHIN = 0.05


async def run(
    query: str,
    variables: dict[str, Any],
    *,
    port: int,
    pid: int,
    scale: Scale,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """RSS (KiB) before, sampled during (about once a second) and after the load; flat within 5%."""
    before = rss_kib(pid)
    during: list[int] = []
    result = await closed_loop(
        f"5 memory under {scale.memory_s:.0f} s load",
        port=port,
        bodies=[body(query, variables)],
        concurrency=scale.concurrency,
        duration_s=scale.memory_s,
        warmup_s=0.0,
        watch_pid=pid,
        headers=headers,
        on_tick=lambda: during.append(rss_kib(pid)),
    )
    await asyncio.sleep(scale.memory_settle_s)
    after = rss_kib(pid)
    peak = max(during, default=after)
    growth = (after - before) / before
    peak_growth = (peak - before) / before
    return {
        "duration_s": scale.memory_s,
        "requests": result["requests"],
        "errors": result["errors"],
        "rps": result["rps"],
        "rss_before_kib": before,
        "rss_during_min_kib": min(during, default=after),
        "rss_during_max_kib": peak,
        "rss_after_kib": after,
        "growth_pct": round(100 * growth, 2),
        "peak_growth_pct": round(100 * peak_growth, 2),
        "flat": abs(growth) <= FLAT_WITHIN and peak_growth <= FLAT_WITHIN,
        "samples_kib": during,
    }
