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
    origin: Origin | None = strawberry.field(
        description="LIVE if any answer was live, else STALE if any was an expired copy, else CACHE."
    )
    latency_ms: float | None
    error_code: str | None
    age_s: float | None = strawberry.field(
        description="Age in seconds of the oldest answer served from the cache (fresh or stale); "
        "null when every answer was live."
    )
    stale: bool = strawberry.field(
        description="True when some answer is an expired cached copy, served because the system failed "
        "(stale-if-error); its age is at most TESSERA_CACHE__MAX_STALE_S past its TTL."
    )

    @staticmethod
    def of(status: SystemStatus) -> SourceStatus:
        """Build from the ledger's summary."""
        return SourceStatus(
            system=status.system,
            answered=status.answered,
            origin=None if status.origin is None else Origin(status.origin),
            latency_ms=status.latency_ms,
            error_code=status.error_code,
            age_s=None if status.age_s is None else round(status.age_s, 3),
            stale=status.stale,
        )
