"""`python -m bench` (`make bench`): seed, start the sandbox and the gateway, run every scenario, report.

Options: `--smoke` (tiny scale, a few seconds a scenario, for the test suite), `--data DIR` (the sandbox
data, reused when already seeded), `--out DIR` (where latest.json and latest.md go), `--share-cores` (every
process on every CPU, instead of the gateway on a CPU of its own).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import uvloop

from app.settings import Settings
from bench import report, wake
from bench.config import FULL, SMOKE, Scale
from bench.gateway import Gateway
from bench.processes import HOST, ROOT, Cores, pin, seed, split_cores, stack
from bench.queries import PROFILE, TYPENAME
from bench.scenarios import calls, execution, latency, memory, throughput
from bench.upstream import ControlPlane, customers
from sources.config import BillingConfig, CrmConfig, ErpConfig, SupportConfig


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _latency_targets(rows: list[dict[str, Any]]) -> dict[str, bool]:
    """Per latency (L) and case group: p50 and p95 against the measured bound (1.15 for one customer, 1.3
    for N customers); then, for reference, p50 against the injected-latency bound."""
    targets: dict[str, bool] = {}
    for injected in sorted({r["latency_ms"] for r in rows}):
        at = [r for r in rows if r["latency_ms"] == injected]
        one = [r for r in at if r["case"].startswith("1 customer")]
        many = [r for r in at if not r["case"].startswith("1 customer")]
        for name, group, limit in (("one customer", one, 1.15), ("N = 100", many, 1.3)):
            for p in ("p50", "p95"):
                key = f"L = {injected} ms, {name}: {p} latency <= {limit} x measured bound"
                targets[key] = all(r[f"measured_ratio_{p}"] <= limit for r in group)
    for name, prefix, limit in (("one customer", "1 customer", 1.15), ("N = 100", "N=", 1.3)):
        group = [r for r in rows if r["case"].startswith(prefix)]
        key = f"(for reference) {name}, every L: p50 <= {limit} x injected-latency bound"
        targets[key] = all(r["ratio_p50"] <= limit for r in group)
    return targets


def _targets(results: dict[str, Any]) -> dict[str, bool]:
    warm = next(r for r in results["throughput"] if r["case"] == "profile, cache warm")
    return {
        "upstream calls equal the vendor minimum for every N": all(r["at_minimum"] for r in results["calls"]),
        **_latency_targets(results["latency"]),
        "warm one-customer profile >= 1,000 req/s on one worker": warm["rps"] >= 1000,
        "memory flat within 5%": results["memory"]["flat"],
    }


async def _run(scale: Scale, data: Path, out: Path, cores: Cores | None) -> dict[str, Any]:
    logs = data / "logs"
    started = time.monotonic()
    pin(0, None if cores is None else cores.rest)
    if seed(data, scale.customers, logs / "seed.log"):
        _say(f"seeded {scale.customers} customers into {data}")
    refs = customers(data)
    results: dict[str, Any] = {
        "date": report.now(),
        "scale": scale.name,
        "machine": report.machine(),
        "customers": len(refs),
        "config": {
            "concurrency": scale.concurrency,
            "throughput_s": scale.throughput_s,
            "warmup_s": scale.warmup_s,
            "memory_s": scale.memory_s,
            "gateway": "tessera serve: uvicorn, uvloop, httptools, 1 worker, TESSERA_LOG_LEVEL=warning",
            "cores": "every process on every CPU" if cores is None else cores.describe(),
        },
    }
    with stack(data, logs, cores) as running:
        _say("starting the sandbox")
        await running.start_sandbox()
        results["ports"] = {**running.ports, "gateway": running.gateway_port}
        control = ControlPlane(running.ports)
        try:
            results["load_generator_ceiling"] = await throughput.ceiling(scale, logs, cores)
            _say("the machine: CPU cost of the same work after sleeping")
            results["wake"] = await wake.run(scale.wake_runs, cores, logs / "wake.log")

            _say("gateway with the cache off: call counts, cold latency, uncached throughput")
            cold = await running.start_gateway({"TESSERA_CACHE__ENABLED": "false"})
            gateway = Gateway(running.gateway_port, running.auth_headers)
            try:
                results["calls"] = await calls.run(gateway, control, refs, scale.call_sizes)
                results["latency"] = await latency.run_cold(
                    gateway,
                    control,
                    refs,
                    scale.latencies_ms,
                    one_samples=scale.one_samples,
                    one_budget_s=scale.one_budget_s,
                    many_n=scale.many_n,
                    many_samples=scale.many_samples,
                    many_budget_s=scale.many_budget_s,
                )
                # A different customer per request: the same one would mostly join a fetch in flight
                # (single flight), which measures the cache's merging rather than the cost of a cold profile.
                off = await throughput.run(
                    "profile, cache off",
                    PROFILE,
                    [{"id": ref.id} for ref in refs],
                    port=running.gateway_port,
                    pid=cold.process.pid,
                    scale=scale,
                    headers=running.auth_headers,
                )
            finally:
                gateway.close()

            _say("gateway with the cache on: warm-xref latency, throughput, memory")
            warm = await running.start_gateway()
            gateway = Gateway(running.gateway_port, running.auth_headers)
            try:
                results["latency"] += await latency.run_warm_xref(
                    gateway,
                    control,
                    refs[len(refs) // 2 :] or refs,
                    scale.latencies_ms,
                    one_samples=scale.one_samples,
                    one_budget_s=scale.one_budget_s,
                )
                await gateway.query(PROFILE, {"id": refs[0].id})
                pid, port, auth = warm.process.pid, running.gateway_port, running.auth_headers
                hot = await throughput.run(
                    "profile, cache warm",
                    PROFILE,
                    {"id": refs[0].id},
                    port=port,
                    pid=pid,
                    scale=scale,
                    headers=auth,
                )
                floor = await throughput.run(
                    "{ __typename }", TYPENAME, None, port=port, pid=pid, scale=scale, headers=auth
                )
                results["throughput"] = [hot, off, floor]
                results["memory"] = await memory.run(
                    PROFILE, {"id": refs[0].id}, port=port, pid=pid, scale=scale, headers=auth
                )
            finally:
                gateway.close()
            running.stop_gateway()

            _say("execution cost in process")
            settings = Settings(
                crm=CrmConfig(base_url=f"http://{HOST}:{running.ports['crm']}"),
                erp=ErpConfig(base_url=f"http://{HOST}:{running.ports['erp']}"),
                billing=BillingConfig(base_url=f"http://{HOST}:{running.ports['billing']}"),
                support=SupportConfig(base_url=f"http://{HOST}:{running.ports['support']}"),
            )
            results["execution"] = await execution.run(settings, control, refs[0].id, scale.exec_iterations)
        finally:
            control.close()
    results["targets"] = _targets(results)
    results["elapsed_s"] = round(time.monotonic() - started, 1)
    report.write(results, out)
    return results


def main() -> None:
    """Parse the options, run the benchmark, print the Markdown table."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="tiny scale, for the test suite")
    parser.add_argument("--data", type=Path, help="sandbox data dir [bench/.data, or bench/.data-smoke]")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="results dir")
    parser.add_argument(
        "--share-cores",
        action="store_true",
        help="run every process on every CPU (default: the gateway on a CPU of its own)",
    )
    args = parser.parse_args()
    scale = SMOKE if args.smoke else FULL
    data = args.data or ROOT / "bench" / (".data-smoke" if args.smoke else ".data")
    try:
        results = uvloop.run(_run(scale, data.resolve(), args.out.resolve(), split_cores(args.share_cores)))
    except KeyboardInterrupt:
        _say("interrupted: every process the benchmark started has been stopped")
        raise SystemExit(130) from None
    print(report.markdown(results))
    _say(f"wrote {args.out / 'latest.json'} and {args.out / 'latest.md'} in {results['elapsed_s']} s")


if __name__ == "__main__":
    main()
