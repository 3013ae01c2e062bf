"""Per system: whether it answered for this customer, from cache or live, how fast, and the error if not."""

from __future__ import annotations

import strawberry

from domain.systems import SourceSystem
from resolvers.ledger import SystemStatus
from resolvers.types.enums import Origin


@strawberry.type(description="How one system of record did for this customer in this request.")
class SourceStatus:
    """`origin` and `latencyMs` are null when nothing was asked or the system failed."""

    system: SourceSystem
    answered: bool
    origin: Origin | None
    latency_ms: float | None
    error_code: str | None

    @staticmethod
    def of(status: SystemStatus) -> SourceStatus:
        """Build from the ledger's summary."""
        return SourceStatus(
            system=status.system,
            answered=status.answered,
            origin=None if status.origin is None else Origin(status.origin),
            latency_ms=status.latency_ms,
            error_code=status.error_code,
        )
