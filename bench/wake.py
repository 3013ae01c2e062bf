"""`python -m bench.wake`: what the same work costs this machine's CPU after the process slept.

The latency scenarios send one request at a time, so the gateway sleeps while the vendors answer (L) and
then works. This measures that effect on its own, with no gateway, no network and no other process: a
fixed piece of pure-Python work (decoding a JSON document, sorting), run repeatedly, with a sleep of
0, 1, 5, 20 and 50 ms before each run, and the CPU time of each run (`time.process_time`). On a machine
whose CPU stays fast, every row costs the same; where it does not (frequency scaling, idle states, a
virtual CPU descheduled, caches refilled), the rows after a sleep cost more.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path
from typing import Any

from bench.processes import Cores, pin
from bench.stats import percentile

#: The sleeps before each run, in ms: a loop with none, then the idle gaps of the latency scenarios.
GAPS_MS = (0, 1, 5, 20, 50)

_DOCUMENT = json.dumps(
    [
        {"id": index, "name": f"customer {index}", "values": [index, index * 2, {"key": str(index)}]}
        for index in range(60)
    ]
)


def work() -> None:
    """About half a millisecond of the kind of work a gateway does with an answer: decode, reorder."""
    for _ in range(6):
        json.loads(_DOCUMENT)
        sorted(range(500), key=lambda value: -value)


def cost_ms(gap_ms: float, runs: int) -> tuple[float, float]:
    """The p50 and p95 CPU time of `work()`, in ms, with a sleep of `gap_ms` before each run."""
    costs: list[float] = []
    for _ in range(runs):
        if gap_ms:
            time.sleep(gap_ms / 1000)
        started = time.process_time()
        work()
        costs.append((time.process_time() - started) * 1000)
    return percentile(costs, 50), percentile(costs, 95)


def measure(runs: int) -> list[dict[str, float]]:
    """Per gap: the sleep, the p50 and p95 CPU time of the work, and each against the p50 of the loop
    without a sleep."""
    for _ in range(runs):  # warm up the interpreter's caches once
        work()
    base = cost_ms(0, runs)
    rows = []
    for gap in GAPS_MS:
        p50, p95 = base if gap == 0 else cost_ms(gap, runs)
        rows.append(
            {
                "sleep_ms": gap,
                "cpu_ms": round(p50, 4),
                "cpu_p95_ms": round(p95, 4),
                "ratio": round(p50 / base[0], 3),
                "ratio_p95": round(p95 / base[0], 3),
            }
        )
    return rows


def table(rows: list[dict[str, Any]]) -> list[str]:
    """The rows as a Markdown table."""
    return [
        "| sleep before each run | CPU per run, p50 | p95 | p50 / no sleep's p50 | p95 / no sleep's p50 |",
        "|---:|---:|---:|---:|---:|",
        *(
            f"| {r['sleep_ms']} ms | {r['cpu_ms']:.3f} ms | {r['cpu_p95_ms']:.3f} ms | {r['ratio']:.2f} "
            f"| {r['ratio_p95']:.2f} |"
            for r in rows
        ),
    ]


async def run(runs: int, cores: Cores | None, log: Path) -> list[dict[str, Any]]:
    """`measure` in its own process, on the gateway's CPU (the process starts pinned before it warms up)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as errors:
        process = await asyncio.create_subprocess_exec(
            *(sys.executable, "-m", "bench.wake", "--json", "--runs", str(runs)),
            stdout=asyncio.subprocess.PIPE,
            stderr=errors,
        )
        pin(process.pid, None if cores is None else cores.gateway)
        out, _ = await process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"bench.wake exited with {process.returncode}: see {log}")
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def main() -> None:
    """Print the table (or, with `--json`, the rows)."""
    parser = argparse.ArgumentParser(prog="python -m bench.wake", description=__doc__)
    parser.add_argument("--runs", type=int, default=300, help="runs per gap [300]")
    parser.add_argument("--json", action="store_true", help="print the rows as JSON")
    args = parser.parse_args()
    rows = measure(args.runs)
    print(json.dumps(rows) if args.json else "\n".join(table(rows)))


if __name__ == "__main__":
    main()
