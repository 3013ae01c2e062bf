from __future__ import annotations

from sandbox.seed.model import Customer, Ticket, Universe
from tests.sandbox.support.conftest import NOW, busiest, orgs


def _all_tickets(universe: Universe) -> list[tuple[Customer, Ticket]]:
    return [(c, t) for c in orgs(universe) for t in c.tickets]


async def test_show_ticket_fields(client, universe):
    customer, ticket = _all_tickets(universe)[0]
    response = await client.get(f"/api/v2/tickets/{ticket.id}.json")
    assert response.status_code == 200
    body = response.json()["ticket"]
    assert body["id"] == ticket.id
    assert body["subject"] == body["raw_subject"] == ticket.subject
    assert body["description"] == ticket.description
    assert body["status"] == ticket.status
    assert body["priority"] == ticket.priority
    assert body["organization_id"] == customer.support_org_id
    assert f"tier_{customer.tier}" in body["tags"]
    assert body["created_at"] == ticket.created_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert body["satisfaction_rating"] is None
    assert body["custom_fields"] == []
    assert body["type"] in ("problem", "incident", "question", "task")
    assert body["via"]["channel"] == "email"
    for field in ("url", "external_id", "requester_id", "assignee_id", "group_id", "updated_at"):
        assert field in body
    assert "slas" not in body


async def test_show_ticket_with_slas(client, universe):
    ticket = next(t for _, t in _all_tickets(universe) if any(s.stage == "active" for s in t.sla))
    body = (await client.get(f"/api/v2/tickets/{ticket.id}?include=slas")).json()["ticket"]
    metrics = body["slas"]["policy_metrics"]
    state = ticket.sla[0]
    assert state.breach_at is not None
    assert metrics[0]["metric"] == state.metric
    assert metrics[0]["stage"] == state.stage
    assert metrics[0]["breach_at"] == state.breach_at.strftime("%Y-%m-%dT%H:%M:%SZ")
    # A running clock also says how long is left (negative once breached), in one unit.
    units = {k: v for k, v in metrics[0].items() if k in ("days", "hours", "minutes")}
    assert len(units) == 1
    left_minutes = (state.breach_at - NOW).total_seconds() / 60
    unit, value = next(iter(units.items()))
    scale = {"days": 1440, "hours": 60, "minutes": 1}[unit]
    assert value == int(int(left_minutes) / scale)


async def test_unsupported_include_is_refused(client, universe):
    _, ticket = _all_tickets(universe)[0]
    response = await client.get(f"/api/v2/tickets/{ticket.id}?include=users")
    assert response.status_code == 400
    assert response.json()["error"] == "InvalidValue"


async def test_missing_ticket(client):
    response = await client.get("/api/v2/tickets/1")
    assert response.status_code == 404
    assert response.json() == {"error": "RecordNotFound", "description": "Not found"}


async def test_show_many_tickets(client, universe):
    tickets = [t for _, t in _all_tickets(universe)][:3]
    ids = [tickets[2].id, 5, tickets[0].id]
    response = await client.get(
        "/api/v2/tickets/show_many.json", params={"ids": ",".join(map(str, ids)), "include": "slas"}
    )
    assert response.status_code == 200
    body = response.json()
    assert [t["id"] for t in body["tickets"]] == [tickets[2].id, tickets[0].id]
    assert body["count"] == 2
    assert all("slas" in t for t in body["tickets"])


async def test_show_many_tickets_limit(client):
    ok = await client.get(
        "/api/v2/tickets/show_many", params={"ids": ",".join(str(i) for i in range(1, 101))}
    )
    assert ok.status_code == 200
    too_many = await client.get(
        "/api/v2/tickets/show_many", params={"ids": ",".join(str(i) for i in range(1, 102))}
    )
    assert too_many.status_code == 400
    assert set(too_many.json()) == {"error", "description"}
    assert (await client.get("/api/v2/tickets/show_many")).status_code == 400


async def test_organization_tickets_offset_paging(client, universe):
    customer = busiest(universe)
    expected = sorted(t.id for t in customer.tickets)
    url = f"/api/v2/organizations/{customer.support_org_id}/tickets.json?per_page=5"
    seen, pages = [], 0
    while url:
        response = await client.get(url)
        assert response.status_code == 200
        body = response.json()
        assert body["count"] == len(expected)
        if pages == 0:
            assert body["previous_page"] is None
        else:
            assert body["previous_page"].endswith(f"tickets.json?per_page=5&page={pages}")
        seen += [t["id"] for t in body["tickets"]]
        assert all(t["organization_id"] == customer.support_org_id for t in body["tickets"])
        url = body["next_page"]
        pages += 1
    assert seen == expected
    assert pages == -(-len(expected) // 5)


async def test_offset_paging_sort_by(client, universe):
    customer = busiest(universe)
    response = await client.get(
        f"/api/v2/organizations/{customer.support_org_id}/tickets?sort_by=updated_at&sort_order=desc"
    )
    stamps = [(t["updated_at"], t["id"]) for t in response.json()["tickets"]]
    assert stamps == sorted(stamps, reverse=True)
    bad = await client.get(f"/api/v2/organizations/{customer.support_org_id}/tickets?sort_by=requester")
    assert bad.status_code == 400


async def test_organization_tickets_cursor_paging_forward_and_back(client, universe):
    customer = busiest(universe)
    expected = sorted(((t.updated_at, t.id) for t in customer.tickets), reverse=True)
    url = f"/api/v2/organizations/{customer.support_org_id}/tickets?page[size]=3&sort=-updated_at"
    pages = []
    while url:
        body = (await client.get(url)).json()
        assert set(body) == {"tickets", "meta", "links"}
        assert len(body["tickets"]) <= 3
        pages.append(body)
        url = body["links"]["next"]
        assert body["meta"]["has_more"] == (url is not None)
    ids = [t["id"] for page in pages for t in page["tickets"]]
    assert ids == [i for _, i in expected]
    assert pages[0]["links"]["prev"] is None
    # Walk back from the last page with its prev links.
    back = pages[-1]["links"]["prev"]
    reversed_ids: list[int] = []
    while back:
        body = (await client.get(back)).json()
        reversed_ids = [t["id"] for t in body["tickets"]] + reversed_ids
        back = body["links"]["prev"]
    assert reversed_ids + [t["id"] for t in pages[-1]["tickets"]] == ids


async def test_cursor_meta_cursors_resume(client, universe):
    customer = busiest(universe)
    base = f"/api/v2/organizations/{customer.support_org_id}/tickets"
    first = (await client.get(f"{base}?page[size]=2")).json()
    after = first["meta"]["after_cursor"]
    second = (await client.get(base, params={"page[size]": "2", "page[after]": after})).json()
    ids = sorted(t.id for t in customer.tickets)
    assert [t["id"] for t in first["tickets"]] == ids[:2]
    assert [t["id"] for t in second["tickets"]] == ids[2:4]
    before = second["meta"]["before_cursor"]
    again = (await client.get(base, params={"page[size]": "2", "page[before]": before})).json()
    assert [t["id"] for t in again["tickets"]] == ids[:2]
    assert again["meta"]["has_more"] is False


async def test_cursor_paging_errors(client, universe):
    base = f"/api/v2/organizations/{busiest(universe).support_org_id}/tickets"
    too_big = await client.get(base, params={"page[size]": "101"})
    assert too_big.status_code == 400
    assert too_big.json()["errors"][0]["code"] == "InvalidPaginationParameter"
    assert (await client.get(base, params={"page[size]": "100"})).status_code == 200
    garbage = await client.get(base, params={"page[after]": "not-a-cursor"})
    assert garbage.status_code == 400
    assert garbage.json()["errors"][0]["title"] == "page[after] is not valid"
    # A cursor only works with the ordering that made it.
    first = (await client.get(base, params={"page[size]": "1", "sort": "-updated_at"})).json()
    other = await client.get(base, params={"page[size]": "1", "page[after]": first["meta"]["after_cursor"]})
    assert other.status_code == 400
    assert (await client.get(base, params={"page[size]": "0"})).status_code == 400


async def test_organization_tickets_of_unknown_org(client):
    response = await client.get("/api/v2/organizations/123/tickets")
    assert response.status_code == 404
    assert response.json()["error"] == "RecordNotFound"


async def test_comments_start_with_description(client, universe):
    _, ticket = _all_tickets(universe)[0]
    body = (await client.get(f"/api/v2/tickets/{ticket.id}/comments.json")).json()
    assert body["count"] == 1
    comment = body["comments"][0]
    assert comment["body"] == ticket.description
    assert comment["public"] is True
    assert comment["type"] == "Comment"
    assert (await client.get("/api/v2/tickets/1/comments")).status_code == 404
