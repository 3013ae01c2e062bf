from __future__ import annotations

from collections.abc import Mapping

import httpx
import pytest

from domain.systems import SourceSystem
from sources.cache import SourceCache
from sources.config import CacheConfig, SourceConfig
from sources.connector import Connector
from sources.context import CallContext
from sources.errors import SourceBadResponse
from tests.sources.fakes import RecordingObserver


class Probe(Connector[SourceConfig]):
    system = SourceSystem.ERP
    vendor_object = "a row"

    def _auth_headers(self, config: SourceConfig) -> Mapping[str, str]:
        return {"Authorization": "Bearer probe-token"}

    async def ping(self, ctx: CallContext) -> None:
        await self._http.exchange("GET", "/ping", ctx)

    def convert(self, value: str, what: str | None = None) -> int:
        return self._to_domain(int, value, what)


def _probe(handler: httpx.MockTransport, cache: SourceCache) -> Probe:
    client = httpx.AsyncClient(transport=handler, base_url="http://vendor.test")
    return Probe(client, SourceConfig(base_url="http://vendor.test"), cache)


async def test_every_call_carries_the_connectors_auth_and_reports_to_the_caches_observer() -> None:
    seen: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers.get("authorization"))
        return httpx.Response(200, json={})

    observer = RecordingObserver()
    probe = _probe(httpx.MockTransport(handler), SourceCache(CacheConfig(), observer=observer))
    await probe.ping(CallContext("req-1"))
    assert seen == ["Bearer probe-token"]
    assert [call.endpoint for call in observer.calls] == ["/ping"]
    assert probe.circuit_state == "closed"


def test_a_value_the_domain_refuses_is_a_bad_response_naming_the_system() -> None:
    probe = _probe(httpx.MockTransport(lambda request: httpx.Response(200)), SourceCache(CacheConfig()))
    assert probe.convert("7") == 7
    with pytest.raises(SourceBadResponse) as refused:
        probe.convert("seven")
    assert refused.value.message == "erp answered a row the domain refuses"
    with pytest.raises(SourceBadResponse) as named:
        probe.convert("seven", "a customer")
    assert named.value.message == "erp answered a customer the domain refuses"
