"""A circuit breaker per system: closed -> open after N consecutive failed calls -> half-open after a reset
timeout, where exactly one probe call goes through -> closed on its success, open again on its failure.

Single event loop, no locks needed: every transition happens between awaits. The clock is injectable so
tests never wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

CircuitState = Literal["closed", "open", "half_open"]


@dataclass(frozen=True, slots=True)
class Admission:
    """A call the breaker let through; `probe` when it is the one trial call of the half-open state."""

    probe: bool


class CircuitBreaker:
    """Counts consecutive failed calls of one system and fails calls fast while the system is down."""

    def __init__(
        self,
        *,
        failure_threshold: int,
        reset_s: float,
        clock: Callable[[], float] = time.monotonic,
        on_change: Callable[[CircuitState], None] | None = None,
    ) -> None:
        self._threshold = failure_threshold
        self._reset_s = reset_s
        self._clock = clock
        self._on_change = on_change
        self._state: CircuitState = "closed"
        self._failures = 0
        self._opened_at = 0.0
        self._probing = False

    @property
    def state(self) -> CircuitState:
        """The current state (an open breaker whose reset timeout passed reads half-open)."""
        if self._state == "open" and self._clock() >= self._opened_at + self._reset_s:
            self._move("half_open")
        return self._state

    @property
    def failures(self) -> int:
        """Consecutive failed calls counted so far."""
        return self._failures

    def retry_after(self) -> float:
        """Seconds until a probe may go through (0 when one may now, or is in flight)."""
        if self._state != "open":
            return 0.0
        return max(0.0, self._opened_at + self._reset_s - self._clock())

    def admit(self) -> Admission | None:
        """Let a call through (as the probe when half-open), or None: fail it fast without calling."""
        state = self.state
        if state == "closed":
            return Admission(probe=False)
        if state == "half_open" and not self._probing:
            self._probing = True
            return Admission(probe=True)
        return None

    def succeeded(self, admission: Admission) -> None:
        """The system answered (a 2xx or a 4xx: it is up): close after a probe, reset the count."""
        if admission.probe:
            self._probing = False
            self._failures = 0
            self._move("closed")
        elif self._state == "closed":
            self._failures = 0

    def failed(self, admission: Admission) -> None:
        """The call failed the way a down system fails: count it; open at the threshold or after a probe."""
        if admission.probe:
            self._probing = False
            self._open()
        elif self._state == "closed":
            self._failures += 1
            if self._failures >= self._threshold:
                self._open()

    def released(self, admission: Admission) -> None:
        """The call ended telling nothing about the system's health (cancelled, rate limited, not sent)."""
        if admission.probe:
            self._probing = False

    def _open(self) -> None:
        self._opened_at = self._clock()
        self._move("open")

    def _move(self, state: CircuitState) -> None:
        if state != self._state:
            self._state = state
            if self._on_change is not None:
                self._on_change(state)
