from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from sandbox.erp.values import record_datetime, record_money, suiteql_date, suiteql_money


def test_record_money_never_shows_float_artefacts():
    for minor in [*range(-1000, 100_001), 12_345_678_901, 999_999_999_999_99]:
        text = json.dumps(record_money(minor))
        frac = text.partition(".")[2]
        assert len(frac) <= 2, text
        assert round(float(text) * 100) == minor


@pytest.mark.parametrize(
    ("minor", "text"),
    [
        (0, "0"),
        (150_000, "1500"),
        (150_050, "1500.5"),
        (150_055, "1500.55"),
        (50, ".5"),
        (-25, "-.25"),
        (-100, "-1"),
    ],
)
def test_suiteql_money_is_written_like_oracle(minor, text):
    assert suiteql_money(minor) == text


def test_suiteql_date_uses_the_us_date_format():
    assert suiteql_date("2026-01-05") == "1/5/2026"
    assert suiteql_date("2026-11-30T23:10:00Z") == "11/30/2026"


def test_record_datetime_is_utc_with_z():
    moment = datetime(2026, 1, 5, 12, 30, tzinfo=timezone(timedelta(hours=2)))
    assert record_datetime(moment) == "2026-01-05T10:30:00Z"
    assert record_datetime(datetime(2026, 1, 5, tzinfo=UTC)) == "2026-01-05T00:00:00Z"
