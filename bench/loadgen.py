"""The closed-loop load generator, run in its own process: `python -m bench.loadgen < spec.json`.

The spec (JSON on stdin): host, port, path, headers, bodies (GraphQL POST bodies, sent round-robin),
concurrency, duration_s and warmup_s. Each client holds one keep-alive connection and sends its next
request as soon as the last one is answered. The result (JSON on stdout): requests, errors, req/s and
latency percentiles of the measured window (the warm-up is not counted). An error is a transport failure,
a status other than 200 or a GraphQL answer carrying `errors`.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from typing import Any

import uvloop

from bench.http1 import Connection, HttpError
from bench.stats import summary_ms


async def _client(
    index: int, spec: dict[str, Any], raws: list[bytes], start: float, measure_from: float, stop: float
) -> tuple[list[float], int, int]:
    conn = Connection(spec["host"], spec["port"], spec.get("headers"))
    latencies: list[float] = []
    errors = 0
    sent = 0
    clock = time.perf_counter
    # Clients start spread evenly over the bodies, so with many bodies no two ask for the same one at once.
    position = index * max(1, len(raws) // spec["concurrency"])
    while True:
        began = clock()
        if began >= stop:
            break
        raw = raws[position % len(raws)]
        position += 1
        failed = False
        try:
            status, body = await conn.send(raw)
            failed = status != 200 or b'"errors"' in body
        except (HttpError, OSError):
            failed = True
            conn.close()
        if began >= measure_from:
            sent += 1
            latencies.append(clock() - began)
            errors += failed
    conn.close()
    return latencies, errors, sent


async def run(spec: dict[str, Any]) -> dict[str, Any]:
    """Run the closed loop the spec describes and summarise its measured window."""
    template = Connection(spec["host"], spec["port"], spec.get("headers"))
    raws = [template.encode("POST", spec["path"], body.encode()) for body in spec["bodies"]]
    start = time.perf_counter()
    measure_from = start + spec.get("warmup_s", 0.0)
    stop = measure_from + spec["duration_s"]
    results = await asyncio.gather(
        *(_client(i, spec, raws, start, measure_from, stop) for i in range(spec["concurrency"]))
    )
    elapsed = time.perf_counter() - measure_from
    latencies = [latency for result in results for latency in result[0]]
    requests = sum(result[2] for result in results)
    return {
        "concurrency": spec["concurrency"],
        "duration_s": round(elapsed, 2),
        "requests": requests,
        "errors": sum(result[1] for result in results),
        "rps": round(requests / elapsed, 1) if elapsed > 0 else 0.0,
        **summary_ms(latencies),
    }


def main() -> None:
    """Read the spec from stdin, run it, print the result as JSON."""
    spec = json.loads(sys.stdin.read())
    result = uvloop.run(run(spec))
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
