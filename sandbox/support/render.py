"""Zendesk JSON for stored rows: organizations, tickets (with SLA state), comments, SLA policies."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime
from typing import Any

from sandbox.support.timefmt import parse_iso

SUPPORT_ADDRESS = "support@tessera.zendesk.com"


def organization(row: sqlite3.Row, base_url: str) -> dict[str, Any]:
    """An organization as `GET /api/v2/organizations/{id}` shows it."""
    return {
        "url": f"{base_url}api/v2/organizations/{row['id']}.json",
        "id": row["id"],
        "name": row["name"],
        "shared_tickets": False,
        "shared_comments": False,
        "external_id": row["external_id"],
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "domain_names": json.loads(row["domain_names"]),
        "details": "",
        "notes": "",
        "group_id": row["group_id"],
        "tags": json.loads(row["tags"]),
        "organization_fields": json.loads(row["organization_fields"]),
    }


def ticket(row: sqlite3.Row, base_url: str, *, slas_at: datetime | None = None) -> dict[str, Any]:
    """A ticket as `GET /api/v2/tickets/{id}` shows it; with `slas_at`, its SLA state at that moment."""
    body: dict[str, Any] = {
        "url": f"{base_url}api/v2/tickets/{row['id']}.json",
        "id": row["id"],
        "external_id": None,
        "via": {
            "channel": "email",
            "source": {
                "from": {"address": row["requester_email"], "name": None},
                "to": {"address": SUPPORT_ADDRESS, "name": "Tessera Support"},
                "rel": None,
            },
        },
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
        "generated_timestamp": int(parse_iso(row["updated_at"]).timestamp()),
        "type": row["type"],
        "subject": row["subject"],
        "raw_subject": row["subject"],
        "description": row["description"],
        "priority": row["priority"],
        "status": row["status"],
        "recipient": SUPPORT_ADDRESS,
        "requester_id": row["requester_id"],
        "submitter_id": row["requester_id"],
        "assignee_id": row["assignee_id"],
        "organization_id": row["organization_id"],
        "group_id": row["group_id"],
        "collaborator_ids": [],
        "follower_ids": [],
        "email_cc_ids": [],
        "forum_topic_id": None,
        "problem_id": None,
        "has_incidents": False,
        "is_public": True,
        "due_at": None,
        "tags": json.loads(row["tags"]),
        "custom_fields": [],
        "satisfaction_rating": None,
        "sharing_agreement_ids": [],
        "fields": [],
        "followup_ids": [],
        "brand_id": None,
        "allow_channelback": False,
        "allow_attachments": True,
        "from_messaging_channel": False,
    }
    if slas_at is not None:
        body["slas"] = {"policy_metrics": sla_metrics(json.loads(row["sla"]), slas_at)}
    return body


def sla_metrics(states: list[dict[str, Any]], now: datetime) -> list[dict[str, Any]]:
    """Per-ticket SLA state: breach time, stage and, for a running clock, time left (negative once breached).

    Zendesk gives the time left in the largest whole unit: days, else hours, else minutes.
    """
    metrics = []
    for state in states:
        metric: dict[str, Any] = {
            "breach_at": state["breach_at"],
            "stage": state["stage"],
            "metric": state["metric"],
        }
        if state["stage"] == "active" and state["breach_at"]:
            seconds = (parse_iso(state["breach_at"]) - now).total_seconds()
            minutes = int(seconds / 60)
            if abs(minutes) >= 24 * 60:
                metric["days"] = int(minutes / (24 * 60))
            elif abs(minutes) >= 60:
                metric["hours"] = int(minutes / 60)
            else:
                metric["minutes"] = minutes
        metrics.append(metric)
    return metrics


def comment(row: sqlite3.Row) -> dict[str, Any]:
    """A ticket comment as `GET /api/v2/tickets/{id}/comments` lists it."""
    body = row["body"]
    return {
        "id": row["id"],
        "type": "Comment",
        "author_id": row["author_id"],
        "body": body,
        "html_body": f'<div class="zd-comment" dir="auto"><p dir="auto">{_escape(body)}</p></div>',
        "plain_body": body,
        "public": bool(row["public"]),
        "attachments": [],
        "audit_id": row["audit_id"],
        "via": {"channel": row["channel"], "source": {"from": {}, "to": {}, "rel": None}},
        "metadata": {"system": {}, "custom": {}},
        "created_at": row["created_at"],
    }


def sla_policy(row: sqlite3.Row, base_url: str) -> dict[str, Any]:
    """An SLA policy; its filter selects tickets tagged `tier_<tier>`."""
    return {
        "url": f"{base_url}api/v2/slas/policies/{row['id']}.json",
        "id": row["id"],
        "title": row["title"],
        "description": row["description"],
        "position": row["position"],
        "filter": {
            "all": [{"field": "current_tags", "operator": "includes", "value": f"tier_{row['tier']}"}],
            "any": [],
        },
        "policy_metrics": json.loads(row["policy_metrics"]),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
