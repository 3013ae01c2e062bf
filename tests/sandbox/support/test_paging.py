from __future__ import annotations

import pytest

from sandbox.support.errors import ZendeskError
from sandbox.support.paging import (
    CursorPage,
    OffsetPage,
    Sort,
    decode_cursor,
    encode_cursor,
    parse_paging,
    parse_sort,
)

BY_ID = Sort("id", "id", descending=False)
COLUMNS = {"id": "id", "updated_at": "updated_at"}


def test_cursor_round_trip():
    sort = Sort("updated_at", "updated_at", descending=True)
    token = encode_cursor(sort, "2026-01-01T00:00:00Z", 7)
    assert "=" not in token
    assert decode_cursor(token, sort, "page[after]") == ("2026-01-01T00:00:00Z", 7)
    with pytest.raises(ZendeskError):
        decode_cursor(token, BY_ID, "page[after]")
    huge = encode_cursor(BY_ID, 1, 10**30)
    with pytest.raises(ZendeskError):
        decode_cursor(huge, BY_ID, "page[after]")


def test_parse_paging_modes():
    assert parse_paging({}, BY_ID) == OffsetPage(1, 100)
    assert parse_paging({"page": "3", "per_page": "500"}, BY_ID) == OffsetPage(3, 100)
    assert parse_paging({"page[size]": "5"}, BY_ID) == CursorPage(5, None, None)


@pytest.mark.parametrize(
    "params",
    [
        {"page[size]": "101"},
        {"page[size]": "-1"},
        {"page[size]": "\uff11"},
        {"page[after]": "x", "page[before]": "y"},
        {"page[limit]": "5"},
        {"page": "0"},
        {"page": "101", "per_page": "100"},
    ],
)
def test_parse_paging_errors(params):
    with pytest.raises(ZendeskError) as caught:
        parse_paging(params, BY_ID)
    assert caught.value.status == 400


def test_parse_sort():
    assert parse_sort({"sort": "-updated_at"}, COLUMNS, BY_ID) == Sort("updated_at", "updated_at", True)
    assert parse_sort({"sort_by": "id", "sort_order": "desc"}, COLUMNS, BY_ID) == Sort("id", "id", True)
    assert parse_sort({}, COLUMNS, BY_ID) == BY_ID
    for params in (
        {"sort": "subject"},
        {"sort_by": "id", "sort_order": "up"},
        {"sort": "id", "sort_by": "id"},
    ):
        with pytest.raises(ZendeskError):
            parse_sort(params, COLUMNS, BY_ID)
