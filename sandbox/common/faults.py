"""Fault injection: latency, jitter, random errors, a rate limit and a switch that takes a system down."""

from __future__ import annotations

import math
import random
import time

from pydantic import BaseModel, ConfigDict, Field


class Faults(BaseModel):
    """The faults in force on one system. A missing key means no fault of that kind."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    latency_ms: float = Field(default=0.0, ge=0, le=120_000)
    jitter_ms: float = Field(default=0.0, ge=0, le=120_000)
    error_rate: float = Field(default=0.0, ge=0, le=1)
    error_status: int = Field(default=500, ge=400, le=599)
    rate_limit_per_second: float | None = Field(default=None, gt=0)
    down: bool = False

    def delay_seconds(self, rng: random.Random) -> float:
        """The delay to apply to one request: latency plus uniform jitter in [0, jitter]."""
        jitter = rng.uniform(0, self.jitter_ms) if self.jitter_ms else 0.0
        return (self.latency_ms + jitter) / 1000.0

    def should_fail(self, rng: random.Random) -> bool:
        """Whether this request is one of the random failures."""
        return self.error_rate > 0 and rng.random() < self.error_rate


class RateLimiter:
    """A one-second fixed window, the way vendors report limits (limit, remaining, reset)."""

    def __init__(self) -> None:
        self._window = 0
        self._count = 0

    def hit(self, limit: float | None, now: float | None = None) -> tuple[bool, int]:
        """Count one request. Returns (allowed, remaining in this window)."""
        if limit is None:
            return True, 0
        now = time.monotonic() if now is None else now
        window = math.floor(now)
        if window != self._window:
            self._window, self._count = window, 0
        self._count += 1
        remaining = max(0, math.floor(limit) - self._count)
        return self._count <= limit, remaining
