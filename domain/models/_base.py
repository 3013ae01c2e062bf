"""The base of every canonical model, and the shared field types."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, NonNegativeInt


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
"""A timezone-aware instant, normalised to UTC (naive datetimes are rejected; Unix seconds accepted)."""

Count = NonNegativeInt


class DomainModel(BaseModel):
    """Frozen, strict-about-extras base for canonical models; collections are tuples."""

    model_config = ConfigDict(frozen=True, extra="forbid")
