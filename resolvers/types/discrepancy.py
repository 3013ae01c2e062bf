"""A disagreement between systems of record about one customer."""

from __future__ import annotations

import strawberry

from domain.discrepancies import Discrepancy as DomainDiscrepancy
from domain.discrepancies import DiscrepancyKind
from domain.systems import SourceSystem


@strawberry.type(
    description="Where the systems disagree; `prevailing` is the owner whose value survives, if any."
)
class Discrepancy:
    """A cross-system discrepancy."""

    kind: DiscrepancyKind
    systems: list[SourceSystem]
    detail: str
    prevailing: SourceSystem | None

    @staticmethod
    def of(found: DomainDiscrepancy) -> Discrepancy:
        """Build from the domain discrepancy."""
        return Discrepancy(
            kind=found.kind, systems=list(found.systems), detail=found.detail, prevailing=found.prevailing
        )
