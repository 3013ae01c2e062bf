"""The requests `SourceHttp` builds are the ones `AsyncClient.build_request` builds, less any cookie."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest

from sources.outgoing import RequestBuilder

TIMEOUT = httpx.Timeout(1.5, connect=0.5)
HEADERS = {
    "Accept": "application/json",
    "X-Request-Id": "req-1",
    "traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
    "Authorization": "Bearer secret",
}
SOQL = "SELECT Id, Name FROM Account WHERE Id IN ('0015T0000000001QAA') AND Name LIKE 'O\\'Brien & Co%'"

CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("http://crm.test", "/services/data/v60.0/query", {"params": {"q": SOQL}}),
    ("http://127.0.0.1:8101/", "/services/data/v60.0/query/01gXX-2000", {}),
    ("http://billing.test", "/v1/invoices", {"params": {"customer": "cus_A1b2", "limit": 100}}),
    ("http://billing.test", "/v1/subscriptions", {"params": {"status": "all", "starting_after": "sub_1"}}),
    ("https://acme.zendesk.com/", "/api/v2/organizations/361/tickets", {"params": {"page[size]": 100}}),
    ("https://acme.zendesk.com", "/api/v2/organizations/show_many", {"params": {"ids": "1,2,3"}}),
    ("https://acme.zendesk.com/tenant", "/api/v2/slas/policies", {"params": {}}),
    ("http://erp.test", "/services/rest/query/v1/suiteql", {"params": {"limit": 5}, "json_body": {"q": "x"}}),
    ("http://erp.test", "/services/rest/record/v1/customer/42", {"json_body": {"a": [1, "é"]}}),
    ("http://billing.test", "/v1/credit_notes", {"form": {"invoice": "in_1", "memo": "a b&c=d"}}),
    ("http://x.test/base", "/a/./b/../c d/é%41", {"params": {"k": "v w", "e": "é#&=+"}}),
    # Not a plain path: httpx's own merge.
    ("http://vendor.test", "/v1/thing?secret=x", {"params": {"q": "select"}}),
    ("http://vendor.test", "/v1/thing?a=1#frag", {}),
    ("http://vendor.test", "https://other.test/abs?x=1", {"params": {"y": 2}}),
    ("http://vendor.test", "relative/path", {"params": {"y": 2}}),
    ("http://vendor.test/?pinned=1", "/v1/thing", {"params": {"y": 2}}),
]


def built(client: httpx.AsyncClient, method: str, url: str, kwargs: dict[str, Any]) -> httpx.Request:
    return RequestBuilder(client).build(
        method,
        url,
        params=kwargs.get("params"),
        json_body=kwargs.get("json_body"),
        form=kwargs.get("form"),
        headers=kwargs.get("headers", HEADERS),
        timeout=TIMEOUT,
    )


def reference(client: httpx.AsyncClient, method: str, url: str, kwargs: dict[str, Any]) -> httpx.Request:
    return client.build_request(
        method,
        url,
        params=kwargs.get("params"),
        json=kwargs.get("json_body"),
        data=kwargs.get("form"),
        headers=kwargs.get("headers", HEADERS),
        timeout=TIMEOUT,
    )


def assert_same(ours: httpx.Request, theirs: httpx.Request) -> None:
    assert str(ours.url) == str(theirs.url)
    assert ours.url.raw_path == theirs.url.raw_path
    assert ours.method == theirs.method
    assert ours.headers.raw == theirs.headers.raw  # names, values and order
    assert ours.read() == theirs.read()
    assert ours.extensions == theirs.extensions


@pytest.mark.parametrize(("base_url", "url", "kwargs"), CASES)
@pytest.mark.parametrize("method", ["GET", "POST"])
async def test_the_request_is_the_one_build_request_makes(
    base_url: str, url: str, kwargs: dict[str, Any], method: str
) -> None:
    async with httpx.AsyncClient(base_url=base_url) as client:
        assert_same(built(client, method, url, kwargs), reference(client, method, url, kwargs))


async def test_client_defaults_are_merged_as_httpx_merges_them() -> None:
    headers = {
        "accept": "application/json",
        "USER-AGENT": "tessera",
        "Prefer": "transient",
        "X-Request-Id": "r",
    }
    async with httpx.AsyncClient(
        base_url="http://vendor.test/api", headers={"X-Tenant": "t1", "Accept": "*/*"}, params={"pinned": "1"}
    ) as client:
        for url, kwargs in [("/v1/a", {"params": {"q": "x y"}}), ("/v1/b", {}), ("/v1/c?z=1", {})]:
            kwargs = {**kwargs, "headers": headers}
            assert_same(built(client, "GET", url, kwargs), reference(client, "GET", url, kwargs))


async def test_a_replaced_base_url_is_followed() -> None:
    async with httpx.AsyncClient(base_url="http://one.test") as client:
        builder = RequestBuilder(client)
        first = builder.build(
            "GET", "/x", params=None, json_body=None, form=None, headers={}, timeout=TIMEOUT
        )
        client.base_url = httpx.URL("http://two.test/v2")
        second = builder.build(
            "GET", "/x", params=None, json_body=None, form=None, headers={}, timeout=TIMEOUT
        )
    assert (str(first.url), str(second.url)) == ("http://one.test/x", "http://two.test/v2/x")


async def test_the_clients_cookies_are_never_sent() -> None:
    async with httpx.AsyncClient(
        base_url="http://vendor.test", cookies={"session": "from-upstream"}
    ) as client:
        kwargs: dict[str, Any] = {"params": {"q": "1"}}
        ours, theirs = built(client, "GET", "/v1/a", kwargs), reference(client, "GET", "/v1/a", kwargs)
    assert "cookie" in theirs.headers
    assert "cookie" not in ours.headers
    del theirs.headers["cookie"]
    assert_same(ours, theirs)


async def test_a_json_body_is_encoded_as_httpx_encodes_it() -> None:
    async with httpx.AsyncClient(base_url="http://erp.test") as client:
        request = built(client, "POST", "/q", {"json_body": {"q": "SELECT 1"}})
    assert json.loads(request.read()) == {"q": "SELECT 1"}
    assert request.headers["content-type"] == "application/json"
