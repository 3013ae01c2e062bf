from __future__ import annotations

import httpx
from prometheus_client.parser import text_string_to_metric_families

from app.metrics import MAX_OPERATION_NAMES, OTHER, Metrics
from domain.systems import SourceSystem
from sandbox.seed.model import Universe
from tests.app.test_auth import CREDIT, _credit_input

PROFILE = """
query Profile($id: ID!) {
  customer(id: $id) {
    account { name legal { legalName } } contracts { id } subscriptions { id } cases { id }
  }
}"""


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a scrape, by name and sorted labels."""
    found = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            found[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return found


def value(found: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_metrics_count_requests_upstream_calls_batches_cache_and_circuits(
    gateway: httpx.AsyncClient, customer_id: str
) -> None:
    for _ in range(2):  # the second is served from the cache
        assert (
            await gateway.post("/graphql", json={"query": PROFILE, "variables": {"id": customer_id}})
        ).status_code == 200
    await gateway.post(
        "/graphql", json={"query": "{ customer(id: 1) { id } }"}, headers={"Authorization": ""}
    )
    await gateway.post("/graphql", json={"query": "{ nope }"})

    scrape = await gateway.get("/metrics", headers={"Authorization": ""})  # no key needed
    assert scrape.status_code == 200
    assert scrape.headers["content-type"].startswith("text/plain")
    found = samples(scrape.text)

    ok = {"operation_type": "query", "operation": "Profile", "outcome": "ok"}
    assert value(found, "tessera_requests_total", **ok) == 2
    assert value(found, "tessera_request_duration_seconds_count", **ok) == 2
    unauthenticated = {"operation_type": "unknown", "operation": "anonymous", "outcome": "unauthenticated"}
    assert value(found, "tessera_requests_total", **unauthenticated) == 1
    assert (
        value(found, "tessera_requests_total", operation_type="query", operation="anonymous", outcome="error")
        == 1
    )

    crm_query = {"system": "crm", "endpoint": "/services/data/v60.0/query", "method": "GET"}
    # The account, its contracts and entitlements in one query; the second profile from the cache.
    assert value(found, "tessera_upstream_requests_total", **crm_query, outcome="200") == 1
    assert value(found, "tessera_upstream_request_duration_seconds_count", **crm_query) == 1
    assert value(found, "tessera_batch_size_count", system="crm", entity="contracts") == 1
    tickets = {"system": "support", "endpoint": "/api/v2/organizations/{id}/tickets", "method": "GET"}
    assert value(found, "tessera_upstream_requests_total", **tickets, outcome="200") == 1
    # One batch: the second profile's subscriptions came straight from the cache, without a batch.
    assert value(found, "tessera_batch_size_count", system="billing", entity="subscriptions") == 1
    assert (
        value(found, "tessera_cache_lookups_total", system="billing", entity="subscriptions", result="miss")
        == 1
    )
    assert (
        value(found, "tessera_cache_lookups_total", system="billing", entity="subscriptions", result="hit")
        == 1
    )
    for system in SourceSystem:
        labels = {"system": system.value, "tessera_circuit_state": "closed"}
        assert value(found, "tessera_circuit_state", **labels) == 1


async def test_retries_and_failed_calls_are_counted(
    gateway: httpx.AsyncClient, sandboxes: dict[SourceSystem, object], customer_id: str
) -> None:
    from tests.support.sandbox import put_faults

    await put_faults(sandboxes[SourceSystem.ERP], error_rate=1, error_status=503)  # type: ignore[arg-type]
    query = "query Legal($id: ID!) { customer(id: $id) { account { legal { legalName } } } }"
    body = (await gateway.post("/graphql", json={"query": query, "variables": {"id": customer_id}})).json()
    assert body["errors"][0]["extensions"]["code"] == "SOURCE_UNAVAILABLE"

    found = samples((await gateway.get("/metrics")).text)
    suiteql = {"system": "erp", "endpoint": "/services/rest/query/v1/suiteql", "method": "POST"}
    assert value(found, "tessera_upstream_requests_total", **suiteql, outcome="503") == 3  # default policy
    assert value(found, "tessera_upstream_retries_total", **suiteql) == 2
    assert (
        value(found, "tessera_requests_total", operation_type="query", operation="Legal", outcome="partial")
        == 1
    )


async def test_idempotent_replays_are_counted(gateway: httpx.AsyncClient, universe: Universe) -> None:
    variables = {"input": {**_credit_input(universe), "idempotencyKey": "metrics-replay-1"}}
    first = (await gateway.post("/graphql", json={"query": CREDIT, "variables": variables})).json()
    again = (await gateway.post("/graphql", json={"query": CREDIT, "variables": variables})).json()
    assert first == again

    found = samples((await gateway.get("/metrics")).text)
    assert value(found, "tessera_idempotent_replays_total", mutation="issueCredit", system="billing") == 1
    assert value(found, "tessera_mutations_total", mutation="issueCredit", outcome="replayed") == 1


def test_operation_names_are_bounded_labels() -> None:
    metrics = Metrics()
    for n in range(MAX_OPERATION_NAMES):
        assert metrics.operation_label(f"Op{n}") == f"Op{n}"
    assert metrics.operation_label("OneTooMany") == OTHER
    assert metrics.operation_label("Op1") == "Op1"
    assert metrics.operation_label("not a name; DROP") == OTHER
    assert metrics.operation_label(None) == "anonymous"


def test_each_instance_has_its_own_registry() -> None:
    first, second = Metrics(), Metrics()
    first.request("query", "Profile", "ok", 0.01)
    assert b'operation="Profile"' in first.render()
    assert b'operation="Profile"' not in second.render()


async def test_kept_values_are_counted_once_answers_come_from_the_cache(
    gateway: httpx.AsyncClient, customer_id: str
) -> None:
    async def kept() -> tuple[float, float, float]:
        found = samples((await gateway.get("/metrics", headers={"Authorization": ""})).text)
        return (
            value(found, "tessera_kept_values_total", result="hit"),
            value(found, "tessera_kept_values_total", result="built"),
            value(found, "tessera_kept_values_held"),
        )

    counts = [await kept()]
    for _ in range(3):  # loaded live, then read from the cache (built and kept), then answered again
        response = await gateway.post("/graphql", json={"query": PROFILE, "variables": {"id": customer_id}})
        assert response.status_code == 200
        counts.append(await kept())

    (hits0, built0, _), (hits1, built1, _), (hits2, built2, held2), (hits3, built3, _) = counts
    assert (hits1, built1) == (hits0, built0)  # live answers make no key: nothing kept
    assert hits2 == hits1 and built2 > built1 and held2 >= built2 - built0 > 0
    # Answered again; the SLA alone is built again if a minute turned on one of its alerts in between.
    assert hits3 > hits2 and built3 - built2 <= 1
