from __future__ import annotations

from sources.breaker import CircuitBreaker, CircuitState


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def breaker(clock: Clock, changes: list[CircuitState]) -> CircuitBreaker:
    return CircuitBreaker(failure_threshold=2, reset_s=5, clock=clock, on_change=changes.append)


def test_opens_after_consecutive_failures_only() -> None:
    clock = Clock()
    changes: list[CircuitState] = []
    b = breaker(clock, changes)
    for outcome in ("fail", "ok", "fail"):
        admission = b.admit()
        assert admission is not None
        (b.failed if outcome == "fail" else b.succeeded)(admission)
    assert b.state == "closed" and b.failures == 1
    admission = b.admit()
    assert admission is not None
    b.failed(admission)
    # The failure moved the state on; mypy still holds the narrowing from the assert above.
    assert b.state == "open" and changes == ["open"]  # type: ignore[comparison-overlap]
    assert b.admit() is None and b.retry_after() == 5


def test_one_probe_at_a_time_and_a_released_probe_frees_the_slot() -> None:
    clock = Clock()
    changes: list[CircuitState] = []
    b = breaker(clock, changes)
    for _ in range(2):
        admission = b.admit()
        assert admission is not None
        b.failed(admission)
    clock.now = 5
    probe = b.admit()
    assert probe is not None and probe.probe
    assert b.admit() is None
    b.released(probe)  # cancelled, or rate limited: tells nothing
    again = b.admit()
    assert again is not None and again.probe
    b.succeeded(again)
    assert b.state == "closed" and changes == ["open", "half_open", "closed"]


def test_late_answers_of_calls_started_before_opening_do_not_close_it() -> None:
    clock = Clock()
    changes: list[CircuitState] = []
    b = breaker(clock, changes)
    early = b.admit()
    assert early is not None
    for _ in range(2):
        admission = b.admit()
        assert admission is not None
        b.failed(admission)
    b.succeeded(early)
    assert b.state == "open"
