from __future__ import annotations

import json

import httpx
import pytest

from app.graphql import GraphQLView
from domain.systems import SourceSystem
from sandbox.common.system import SystemApp
from sandbox.seed.model import Universe
from tests.app.conftest import AUTH, settings_with
from tests.support.sandbox import journal, put_faults

PROFILE = "query($id: ID!) { customer(id: $id) { id account { id name } } }"


async def test_post_answers_a_profile(gateway: httpx.AsyncClient, universe: Universe) -> None:
    customer = universe.customers[0]

    response = await gateway.post(
        "/graphql", json={"query": PROFILE, "variables": {"id": customer.account_id}}
    )

    assert response.status_code == 200
    body = response.json()
    assert "errors" not in body
    assert body["data"]["customer"]["id"] == customer.account_id
    assert body["data"]["customer"]["account"]["id"] == customer.account_id
    assert body["data"]["customer"]["account"]["name"]


async def test_get_answers_a_query(gateway: httpx.AsyncClient, customer_id: str) -> None:
    query = '{ customer(id: "ID") { id account { id } } }'.replace("ID", customer_id)

    response = await gateway.get("/graphql", params={"query": query})

    assert response.status_code == 200
    assert response.json()["data"]["customer"]["account"]["id"] == customer_id


async def test_get_refuses_a_mutation(
    gateway: httpx.AsyncClient, sandboxes: dict[SourceSystem, SystemApp]
) -> None:
    response = await gateway.get("/graphql", params={"query": "mutation { __typename }"})

    assert response.status_code == 400
    assert "mutation" in response.text.lower()
    assert all(app.journal.entries() == [] for app in sandboxes.values())


async def test_graphiql_is_served_to_a_browser(gateway: httpx.AsyncClient) -> None:
    response = await gateway.get("/graphql", headers={"Accept": "text/html"})

    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


async def test_the_request_id_is_echoed_and_sent_upstream(
    gateway: httpx.AsyncClient, sandboxes: dict[SourceSystem, SystemApp], customer_id: str
) -> None:
    traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    response = await gateway.post(
        "/graphql",
        json={"query": PROFILE, "variables": {"id": customer_id}},
        headers={"X-Request-Id": "agent-console-7", "traceparent": traceparent},
    )

    assert response.headers["x-request-id"] == "agent-console-7"
    entries = await journal(sandboxes[SourceSystem.CRM])
    assert entries
    assert {e["headers"].get("x-request-id") for e in entries} == {"agent-console-7"}
    sent = [e["headers"]["traceparent"].split("-") for e in entries]
    # The caller's trace continues upstream; the parent span is the gateway's own client span.
    assert {version for version, _, _, _ in sent} == {"00"}
    assert {trace_id for _, trace_id, _, _ in sent} == {traceparent.split("-")[1]}
    assert traceparent.split("-")[2] not in {span_id for _, _, span_id, _ in sent}


async def test_a_new_request_id_is_made_when_none_is_given(
    gateway: httpx.AsyncClient, customer_id: str
) -> None:
    first = await gateway.post("/graphql", json={"query": PROFILE, "variables": {"id": customer_id}})
    second = await gateway.post("/graphql", json={"query": PROFILE, "variables": {"id": customer_id}})

    assert len(first.headers["x-request-id"]) == 32
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


async def test_a_system_down_gives_a_partial_answer_with_http_200(
    gateway: httpx.AsyncClient, sandboxes: dict[SourceSystem, SystemApp], customer_id: str
) -> None:
    await put_faults(sandboxes[SourceSystem.BILLING], down=True)
    query = "query($id: ID!) { customer(id: $id) { id account { name } invoices { id } } }"

    response = await gateway.post("/graphql", json={"query": query, "variables": {"id": customer_id}})

    assert response.status_code == 200
    body = response.json()
    assert body["data"]["customer"]["account"]["name"]
    assert body["data"]["customer"]["invoices"] is None
    assert [(e["extensions"]["code"], e["extensions"]["source"]) for e in body["errors"]] == [
        ("SOURCE_UNAVAILABLE", "billing")
    ]
    assert "Traceback" not in response.text
    assert "sk_test" not in response.text


async def test_the_id_limit_per_query_comes_from_settings(
    sandboxes: dict[SourceSystem, SystemApp], universe: Universe
) -> None:
    from asgi_lifespan import LifespanManager

    from app.main import create_app

    settings = settings_with(max_customers_per_query=2)
    transports = {system: httpx.ASGITransport(app=app) for system, app in sandboxes.items()}
    app = create_app(settings, transports=transports)
    ids = [c.account_id for c in universe.customers[:3]]
    query = "query($ids: [ID!]!) { customers(ids: $ids) { id } }"
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app), base_url="http://gw", headers=AUTH
        ) as client,
    ):
        refused = await client.post("/graphql", json={"query": query, "variables": {"ids": ids}})
        allowed = await client.post("/graphql", json={"query": query, "variables": {"ids": ids[:2]}})
    assert refused.json()["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert "at most 2 ids" in refused.json()["errors"][0]["message"]
    assert [c["id"] for c in allowed.json()["data"]["customers"]] == ids[:2]


def test_answers_are_encoded_as_the_same_json_as_before() -> None:
    data = {"data": {"customer": {"name": "Zoë & Søn", "amount": "12.50", "n": 3, "ok": True, "x": None}}}

    encoded = GraphQLView.encode_json(GraphQLView.__new__(GraphQLView), data)

    assert json.loads(encoded) == data
    ascii_only = {"data": {"n": [1, 2.5], "s": "plain"}}
    assert (
        GraphQLView.encode_json(GraphQLView.__new__(GraphQLView), ascii_only)
        == json.dumps(ascii_only, separators=(",", ":")).encode()
    )


@pytest.mark.parametrize("body", [b'{"query": "{ __typename }"', b"NaN", b'{"query": "{ __typename }"}x'])
async def test_a_body_that_is_not_json_is_refused_with_400(gateway: httpx.AsyncClient, body: bytes) -> None:
    response = await gateway.post("/graphql", content=body, headers={"content-type": "application/json"})

    assert response.status_code == 400
    assert "Unable to parse request body as JSON" in response.text


async def test_a_json_body_is_read_as_json(gateway: httpx.AsyncClient) -> None:
    body = '{"query": "{ __typename }", "variables": {"é": "✓"}}'.encode()

    response = await gateway.post("/graphql", content=body, headers={"content-type": "application/json"})

    assert response.status_code == 200
    assert response.json() == {"data": {"__typename": "Query"}}
