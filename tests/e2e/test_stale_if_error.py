"""Stale-if-error end to end: an expired answer younger than max-stale is served when its system fails,
marked STALE with its age in `sources`; beyond max-stale the failure is the answer."""

from __future__ import annotations

from domain.systems import SourceSystem
from sandbox.common.system import SystemApp
from tests.app.conftest import settings_with
from tests.e2e.harness import open_gateway, policy_settings
from tests.support.sandbox import put_faults

QUERY = """
query Profile($id: ID!) {
  customer(id: $id) {
    subscriptions { id }
    contracts { id }
    sources { system answered origin ageS stale errorCode }
  }
}
"""


async def test_an_expired_answer_is_served_stale_while_its_system_is_down(
    sandboxes: dict[SourceSystem, SystemApp], customer_id: str
) -> None:
    settings = settings_with(
        **policy_settings({"max_attempts": 2, "backoff_base_s": 0.01}),
        cache={"billing_ttl_s": 60, "max_stale_s": 300},
    )
    async with open_gateway(settings, sandboxes) as gw:
        warm = (await gw.profile(QUERY, customer_id)).json()["data"]["customer"]
        fresh = {s["system"]: s for s in warm["sources"]}
        assert fresh["BILLING"]["origin"] == "LIVE" and fresh["BILLING"]["stale"] is False

        gw.clock.advance(61)  # past the billing TTL
        await put_faults(sandboxes[SourceSystem.BILLING], down=True)
        body = (await gw.profile(QUERY, customer_id)).json()

        assert body.get("errors") is None
        customer = body["data"]["customer"]
        assert customer["subscriptions"] == warm["subscriptions"]
        billing = {s["system"]: s for s in customer["sources"]}["BILLING"]
        assert billing["answered"] is True
        assert billing["origin"] == "STALE" and billing["stale"] is True
        assert 61 <= billing["ageS"] < 62
        metrics = (await gw.client.get("/metrics")).text
        assert (
            'tessera_cache_lookups_total{entity="subscriptions",result="stale",system="billing"} 1.0'
            in metrics
        )

        gw.clock.advance(300)  # now past TTL + max-stale: nothing kept to serve
        late = (await gw.profile(QUERY, customer_id)).json()

    assert late["data"]["customer"]["subscriptions"] is None
    assert {(e["extensions"]["code"], e["extensions"]["source"]) for e in late["errors"]} == {
        ("SOURCE_UNAVAILABLE", "billing")
    }
    billing = {s["system"]: s for s in late["data"]["customer"]["sources"]}["BILLING"]
    assert billing["answered"] is False and billing["stale"] is False
