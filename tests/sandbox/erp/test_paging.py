from __future__ import annotations

import pytest

from sandbox.erp.errors import NetSuiteError
from sandbox.erp.paging import Window, envelope, window


def test_defaults_and_bounds():
    assert window({}) == Window(1000, 0)
    assert window({"limit": "5", "offset": "10"}) == Window(5, 10)


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"limit": "1001"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "ten"}, "limit"),
        ({"limit": "5", "offset": "7"}, "offset"),
        ({"offset": "-1000"}, "offset"),
    ],
)
def test_bad_parameters_name_the_parameter(params, param):
    with pytest.raises(NetSuiteError) as caught:
        window(params)
    [detail] = caught.value.details
    assert (caught.value.status, detail.code, detail.query_param) == (400, "INVALID_PARAMETER", param)


def test_envelope_links_and_has_more():
    doc = envelope("http://x/c", Window(2, 2), ["a", "b"], 5)
    assert (doc["count"], doc["hasMore"], doc["offset"], doc["totalResults"]) == (2, True, 2, 5)
    rels = {link["rel"]: link["href"] for link in doc["links"]}
    assert rels == {
        "previous": "http://x/c?limit=2&offset=0",
        "first": "http://x/c?limit=2&offset=0",
        "next": "http://x/c?limit=2&offset=4",
        "last": "http://x/c?limit=2&offset=4",
        "self": "http://x/c?limit=2&offset=2",
    }
    last = envelope("http://x/c", Window(2, 4), ["e"], 5)
    assert not last["hasMore"]
    assert {link["rel"] for link in last["links"]} == {"previous", "first", "self"}
