from __future__ import annotations

from typing import Any

import httpx

from sandbox.seed.model import Customer, Ticket, Universe
from sandbox.support.enums import PRIORITY_RANK, STATUS_RANK
from tests.sandbox.support.conftest import busiest, orgs


def _tickets(universe: Universe) -> list[tuple[Customer, Ticket]]:
    return [(c, t) for c in orgs(universe) for t in c.tickets]


async def _ids(client: httpx.AsyncClient, query: str, **params: Any) -> set[int]:
    """Every matching id, following next_page links."""
    response = await client.get("/api/v2/search.json", params={"query": query, **params})
    ids: set[int] = set()
    while True:
        assert response.status_code == 200, response.text
        body = response.json()
        ids |= {r["id"] for r in body["results"]}
        if body["next_page"] is None:
            assert len(ids) == body["count"]
            return ids
        response = await client.get(body["next_page"])


async def test_organization_and_status_below_solved(client, universe):
    customer = busiest(universe)
    response = await client.get(
        "/api/v2/search",
        params={"query": f"type:ticket organization:{customer.support_org_id} status<solved"},
    )
    body = response.json()
    expected = {t.id for t in customer.tickets if STATUS_RANK[t.status] < STATUS_RANK["solved"]}
    assert {r["id"] for r in body["results"]} == expected
    assert body["count"] == len(expected)
    assert body["facets"] is None
    assert body["next_page"] is None and body["previous_page"] is None
    assert all(r["result_type"] == "ticket" for r in body["results"])


async def test_status_and_priority_operators(client, universe):
    everything = _tickets(universe)
    assert await _ids(client, "type:ticket status:open") == {
        t.id for _, t in everything if t.status == "open"
    }
    assert await _ids(client, "type:ticket status>new") == {t.id for _, t in everything if t.status != "new"}
    assert await _ids(client, "type:ticket priority:urgent") == {
        t.id for _, t in everything if t.priority == "urgent"
    }
    assert await _ids(client, "type:ticket priority>normal") == {
        t.id for _, t in everything if PRIORITY_RANK[t.priority] > PRIORITY_RANK["normal"]
    }
    assert await _ids(client, "type:ticket status:open status:pending") == {
        t.id for _, t in everything if t.status in ("open", "pending")
    }
    assert await _ids(client, "type:ticket -status:closed") == {
        t.id for _, t in everything if t.status != "closed"
    }


async def test_tags_and_free_text(client, universe):
    everything = _tickets(universe)
    assert await _ids(client, "type:ticket tags:tier_enterprise") == {
        t.id for c, t in everything if c.tier == "enterprise"
    }
    subject = everything[0][1].subject
    word = subject.split()[0]
    expected = {t.id for _, t in everything if word.lower() in t.subject.lower().split()}
    assert await _ids(client, f"type:ticket {word}") == expected
    assert await _ids(client, f'type:ticket "{subject}"') == {
        t.id for _, t in everything if t.subject == subject
    }


async def test_quoted_values_cannot_add_terms(client, universe):
    customer = busiest(universe)
    # The phrase is matched as text; its "organization:" and "status:" are not terms.
    injected = f'type:ticket "x organization:{customer.support_org_id} status:open"'
    assert await _ids(client, injected) == set()
    assert await _ids(client, 'type:ticket tags:"tier_enterprise status:open"') == set()
    for query in ('type:ticket subject:"abc" status:closed"', 'type:ticket subject:"abc', 'type:ticket a"b'):
        response = await client.get("/api/v2/search", params={"query": query})
        assert response.status_code == 400
        assert response.json()["error"] == "invalid"


async def test_offset_paging_and_sorting(client, universe):
    total = len(_tickets(universe))
    first = (await client.get("/api/v2/search", params={"query": "type:ticket", "per_page": 50})).json()
    assert first["count"] == total and len(first["results"]) == 50
    stamps = [(r["updated_at"], r["id"]) for r in first["results"]]
    assert stamps == sorted(stamps, reverse=True)
    seen = [r["id"] for r in first["results"]]
    url = first["next_page"]
    while url:
        page = (await client.get(url)).json()
        assert page["previous_page"] is not None
        seen += [r["id"] for r in page["results"]]
        url = page["next_page"]
    assert len(seen) == len(set(seen)) == total
    ascending = await client.get(
        "/api/v2/search", params={"query": "type:ticket", "sort_by": "created_at", "sort_order": "asc"}
    )
    created = [r["created_at"] for r in ascending.json()["results"]]
    assert created == sorted(created)


async def test_results_are_capped_at_1000(client):
    ok = await client.get("/api/v2/search", params={"query": "type:ticket", "page": 10, "per_page": 100})
    assert ok.status_code == 200
    beyond = await client.get("/api/v2/search", params={"query": "type:ticket", "page": 11, "per_page": 100})
    assert beyond.status_code == 422
    assert beyond.json() == {
        "error": "invalid",
        "description": "Invalid search: Requested response size was greater than Search Response Limits",
    }


async def test_search_request_errors(client):
    assert (await client.get("/api/v2/search")).status_code == 400
    assert (await client.get("/api/v2/search", params={"query": "status:open"})).status_code == 400
    assert (
        await client.get("/api/v2/search", params={"query": "type:ticket", "sort_by": "x"})
    ).status_code == 400
    assert (
        await client.get("/api/v2/search", params={"query": "type:ticket", "include": "x"})
    ).status_code == 400
    assert (
        await client.get("/api/v2/search", params={"query": "type:ticket", "page": "0"})
    ).status_code == 400


async def test_search_sees_updates(client, universe):
    ticket = next(t for _, t in _tickets(universe) if t.status == "open")
    await client.put(f"/api/v2/tickets/{ticket.id}", json={"ticket": {"status": "hold"}})
    assert ticket.id in await _ids(client, "type:ticket status:hold")
    assert ticket.id not in await _ids(client, "type:ticket status:open")
