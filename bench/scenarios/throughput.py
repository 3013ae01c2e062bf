"""Scenario 3: throughput of one gateway worker in a closed loop, and the load generator's own ceiling."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Any

from bench.config import Scale
from bench.processes import HOST, Cores, free_ports, pin, start
from bench.queries import TYPENAME, body
from bench.scenarios.load import closed_loop


async def ceiling(scale: Scale, logs: Path, cores: Cores | None = None) -> dict[str, Any]:
    """What the load generator does against a trivial server (`bench.echo`, where the gateway runs): the
    most it can measure."""
    (port,) = free_ports(1)
    echo = start("echo", [sys.executable, "-m", "bench.echo", str(port)], logs / "echo.log")
    pin(echo.process.pid, None if cores is None else cores.gateway)
    try:
        for _ in range(200):
            try:
                _, writer = await asyncio.open_connection(HOST, port)
                writer.close()
                break
            except OSError:
                await asyncio.sleep(0.05)
        result = await closed_loop(
            "3 load generator ceiling",
            port=port,
            bodies=[body(TYPENAME)],
            concurrency=scale.concurrency,
            duration_s=scale.ceiling_s,
            warmup_s=scale.warmup_s / 2,
        )
    finally:
        echo.stop()
    return {"case": "load generator vs trivial server", **result}


async def run(
    case: str,
    query: str,
    variables: dict[str, Any] | list[dict[str, Any]] | None,
    *,
    port: int,
    pid: int,
    scale: Scale,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """One closed-loop run on the gateway: `concurrency` clients for `throughput_s` after a warm-up; a list
    of variables is a different request per body, which the clients take in turn (spread over the list)."""
    result = await closed_loop(
        f"3 {case}",
        port=port,
        bodies=[body(query, v) for v in variables]
        if isinstance(variables, list)
        else [body(query, variables)],
        concurrency=scale.concurrency,
        duration_s=scale.throughput_s,
        warmup_s=scale.warmup_s,
        watch_pid=pid,
        headers=headers,
    )
    return {"case": case, **result}
