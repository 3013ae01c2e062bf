from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sandbox.seed.model import Ticket, Universe
from sandbox.support.app import create_app
from tests.sandbox.support.conftest import NOW, make_client, orgs
from tests.support.sandbox import CREDENTIALS


def _ticket(universe: Universe, *statuses: str) -> Ticket:
    return next(t for c in orgs(universe) for t in c.tickets if t.status in statuses)


def _snapshot(db_path: Path) -> tuple[list[Any], list[Any], list[Any]]:
    conn = sqlite3.connect(db_path)
    try:
        return (
            conn.execute("SELECT * FROM tickets ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM ticket_comments ORDER BY id").fetchall(),
            conn.execute("SELECT * FROM ticket_audits ORDER BY id").fetchall(),
        )
    finally:
        conn.close()


async def test_update_status_priority_and_comment(client, universe):
    ticket = _ticket(universe, "open")
    before = (await client.get(f"/api/v2/tickets/{ticket.id}")).json()["ticket"]
    new_priority = "urgent" if ticket.priority != "urgent" else "low"
    response = await client.put(
        f"/api/v2/tickets/{ticket.id}.json",
        json={
            "ticket": {
                "status": "pending",
                "priority": new_priority,
                "comment": {"body": "On it.", "public": False},
            }
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["ticket"]["status"] == "pending"
    assert body["ticket"]["priority"] == new_priority
    assert body["ticket"]["updated_at"] > before["updated_at"]
    assert body["ticket"]["updated_at"] == NOW.strftime("%Y-%m-%dT%H:%M:%SZ")
    events = body["audit"]["events"]
    assert events[0]["type"] == "Comment" and events[0]["body"] == "On it." and events[0]["public"] is False
    changes = {e["field_name"]: (e["previous_value"], e["value"]) for e in events if e["type"] == "Change"}
    assert changes["status"] == ("open", "pending")
    assert changes["priority"] == (ticket.priority, new_priority)
    comments = (await client.get(f"/api/v2/tickets/{ticket.id}/comments")).json()["comments"]
    assert [c["body"] for c in comments] == [ticket.description, "On it."]
    assert comments[1]["public"] is False
    assert comments[1]["audit_id"] == body["audit"]["id"]
    shown = (await client.get(f"/api/v2/tickets/{ticket.id}")).json()["ticket"]
    assert shown["status"] == "pending" and shown["updated_at"] == body["ticket"]["updated_at"]


async def test_invalid_values_are_422_and_write_nothing(client, universe, db_path):
    ticket = _ticket(universe, "open", "new")
    before = _snapshot(db_path)
    response = await client.put(
        f"/api/v2/tickets/{ticket.id}",
        json={"ticket": {"status": "done", "priority": "asap", "comment": {"body": "ignored"}}},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "RecordInvalid"
    assert body["description"] == "Record validation errors"
    assert set(body["details"]) == {"status", "priority"}
    assert set(body["details"]["status"][0]) == {"description", "error"}
    assert _snapshot(db_path) == before


async def test_blank_comment_and_unsupported_field_are_refused(client, universe, db_path):
    ticket = _ticket(universe, "open")
    before = _snapshot(db_path)
    blank = await client.put(f"/api/v2/tickets/{ticket.id}", json={"ticket": {"comment": {"body": "  "}}})
    assert blank.status_code == 422
    assert "comment" in blank.json()["details"]
    other = await client.put(
        f"/api/v2/tickets/{ticket.id}", json={"ticket": {"subject": "x", "status": "open"}}
    )
    assert other.status_code == 422
    assert "subject" in other.json()["details"]
    assert _snapshot(db_path) == before


async def test_closed_ticket_cannot_be_updated(client, universe, db_path):
    ticket = _ticket(universe, "closed")
    before = _snapshot(db_path)
    response = await client.put(f"/api/v2/tickets/{ticket.id}", json={"ticket": {"status": "open"}})
    assert response.status_code == 422
    assert response.json()["details"]["status"][0]["description"] == "Status: closed prevents ticket update"
    assert _snapshot(db_path) == before


async def test_status_cannot_go_back_to_new(client, universe):
    ticket = _ticket(universe, "open")
    response = await client.put(f"/api/v2/tickets/{ticket.id}", json={"ticket": {"status": "new"}})
    assert response.status_code == 422
    assert "status" in response.json()["details"]


async def test_comment_on_new_ticket_opens_it(client, universe):
    ticket = _ticket(universe, "new")
    response = await client.put(
        f"/api/v2/tickets/{ticket.id}", json={"ticket": {"comment": {"body": "Looking", "public": True}}}
    )
    assert response.status_code == 200
    assert response.json()["ticket"]["status"] == "open"
    # A new ticket is unassigned, and opening is not solving: the acting agent does not take it.
    assert response.json()["ticket"]["assignee_id"] is None


async def test_solving_achieves_running_slas(client, universe):
    ticket = next(
        t for c in orgs(universe) for t in c.tickets if t.status == "open" and t.sla[0].stage == "active"
    )
    response = await client.put(f"/api/v2/tickets/{ticket.id}", json={"ticket": {"status": "solved"}})
    assert response.status_code == 200
    shown = (await client.get(f"/api/v2/tickets/{ticket.id}?include=slas")).json()["ticket"]
    assert shown["status"] == "solved"
    assert shown["assignee_id"] is not None
    assert {m["stage"] for m in shown["slas"]["policy_metrics"]} == {"achieved"}


async def test_malformed_bodies(client, universe):
    ticket = _ticket(universe, "open")
    not_json = await client.put(f"/api/v2/tickets/{ticket.id}", content=b"{status: open")
    assert not_json.status_code == 400
    no_ticket = await client.put(f"/api/v2/tickets/{ticket.id}", json={"status": "open"})
    assert no_ticket.status_code == 400
    missing = await client.put("/api/v2/tickets/1", json={"ticket": {"status": "open"}})
    assert missing.status_code == 404


async def test_safe_update_conflict(client, universe, db_path):
    ticket = _ticket(universe, "open")
    before = _snapshot(db_path)
    stale = await client.put(
        f"/api/v2/tickets/{ticket.id}",
        json={"ticket": {"status": "pending", "safe_update": True, "updated_stamp": "2000-01-01T00:00:00Z"}},
    )
    assert stale.status_code == 409
    assert stale.json()["error"] == "UpdateConflict"
    assert _snapshot(db_path) == before
    current = (await client.get(f"/api/v2/tickets/{ticket.id}")).json()["ticket"]["updated_at"]
    fresh = await client.put(
        f"/api/v2/tickets/{ticket.id}",
        json={"ticket": {"status": "pending", "safe_update": True, "updated_stamp": current}},
    )
    assert fresh.status_code == 200


async def test_no_op_update_changes_nothing(client, universe, db_path):
    ticket = _ticket(universe, "open")
    before = _snapshot(db_path)
    response = await client.put(f"/api/v2/tickets/{ticket.id}", json={"ticket": {"status": "open"}})
    assert response.status_code == 200
    assert "audit" not in response.json()
    assert _snapshot(db_path) == before


async def test_updates_survive_a_restart(app, universe, db_path):
    ticket = _ticket(universe, "open")
    async with make_client(app) as client:
        response = await client.put(
            f"/api/v2/tickets/{ticket.id}", json={"ticket": {"status": "hold", "comment": {"body": "Kept"}}}
        )
        assert response.status_code == 200
    restarted = create_app(db_path, CREDENTIALS)
    async with make_client(restarted) as client:
        shown = (await client.get(f"/api/v2/tickets/{ticket.id}")).json()["ticket"]
        assert shown["status"] == "hold"
        comments = (await client.get(f"/api/v2/tickets/{ticket.id}/comments")).json()["comments"]
        assert comments[-1]["body"] == "Kept"
