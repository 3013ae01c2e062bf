from __future__ import annotations

from datetime import UTC, datetime

from sandbox.support.render import sla_metrics

NOW = datetime(2026, 11, 2, 12, 0, tzinfo=UTC)


def _state(breach_at: str, stage: str = "active") -> dict[str, str]:
    return {"metric": "first_reply_time", "stage": stage, "breach_at": breach_at}


def test_time_left_in_the_largest_whole_unit():
    assert sla_metrics([_state("2026-11-02T12:45:00Z")], NOW)[0]["minutes"] == 45
    assert sla_metrics([_state("2026-11-02T15:10:00Z")], NOW)[0]["hours"] == 3
    assert sla_metrics([_state("2026-11-05T13:00:00Z")], NOW)[0]["days"] == 3
    assert sla_metrics([_state("2026-11-02T10:00:00Z")], NOW)[0]["hours"] == -2


def test_stopped_clocks_carry_no_time_left():
    metric = sla_metrics([_state("2026-11-02T10:00:00Z", "achieved")], NOW)[0]
    assert metric == {"breach_at": "2026-11-02T10:00:00Z", "stage": "achieved", "metric": "first_reply_time"}
