"""Scenario 2: latency against its lower bound, with a fixed latency L injected on every system.

Lower bounds (the critical path of upstream latencies the query cannot avoid):
- one customer, cold cross-reference: 2 L. The CRM account names the ERP, billing and support ids, so it
  comes first (L); the other three systems (and the CRM contracts and entitlements, which need only the
  customer id) then answer side by side (L).
- one customer, warm cross-reference: L. The account is cached, so every other call starts at once.
- N customers, cold: L for the CRM, then the longest fan-out. Stripe has no multi-customer list, so billing
  takes 2 N per-customer calls, which the gateway bounds to `max_concurrency` (16) in flight: ceil(2 N / 16)
  rounds of L. For N = 100 that is L + 13 L = 14 L. (Zendesk's N + 1 calls need ceil(N / 16) rounds, fewer.)
  Without the concurrency bound (which protects the vendor's rate limit) it would be 2 L.

Those bounds count only the injected latency, as if each system answered in exactly L; each takes a little
more (its own work: a page of 100 invoices is not free). So every sample also gets the measured bound: the
critical path of the upstream calls it made, from each call's duration as the sandbox journaled it
(bench/critical_path.py). The targets are judged against the measured bound, the one the gateway cannot
beat; the injected-latency ratios are reported beside it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Sequence
from typing import Any

from tqdm import tqdm

from bench.critical_path import critical_path_ms
from bench.gateway import Gateway
from bench.queries import PROFILE, PROFILES, XREF_ONLY
from bench.stats import percentile, summary_ms
from bench.upstream import ControlPlane, CustomerRef
from sources.config import BillingConfig, SupportConfig

#: The gateway's default `TESSERA_BILLING__MAX_CONCURRENCY` (the bench runs the gateway with defaults).
BILLING_CONCURRENCY = BillingConfig().max_concurrency
#: Calls in flight per fanned-out system, with the gateway's defaults (the others make one call per batch).
FAN_OUT = {"billing": BILLING_CONCURRENCY, "support": SupportConfig().max_concurrency}


def lower_bound_many_ms(n: int, latency_ms: float, concurrency: int = BILLING_CONCURRENCY) -> float:
    """Cold profile of n customers: the CRM, then billing's 2 n calls in rounds of `concurrency`."""
    return latency_ms * (1 + math.ceil(2 * n / concurrency))


def _row(
    case: str, latency_ms: int, bound_ms: float, samples: list[tuple[float, float]], **extra: Any
) -> dict[str, Any]:
    """One latency row from (seconds, measured bound in ms) samples."""
    seconds = [elapsed for elapsed, _ in samples]
    stats = summary_ms(seconds)
    ratios = [1000 * elapsed / measured for elapsed, measured in samples if measured > 0]
    return {
        "case": case,
        "latency_ms": latency_ms,
        "lower_bound_ms": bound_ms,
        "samples": len(samples),
        **stats,
        "ratio_p50": round(stats["p50_ms"] / bound_ms, 3),
        "ratio_p95": round(stats["p95_ms"] / bound_ms, 3),
        "ratio_p99": round(stats["p99_ms"] / bound_ms, 3),
        "measured_bound_p50_ms": round(percentile([measured for _, measured in samples], 50), 2),
        "measured_ratio_p50": round(percentile(ratios, 50), 3),
        "measured_ratio_p95": round(percentile(ratios, 95), 3),
        "measured_ratio_p99": round(percentile(ratios, 99), 3),
        **extra,
    }


async def _sample(
    gateway: Gateway,
    control: ControlPlane,
    desc: str,
    requests: Sequence[tuple[str, dict[str, Any]]],
    budget_s: float,
) -> list[tuple[float, float]]:
    """(seconds, measured bound in ms) per request, one request at a time, until the requests or the
    budget run out (at least three)."""
    samples: list[tuple[float, float]] = []
    deadline = time.monotonic() + budget_s
    for query, variables in tqdm(requests, desc=desc, unit="req", leave=False):
        await control.clear_journals()
        elapsed, _ = await gateway.timed(query, variables)
        samples.append((elapsed, critical_path_ms(await control.journals(), FAN_OUT)))
        if time.monotonic() > deadline and len(samples) >= 3:
            break
    return samples


async def run_cold(
    gateway: Gateway,
    control: ControlPlane,
    customers: Sequence[CustomerRef],
    latencies_ms: Sequence[int],
    *,
    one_samples: int,
    one_budget_s: float,
    many_n: int,
    many_samples: int,
    many_budget_s: float,
) -> list[dict[str, Any]]:
    """Cold cross-reference (a gateway with the cache off): one customer, and N customers."""
    rows: list[dict[str, Any]] = []
    ids = [c.id for c in customers]
    for latency in latencies_ms:
        await control.set_latency(latency)
        try:
            await gateway.query(PROFILE, {"id": ids[0]})  # connections open, nothing else warm
            one = [(PROFILE, {"id": ids[i % len(ids)]}) for i in range(one_samples)]
            samples = await _sample(gateway, control, f"2 cold 1 customer L={latency}", one, one_budget_s)
            rows.append(_row("1 customer, cold xref", latency, 2.0 * latency, samples))
            many = [
                (PROFILES, {"ids": [ids[(i * many_n + j) % len(ids)] for j in range(many_n)]})
                for i in range(many_samples)
            ]
            samples = await _sample(gateway, control, f"2 cold N={many_n} L={latency}", many, many_budget_s)
            bound = lower_bound_many_ms(many_n, latency)
            rows.append(
                _row(
                    f"N={many_n}, cold",
                    latency,
                    bound,
                    samples,
                    unbounded_lower_bound_ms=2.0 * latency,
                    ratio_p50_unbounded=round(
                        summary_ms([e for e, _ in samples])["p50_ms"] / (2.0 * latency), 3
                    ),
                )
            )
        finally:
            await control.clear_faults()
    return rows


async def run_warm_xref(
    gateway: Gateway,
    control: ControlPlane,
    customers: Sequence[CustomerRef],
    latencies_ms: Sequence[int],
    *,
    one_samples: int,
    one_budget_s: float,
) -> list[dict[str, Any]]:
    """Warm cross-reference (cache on): each sample a customer whose CRM account alone was cached first."""
    rows: list[dict[str, Any]] = []
    ids = [c.id for c in customers]
    offset = 0
    for latency in latencies_ms:
        chosen = [ids[(offset + i) % len(ids)] for i in range(one_samples)]
        offset += one_samples
        for start in range(0, len(chosen), 200):  # prime only the accounts: one CRM call per 200
            await gateway.query(XREF_ONLY, {"ids": chosen[start : start + 200]})
        await control.set_latency(latency)
        try:
            requests = [(PROFILE, {"id": customer_id}) for customer_id in chosen]
            samples = await _sample(
                gateway, control, f"2 warm-xref 1 customer L={latency}", requests, one_budget_s
            )
            rows.append(_row("1 customer, warm xref", latency, float(latency), samples))
        finally:
            await control.clear_faults()
    return rows
