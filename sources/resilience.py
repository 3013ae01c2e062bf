"""The retry policy of upstream calls (tenacity), the rate-limit gate of a system, and the injectable clock.

- Which failures are retried: a timeout, an unreachable system or a 5xx (`SourceTimeout`,
  `SourceUnavailable`) and a rate limit (`SourceRateLimited`); never a bad answer, a 4xx or "not found".
- How long to wait: full-jitter exponential backoff, and at least the Retry-After the vendor named (or the
  default hold-off when it named none).
- When to stop: after `max_attempts`, when the wait would end past the request's deadline, when the vendor's
  Retry-After is longer than `retry_after_max_s`, or when the system's circuit opened meanwhile.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt
from tenacity.stop import stop_base
from tenacity.wait import wait_base, wait_random_exponential

from sources.breaker import CircuitBreaker
from sources.config import CallPolicy
from sources.context import CallContext
from sources.errors import SourceRateLimited, SourceTimeout, SourceUnavailable

#: The failures worth another attempt: the system may answer next time.
TRANSIENT = (SourceTimeout, SourceUnavailable, SourceRateLimited)


@dataclass(frozen=True)
class Clock:
    """Monotonic time and sleeping, injectable so tests never wait."""

    now: Callable[[], float] = time.monotonic
    sleep: Callable[[float], Awaitable[None]] = field(default=asyncio.sleep)


class RateGate:
    """A system's rate-limit window: after a 429 (or Salesforce's 403 over limit) no call goes out until
    the vendor's Retry-After has passed."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._until = 0.0

    def hold(self, seconds: float) -> None:
        """Keep calls back for `seconds` from now (an earlier, longer window stays)."""
        self._until = max(self._until, self._clock.now() + seconds)

    def remaining(self) -> float:
        """Seconds left in the current window (0 when calls may go)."""
        return max(0.0, self._until - self._clock.now())


def rate_limit_wait(error: SourceRateLimited, policy: CallPolicy) -> float:
    """How long a rate limit asks callers to hold off."""
    return error.retry_after if error.retry_after is not None else policy.rate_limit_default_s


class _Backoff(wait_base):
    def __init__(self, policy: CallPolicy, gate: RateGate) -> None:
        self._policy = policy
        self._gate = gate
        self._jitter = wait_random_exponential(multiplier=policy.backoff_base_s, max=policy.backoff_max_s)

    def __call__(self, retry_state: RetryCallState) -> float:
        wait = max(float(self._jitter(retry_state)), self._gate.remaining())
        error = retry_state.outcome.exception() if retry_state.outcome is not None else None
        if isinstance(error, SourceRateLimited):
            wait = max(wait, rate_limit_wait(error, self._policy))
        return wait


class _StopEarly(stop_base):
    """Stop when a full attempt would not fit before the deadline, when Retry-After is too long, or the
    circuit opened."""

    def __init__(
        self, policy: CallPolicy, ctx: CallContext, clock: Clock, breaker: CircuitBreaker, attempt_s: float
    ) -> None:
        self._policy = policy
        self._ctx = ctx
        self._clock = clock
        self._breaker = breaker
        self._attempt_s = attempt_s

    def __call__(self, retry_state: RetryCallState) -> bool:
        remaining = self._ctx.remaining(self._clock.now())
        # A retry cut short by the deadline would mostly fail again where a full attempt just failed, and
        # only make the caller wait longer: retry only when the wait and a whole attempt fit.
        if remaining is not None and retry_state.upcoming_sleep + self._attempt_s > remaining:
            return True
        error = retry_state.outcome.exception() if retry_state.outcome is not None else None
        if isinstance(error, SourceRateLimited) and rate_limit_wait(error, self._policy) > (
            self._policy.retry_after_max_s
        ):
            return True
        return self._breaker.state != "closed"


def retrying(
    policy: CallPolicy,
    *,
    attempts: int,
    ctx: CallContext,
    clock: Clock,
    gate: RateGate,
    breaker: CircuitBreaker,
    attempt_s: float,
) -> AsyncRetrying:
    """The tenacity controller of one call: `attempts` at most, transient failures only, each retry with a
    whole attempt (`attempt_s`) before `ctx`'s deadline; the last failure is re-raised as it was."""
    return AsyncRetrying(
        stop=stop_after_attempt(attempts) | _StopEarly(policy, ctx, clock, breaker, attempt_s),
        wait=_Backoff(policy, gate),
        retry=retry_if_exception(lambda exc: isinstance(exc, TRANSIENT)),
        sleep=clock.sleep,
        reraise=True,
    )
