"""Zendesk's timestamp format (`2026-01-02T03:04:05Z`) and the clock the app reads."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    """The real clock, in UTC, to the second (Zendesk stamps whole seconds)."""
    return datetime.now(UTC).replace(microsecond=0)


def iso(moment: datetime) -> str:
    """Format an aware datetime the way Zendesk does."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """Parse a stored Zendesk timestamp back into an aware datetime."""
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
