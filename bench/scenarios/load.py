"""Running the load generator in its own process, with a progress bar and the gateway's CPU use alongside."""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from tqdm import tqdm

from bench.processes import HOST, ROOT

_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used, from /proc/<pid>/stat."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / _TICKS


async def closed_loop(
    desc: str,
    *,
    port: int,
    bodies: Sequence[bytes],
    concurrency: int,
    duration_s: float,
    warmup_s: float,
    watch_pid: int | None = None,
    headers: dict[str, str] | None = None,
    on_tick: Callable[[], None] | None = None,
) -> dict[str, Any]:
    """Run `python -m bench.loadgen` against `port` and return its result (plus the watched CPU use)."""
    spec = {
        "host": HOST,
        "port": port,
        "path": "/graphql",
        "headers": headers or {},
        "bodies": [b.decode() for b in bodies],
        "concurrency": concurrency,
        "duration_s": duration_s,
        "warmup_s": warmup_s,
    }
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bench.loadgen",
        cwd=ROOT,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(json.dumps(spec).encode())
    process.stdin.close()
    reader = asyncio.ensure_future(process.stdout.read())
    total = warmup_s + duration_s
    started = time.monotonic()
    cpu_from: float | None = None
    measured_from = 0.0
    try:
        with tqdm(
            total=round(total, 1),
            desc=desc,
            unit="s",
            leave=False,
            bar_format="{l_bar}{bar}| {n:.0f}/{total:.0f} s",
        ) as bar:
            while not reader.done():
                await asyncio.wait([reader], timeout=0.5)
                now = time.monotonic() - started
                if watch_pid is not None and cpu_from is None and now >= warmup_s:
                    cpu_from, measured_from = cpu_seconds(watch_pid), time.monotonic()
                if on_tick is not None:
                    on_tick()
                bar.n = min(round(now, 1), round(total, 1))
                bar.refresh()
        output = await reader
    except BaseException:
        if process.returncode is None:
            process.kill()
        raise
    if await process.wait() != 0:
        raise RuntimeError(f"the load generator failed ({process.returncode})")
    result: dict[str, Any] = json.loads(output)
    if watch_pid is not None and cpu_from is not None:
        busy = cpu_seconds(watch_pid) - cpu_from
        result["gateway_cpu_pct"] = round(100 * busy / max(time.monotonic() - measured_from, 1e-9), 1)
    return result
