"""What every upstream call carries from the request that caused it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CallContext:
    """Correlation for one gateway request: sent on every upstream call it causes."""

    request_id: str
    traceparent: str | None = None
    deadline: float | None = None
    """When the whole request must be done, as a `time.monotonic()` instant; None: per-call timeouts only.
    No upstream attempt starts after it, and no retry is scheduled whose wait would end after it."""

    def remaining(self, now: float) -> float | None:
        """Seconds left before the deadline at `now` (negative once passed); None without a deadline."""
        return None if self.deadline is None else self.deadline - now

    def headers(self) -> dict[str, str]:
        """The correlation headers to send upstream."""
        headers = {"X-Request-Id": self.request_id}
        if self.traceparent:
            headers["traceparent"] = self.traceparent
        return headers
