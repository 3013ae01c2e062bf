"""The benchmark's scale: the full run, and the tiny smoke run the test suite uses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scale:
    """How much of each scenario to run; every scenario is bounded in both count and time."""

    name: str
    customers: int
    call_sizes: tuple[int, ...]
    latencies_ms: tuple[int, ...]
    one_samples: int
    one_budget_s: float
    many_n: int
    many_samples: int
    many_budget_s: float
    concurrency: int
    throughput_s: float
    warmup_s: float
    ceiling_s: float
    exec_iterations: int
    memory_s: float
    memory_settle_s: float
    wake_runs: int


FULL = Scale(
    name="full",
    customers=2000,
    call_sizes=(1, 10, 100, 200),
    latencies_ms=(20, 50),
    one_samples=300,
    one_budget_s=20.0,
    many_n=100,
    many_samples=40,
    many_budget_s=30.0,
    concurrency=32,
    throughput_s=20.0,
    warmup_s=2.0,
    ceiling_s=5.0,
    exec_iterations=300,
    memory_s=60.0,
    memory_settle_s=2.0,
    wake_runs=200,
)

SMOKE = Scale(
    name="smoke",
    customers=24,
    call_sizes=(1, 3, 10),
    latencies_ms=(5,),
    one_samples=5,
    one_budget_s=1.0,
    many_n=5,
    many_samples=3,
    many_budget_s=1.0,
    concurrency=4,
    throughput_s=0.7,
    warmup_s=0.2,
    ceiling_s=0.5,
    exec_iterations=5,
    memory_s=1.0,
    memory_settle_s=0.2,
    wake_runs=5,
)
