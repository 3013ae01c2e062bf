"""The CPU split of the benchmark: the gateway on a CPU of its own, everything else on the others."""

from __future__ import annotations

import os

import pytest

from bench import processes
from bench.processes import Cores, split_cores


def _affinity(monkeypatch: pytest.MonkeyPatch, cpus: set[int]) -> None:
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(cpus), raising=False)


def test_the_gateway_gets_the_last_cpu_and_the_rest_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    _affinity(monkeypatch, {0, 1, 2, 3})
    assert split_cores() == Cores(gateway=frozenset({3}), rest=frozenset({0, 1, 2}))


def test_only_the_cpus_this_process_may_use_are_split(monkeypatch: pytest.MonkeyPatch) -> None:
    _affinity(monkeypatch, {2, 5})  # e.g. a container limited to two of the host's CPUs
    cores = split_cores()
    assert cores == Cores(gateway=frozenset({5}), rest=frozenset({2}))
    assert cores.describe() == "gateway on CPU 5; sandbox, load generator and benchmark on CPU 2"


@pytest.mark.parametrize("cpus", [{0}, {7}])
def test_one_cpu_is_shared(monkeypatch: pytest.MonkeyPatch, cpus: set[int]) -> None:
    _affinity(monkeypatch, cpus)
    assert split_cores() is None


def test_share_cores_asks_for_no_split(monkeypatch: pytest.MonkeyPatch) -> None:
    _affinity(monkeypatch, {0, 1})
    assert split_cores(share=True) is None


def test_no_split_where_affinity_is_unsupported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    assert split_cores() is None


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux-only")
def test_pin_sets_the_affinity_and_none_leaves_it() -> None:
    before = os.sched_getaffinity(0)
    one = min(before)
    try:
        processes.pin(0, frozenset({one}))
        assert os.sched_getaffinity(0) == {one}
        processes.pin(0, None)
        assert os.sched_getaffinity(0) == {one}
    finally:
        os.sched_setaffinity(0, before)
