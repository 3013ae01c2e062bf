"""The results: machine facts, `latest.json` and the Markdown table `latest.md`."""

from __future__ import annotations

import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import wake

SYSTEMS = ("crm", "erp", "billing", "support")


def machine() -> dict[str, Any]:
    """CPU model, cores, memory, OS and Python of this machine."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory_gib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_gib = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": model,
        "cores": os.cpu_count(),
        "memory_gib": memory_gib,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
    }


def now() -> str:
    """The current UTC time, ISO 8601 to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _calls(rows: list[dict[str, Any]]) -> list[str]:
    out = [
        "| N | CRM | ERP | billing | support | vendor minimum (CRM/ERP/billing/support) | at minimum |",
        "|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        calls, low = r["calls"], r["minimum"]
        out.append(
            f"| {r['n']} | "
            + " | ".join(str(calls[s]) for s in SYSTEMS)
            + " | "
            + " / ".join(str(low[s]) for s in SYSTEMS)
            + f" | {'yes' if r['at_minimum'] else '**no**'} |"
        )
    return out


def _latency(rows: list[dict[str, Any]]) -> list[str]:
    out = [
        "| case | L | samples | p50 | p95 | p99 | measured bound (p50) | p50 / measured | p95 / measured "
        "| 2 L-style bound | p50 / that | p95 / that |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r['case']} | {r['latency_ms']} ms | {r['samples']} "
            f"| {r['p50_ms']:.1f} ms | {r['p95_ms']:.1f} ms | {r['p99_ms']:.1f} ms "
            f"| {r['measured_bound_p50_ms']:.1f} ms "
            f"| {r['measured_ratio_p50']:.2f} | {r['measured_ratio_p95']:.2f} "
            f"| {r['lower_bound_ms']:g} ms | {r['ratio_p50']:.2f} | {r['ratio_p95']:.2f} |"
        )
    out += [
        "",
        "Measured bound: the critical path of the upstream calls each request made, from the durations the "
        "sandbox journaled (injected latency plus the system's own work); ratios are per request, then the "
        "percentile. The injected-latency bound (2 L cold, L warm, 14 L for N = 100) assumes every system "
        "answers in exactly L.",
    ]
    return out


def _throughput(rows: list[dict[str, Any]]) -> list[str]:
    out = [
        "| case | clients | seconds | requests | req/s | p50 | p99 | errors | gateway CPU |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        cpu = f"{r['gateway_cpu_pct']:.0f}%" if "gateway_cpu_pct" in r else "-"
        out.append(
            f"| {r['case']} | {r['concurrency']} | {r['duration_s']:.1f} | {r['requests']} | {r['rps']:,.0f} "
            f"| {r['p50_ms']:.2f} ms | {r['p99_ms']:.2f} ms | {r['errors']} | {cpu} |"
        )
    return out


def _ceiling(c: dict[str, Any]) -> str:
    return (
        f"Load generator ceiling (same clients against a trivial server, `bench/echo.py`): {c['rps']:,.0f} "
        f"req/s, p50 {c['p50_ms']:.2f} ms, p99 {c['p99_ms']:.2f} ms."
    )


def markdown(results: dict[str, Any]) -> str:
    """The results as Markdown tables."""
    m = results["machine"]
    lines = [
        f"Run {results['date']} ({results['scale']} scale) on {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gib']} GiB, {m['os']}, Python {m['python']}. {results['customers']} seeded customers. "
        f"Processes: {results['config'].get('cores', 'every process on every CPU')}.",
        "",
        "**1. Upstream calls for `customers(ids: [N])`, full profile, cold (cache off)**",
        "",
        *_calls(results["calls"]),
        "",
        "**2. Latency against its lower bound (fixed latency L injected on every system, one request at a "
        "time)**",
        "",
        *_latency(results["latency"]),
        "",
        "**3. Throughput, one worker, closed loop**",
        "",
        *_throughput(results["throughput"]),
        "",
        _ceiling(results["load_generator_ceiling"]),
        "",
    ]
    e = results["execution"]
    lines += [
        "**4. Execution cost in process (every upstream answer cached)**",
        "",
        "| iterations | resolved fields | mean | p50 | p99 | per resolved field | upstream calls |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {e['iterations']} | {e['resolved_fields']} | {e['mean_ms']:.2f} ms | {e['p50_ms']:.2f} ms "
        f"| {e['p99_ms']:.2f} ms | {e['us_per_field']:.1f} µs | {e['upstream_calls_during']} |",
        "",
    ]
    mem = results["memory"]
    lines += [
        f"**5. Gateway memory (RSS) under a {mem['duration_s']:g} s closed-loop load of the warm profile**",
        "",
        "| before | during (min to max) | after | growth after | growth at peak | requests | errors "
        "| flat (5%) |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
        f"| {mem['rss_before_kib'] / 1024:.1f} MiB | {mem['rss_during_min_kib'] / 1024:.1f} to "
        f"{mem['rss_during_max_kib'] / 1024:.1f} MiB | {mem['rss_after_kib'] / 1024:.1f} MiB "
        f"| {mem['growth_pct']:+.2f}% | {mem['peak_growth_pct']:+.2f}% | {mem['requests']} | {mem['errors']} "
        f"| {'yes' if mem['flat'] else '**no**'} |",
        "",
    ]
    if "wake" in results:
        lines += [
            "**6. The machine: CPU time of the same pure-Python work after the process slept "
            "(`bench/wake.py`, on the gateway's CPU)**",
            "",
            *wake.table(results["wake"]),
            "",
        ]
    t = results["targets"]
    lines += [
        "**Targets**",
        "",
        "| target | met |",
        "|---|---|",
        *(f"| {name} | {'yes' if met else '**no**'} |" for name, met in t.items()),
        "",
    ]
    return "\n".join(lines)


def write(results: dict[str, Any], out: Path) -> tuple[Path, Path]:
    """Write `latest.json` and `latest.md` into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "latest.json", out / "latest.md"
    json_path.write_text(json.dumps(results, indent=2) + "\n")
    md_path.write_text(markdown(results))
    return json_path, md_path
