"""What every upstream call carries from the request that caused it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class CallContext:
    """Correlation for one gateway request: sent on every upstream call it causes."""

    request_id: str
    traceparent: str | None = None

    def headers(self) -> dict[str, str]:
        """The correlation headers to send upstream."""
        headers = {"X-Request-Id": self.request_id}
        if self.traceparent:
            headers["traceparent"] = self.traceparent
        return headers
