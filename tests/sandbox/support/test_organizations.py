from __future__ import annotations

from datetime import date
from pathlib import Path

from sandbox.common.db import connect
from sandbox.seed.generate import generate
from sandbox.support.app import create_app
from sandbox.support.store import seed
from tests.sandbox.support.conftest import make_client, orgs
from tests.support.sandbox import CREDENTIALS


async def test_show_organization_maps_the_customer(client, universe):
    customer = orgs(universe)[0]
    response = await client.get(f"/api/v2/organizations/{customer.support_org_id}")
    assert response.status_code == 200
    org = response.json()["organization"]
    assert org["id"] == customer.support_org_id
    assert org["name"] == customer.org_name
    assert org["external_id"] == customer.account_id
    assert org["domain_names"] == list(customer.domain_names)
    assert org["tags"] == [f"tier_{customer.tier}"]
    assert org["organization_fields"] == {"tier": customer.tier, "crm_account_id": customer.account_id}
    assert org["url"] == f"http://support.test/api/v2/organizations/{customer.support_org_id}.json"
    for field in (
        "group_id",
        "created_at",
        "updated_at",
        "details",
        "notes",
        "shared_tickets",
        "shared_comments",
    ):
        assert field in org


async def test_json_suffix_is_accepted(client, universe):
    customer = orgs(universe)[0]
    response = await client.get(f"/api/v2/organizations/{customer.support_org_id}.json")
    assert response.status_code == 200
    assert response.json()["organization"]["id"] == customer.support_org_id


async def test_unknown_organization_is_record_not_found(client):
    response = await client.get("/api/v2/organizations/999")
    assert response.status_code == 404
    assert response.json() == {"error": "RecordNotFound", "description": "Not found"}
    assert (await client.get("/api/v2/organizations/abc")).status_code == 404


async def test_dangling_organization_is_not_created(tmp_path: Path):
    universe = generate(customers=5, seed=11, as_of=date(2026, 11, 1))
    missing = universe.customers[1]
    missing.support_org_exists = False
    path = tmp_path / "support.sqlite"
    seed(connect(path), universe)
    async with make_client(create_app(path, CREDENTIALS)) as client:
        response = await client.get(f"/api/v2/organizations/{missing.support_org_id}")
        assert response.status_code == 404
        assert response.json() == {"error": "RecordNotFound", "description": "Not found"}
        many = await client.get(f"/api/v2/organizations/show_many?external_ids={missing.account_id}")
        assert many.json()["organizations"] == []
        present = await client.get(f"/api/v2/organizations/{universe.customers[0].support_org_id}")
        assert present.status_code == 200


async def test_show_many_by_ids_keeps_order_and_drops_unknown(client, universe):
    a, b = orgs(universe)[3], orgs(universe)[1]
    response = await client.get(
        f"/api/v2/organizations/show_many.json?ids={a.support_org_id},42,{b.support_org_id}"
    )
    assert response.status_code == 200
    body = response.json()
    assert [o["id"] for o in body["organizations"]] == [a.support_org_id, b.support_org_id]
    assert body["count"] == 2
    assert body["next_page"] is None and body["previous_page"] is None


async def test_show_many_by_external_ids_is_case_insensitive(client, universe):
    a, b = orgs(universe)[0], orgs(universe)[2]
    response = await client.get(
        "/api/v2/organizations/show_many",
        params={"external_ids": f"{a.account_id.lower()},{b.account_id},nope"},
    )
    assert [o["external_id"] for o in response.json()["organizations"]] == [a.account_id, b.account_id]


async def test_show_many_allows_100_and_refuses_101(client):
    ok = await client.get(
        "/api/v2/organizations/show_many", params={"ids": ",".join(str(i) for i in range(100))}
    )
    assert ok.status_code == 200
    assert ok.json()["organizations"] == []
    too_many = await client.get(
        "/api/v2/organizations/show_many", params={"ids": ",".join(str(i) for i in range(101))}
    )
    assert too_many.status_code == 400
    assert too_many.json()["error"] == "InvalidValue"
    assert "100" in too_many.json()["description"]


async def test_show_many_bad_parameters(client):
    assert (await client.get("/api/v2/organizations/show_many")).status_code == 400
    assert (await client.get("/api/v2/organizations/show_many?ids=1&external_ids=a")).status_code == 400
    bad = await client.get("/api/v2/organizations/show_many", params={"ids": "1,2 OR 1=1"})
    assert bad.status_code == 400
    assert set(bad.json()) == {"error", "description"}
