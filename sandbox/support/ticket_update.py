"""`PUT /api/v2/tickets/{id}`: validating `{ticket:{status, priority, comment}}` and applying it.

Validation runs before anything is written, so a rejected update leaves the ticket untouched.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sandbox.common.db import transaction
from sandbox.support.enums import API_AGENT_ID, PRIORITIES, PRIORITY_RANK, STATUS_RANK, STATUSES
from sandbox.support.errors import bad_request, classic, record_invalid
from sandbox.support.queries import ticket as load_ticket
from sandbox.support.timefmt import iso, parse_iso

# Read-only fields a client may echo back; Zendesk drops them (with a warning header) instead of failing.
_IGNORED = frozenset({"id", "url", "created_at", "updated_at"})
_SUPPORTED = frozenset({"status", "priority", "comment", "safe_update", "updated_stamp"})


@dataclass(frozen=True)
class TicketUpdate:
    """What a client asked to change."""

    status: str | None = None
    priority: str | None = None
    comment_body: str | None = None
    comment_public: bool = True
    safe_update: bool = False
    updated_stamp: str | None = None


def parse_update(payload: Any) -> TicketUpdate:
    """Read and validate the request body; 400 for a malformed body, 422 for invalid values."""
    if not isinstance(payload, dict) or not isinstance(payload.get("ticket"), dict):
        raise bad_request("The request body must be a JSON object with a ticket object")
    fields: dict[str, Any] = payload["ticket"]
    details: dict[str, list[dict[str, str]]] = {}

    def fail(field: str, description: str, error: str = "InvalidValue") -> None:
        details.setdefault(field, []).append({"description": description, "error": error})

    for name in fields:
        if name not in _SUPPORTED and name not in _IGNORED:
            fail(name, f"{name.capitalize()}: cannot be updated in this sandbox", "Unsupported")
    status, priority = fields.get("status"), fields.get("priority")
    if "status" in fields and status not in STATUSES:
        fail("status", f"Status: {status} is not valid")
    if "priority" in fields and priority not in PRIORITIES:
        fail("priority", f"Priority: {priority} is not valid")
    body, public = None, True
    if "comment" in fields:
        comment = fields["comment"]
        if not isinstance(comment, dict):
            fail("comment", "Comment: must be an object with a body")
        else:
            body, public = comment.get("body"), comment.get("public", True)
            if not isinstance(body, str) or not body.strip():
                fail("comment", "Comment: cannot be blank", "BlankValue")
            if not isinstance(public, bool):
                fail("comment", "Comment: public must be true or false")
            extra = set(comment) - {"body", "public"}
            if extra:
                fail(
                    "comment",
                    f"Comment: {', '.join(sorted(extra))} cannot be set in this sandbox",
                    "Unsupported",
                )
    safe_update, stamp = fields.get("safe_update", False), fields.get("updated_stamp")
    if not isinstance(safe_update, bool):
        fail("safe_update", "Safe update: must be true or false")
    if safe_update and not isinstance(stamp, str):
        fail("updated_stamp", "Updated stamp: is required with safe_update")
    if details:
        raise record_invalid(details)
    return TicketUpdate(
        status=status,
        priority=priority,
        comment_body=body,
        comment_public=bool(public),
        safe_update=safe_update,
        updated_stamp=stamp if isinstance(stamp, str) else None,
    )


def apply_update(
    conn: sqlite3.Connection, ticket_id: int, update: TicketUpdate, now: datetime
) -> tuple[sqlite3.Row, dict[str, Any] | None] | None:
    """Apply an update in one transaction. None if the ticket does not exist; else (ticket, audit or None)."""
    with transaction(conn):
        current = load_ticket(conn, ticket_id)
        if current is None:
            return None
        _check_transition(current, update)
        changes = _changes(current, update)
        if not changes and update.comment_body is None:
            return current, None
        # Zendesk's updated_at always moves forward on a write, even within the same second.
        updated = max(now, parse_iso(current["updated_at"]) + timedelta(seconds=1))
        stamp = iso(updated)
        sla = _sla_after(json.loads(current["sla"]), changes.get("status"), update)
        assignments = {**changes, "sla": json.dumps(sla), "updated_at": stamp}
        if "status" in changes:
            assignments["status_rank"] = STATUS_RANK[changes["status"]]
        if "priority" in changes:
            assignments["priority_rank"] = PRIORITY_RANK[changes["priority"]]
        columns = ", ".join(f"{column} = ?" for column in assignments)
        conn.execute(f"UPDATE tickets SET {columns} WHERE id = ?", [*assignments.values(), ticket_id])
        events: list[dict[str, Any]] = [
            {"type": "Change", "field_name": field, "value": value, "previous_value": current[field]}
            for field, value in changes.items()
        ]
        if update.comment_body is not None:
            events.insert(0, {"type": "Comment", "body": update.comment_body, "public": update.comment_public,
                              "author_id": API_AGENT_ID})  # fmt: skip
        audit_id = conn.execute(
            "INSERT INTO ticket_audits (ticket_id, author_id, events, created_at) VALUES (?, ?, '[]', ?)",
            (ticket_id, API_AGENT_ID, stamp),
        ).lastrowid
        assert audit_id is not None
        for number, event in enumerate(events, start=1):
            event["id"] = audit_id * 100 + number
        conn.execute("UPDATE ticket_audits SET events = ? WHERE id = ?", (json.dumps(events), audit_id))
        if update.comment_body is not None:
            conn.execute(
                "INSERT INTO ticket_comments"
                " (ticket_id, audit_id, author_id, body, public, channel, created_at)"
                " VALUES (?, ?, ?, ?, ?, 'api', ?)",
                (ticket_id, audit_id, API_AGENT_ID, update.comment_body, int(update.comment_public), stamp),
            )
        fresh = load_ticket(conn, ticket_id)
        assert fresh is not None
        audit = {
            "id": audit_id,
            "ticket_id": ticket_id,
            "created_at": stamp,
            "author_id": API_AGENT_ID,
            "metadata": {"system": {}, "custom": {}},
            "via": {"channel": "api", "source": {"from": {}, "to": {}, "rel": None}},
            "events": events,
        }
        return fresh, audit


def _check_transition(current: sqlite3.Row, update: TicketUpdate) -> None:
    if update.safe_update and update.updated_stamp != current["updated_at"]:
        raise classic(
            409,
            "UpdateConflict",
            "Safe Update prevented the update due to outdated ticket data. "
            "Please fetch the latest ticket data and try again.",
        )
    if current["status"] == "closed":
        raise record_invalid(
            {"status": [{"description": "Status: closed prevents ticket update", "error": "ClosedTicket"}]}
        )
    if update.status == "new" and current["status"] != "new":
        raise record_invalid(
            {"status": [{"description": "Status: cannot be set back to new", "error": "InvalidValue"}]}
        )


def _changes(current: sqlite3.Row, update: TicketUpdate) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    status = update.status
    # An agent's comment on a new ticket opens it, as in Zendesk's agent workspace.
    if status is None and update.comment_body is not None and current["status"] == "new":
        status = "open"
    if status is not None and status != current["status"]:
        changes["status"] = status
    if update.priority is not None and update.priority != current["priority"]:
        changes["priority"] = update.priority
    # Solving needs an assignee; the acting agent takes the ticket, as Zendesk does for the solving agent.
    if status in ("solved", "closed") and current["assignee_id"] is None:
        changes["assignee_id"] = API_AGENT_ID
    return changes


def _sla_after(
    states: list[dict[str, Any]], status: str | None, update: TicketUpdate
) -> list[dict[str, Any]]:
    """Solving fulfils every running target; a public agent reply fulfils the reply-time targets."""
    replied = update.comment_body is not None and update.comment_public
    result = []
    for state in states:
        running = state["stage"] in ("active", "paused")
        reply_metric = state["metric"] in ("first_reply_time", "next_reply_time")
        if running and (status in ("solved", "closed") or (replied and reply_metric)):
            state = {**state, "stage": "achieved"}
        result.append(state)
    return result
