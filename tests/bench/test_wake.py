"""`python -m bench.wake`: the CPU time of one piece of work after sleeping, per gap (never how fast)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from bench import wake

ROOT = Path(__file__).resolve().parents[2]


def test_measure_has_a_row_per_gap_against_the_loop_without_sleep() -> None:
    rows = wake.measure(3)
    assert [row["sleep_ms"] for row in rows] == list(wake.GAPS_MS)
    assert rows[0]["ratio"] == 1.0
    for row in rows:
        assert 0 < row["cpu_ms"] <= row["cpu_p95_ms"]
        # Against the loop's p50 (the rows hold rounded figures, the ratios come from unrounded ones).
        assert row["ratio"] == pytest.approx(row["cpu_ms"] / rows[0]["cpu_ms"], abs=0.002)
        assert row["ratio_p95"] == pytest.approx(row["cpu_p95_ms"] / rows[0]["cpu_ms"], abs=0.002)


def test_the_table_and_the_json_come_from_the_command() -> None:
    command = [sys.executable, "-m", "bench.wake", "--runs", "3"]
    table = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True, timeout=60).stdout
    lines = table.splitlines()
    assert lines[0].startswith("| sleep before each run |")
    assert len(lines) == 2 + len(wake.GAPS_MS)
    assert lines[2].startswith("| 0 ms |") and "| 1.00 |" in lines[2]
    raw = subprocess.run(
        [*command, "--json"], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    assert [row["sleep_ms"] for row in json.loads(raw.stdout)] == list(wake.GAPS_MS)
