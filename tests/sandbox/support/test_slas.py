from __future__ import annotations


async def test_list_sla_policies(client, universe):
    response = await client.get("/api/v2/slas/policies")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == len(universe.sla_policies)
    assert body["next_page"] is None and body["previous_page"] is None
    first = body["sla_policies"][0]
    policy = min(universe.sla_policies, key=lambda p: p.position)
    assert first["id"] == policy.id
    assert first["title"] == policy.title
    assert first["position"] == policy.position
    assert first["filter"] == {
        "all": [{"field": "current_tags", "operator": "includes", "value": f"tier_{policy.tier}"}],
        "any": [],
    }
    target = policy.targets[0]
    assert first["policy_metrics"][0] == {
        "priority": target.priority,
        "metric": target.metric,
        "target": target.target_minutes,
        "business_hours": target.business_hours,
    }
    assert first["url"].endswith(f"/api/v2/slas/policies/{policy.id}.json")
    assert {"created_at", "updated_at", "description"} <= set(first)


async def test_show_sla_policy(client, universe):
    policy = universe.sla_policies[-1]
    response = await client.get(f"/api/v2/slas/policies/{policy.id}.json")
    assert response.status_code == 200
    assert response.json()["sla_policy"]["title"] == policy.title
    missing = await client.get("/api/v2/slas/policies/1")
    assert missing.status_code == 404
    assert missing.json() == {"error": "RecordNotFound", "description": "Not found"}
