"""How NetSuite writes values: money and dates in records (JSON) and in SuiteQL rows (strings)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal


def record_money(minor: int) -> float:
    """Minor units as the JSON number a record shows.

    `minor / 100` is the double nearest the exact decimal, and `repr` of a double is the shortest text
    that reads back to it, so the JSON always shows at most two decimals (1234.5, 1234.56, never
    1234.5600000001).
    """
    return minor / 100


def suiteql_number(value: int | Decimal) -> str:
    """A number as SuiteQL writes it: no trailing zeros, and Oracle's bare leading point (".5", "-.25")."""
    text = format(Decimal(value).normalize(), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text.startswith("0."):
        text = text[1:]
    elif text.startswith("-0."):
        text = "-" + text[2:]
    return text or "0"


def suiteql_money(minor: int) -> str:
    """Minor units as a SuiteQL number string."""
    return suiteql_number(Decimal(minor).scaleb(-2))


def suiteql_date(iso: str) -> str:
    """An ISO date or timestamp as SuiteQL shows it with the default US date preference: M/D/YYYY."""
    day = date.fromisoformat(iso[:10])
    return f"{day.month}/{day.day}/{day.year}"


def record_datetime(moment: datetime) -> str:
    """A timestamp as records show it: UTC, seconds, trailing Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def now_iso() -> str:
    """The current time in the record timestamp form."""
    return record_datetime(datetime.now(UTC))
