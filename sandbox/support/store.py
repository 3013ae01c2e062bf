"""The support database: schema and seeding from the universe (organizations, tickets, comments, SLAs)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, time
from typing import Any

from sandbox.common.db import transaction
from sandbox.seed.model import Customer, SlaPolicy, Ticket, Universe
from sandbox.support.enums import (
    GROUP_BY_TIER,
    PRIORITY_RANK,
    STATUS_RANK,
    assignee_id,
    requester_id,
    ticket_type,
)
from sandbox.support.timefmt import iso

_DROP = (
    "DROP TABLE IF EXISTS ticket_audits",
    "DROP TABLE IF EXISTS ticket_comments",
    "DROP TABLE IF EXISTS tickets",
    "DROP TABLE IF EXISTS organizations",
    "DROP TABLE IF EXISTS sla_policies",
)

_CREATE = (
    """CREATE TABLE organizations (
        id INTEGER PRIMARY KEY,
        external_id TEXT,
        external_id_key TEXT,
        name TEXT NOT NULL,
        tier TEXT NOT NULL,
        domain_names TEXT NOT NULL,
        tags TEXT NOT NULL,
        organization_fields TEXT NOT NULL,
        group_id INTEGER,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    # Zendesk external ids are case-insensitive, so lookups go through a lower-cased key.
    "CREATE INDEX organizations_external_id ON organizations (external_id_key)",
    """CREATE TABLE tickets (
        id INTEGER PRIMARY KEY,
        organization_id INTEGER NOT NULL REFERENCES organizations (id),
        subject TEXT NOT NULL,
        description TEXT NOT NULL,
        status TEXT NOT NULL,
        status_rank INTEGER NOT NULL,
        priority TEXT NOT NULL,
        priority_rank INTEGER NOT NULL,
        type TEXT,
        requester_id INTEGER NOT NULL,
        requester_email TEXT NOT NULL,
        assignee_id INTEGER,
        group_id INTEGER,
        tags TEXT NOT NULL,
        tag_text TEXT NOT NULL,
        sla TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
    "CREATE INDEX tickets_org_id ON tickets (organization_id, id)",
    "CREATE INDEX tickets_org_updated ON tickets (organization_id, updated_at, id)",
    "CREATE INDEX tickets_status ON tickets (status_rank, id)",
    """CREATE TABLE ticket_comments (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id INTEGER NOT NULL REFERENCES tickets (id),
        audit_id INTEGER,
        author_id INTEGER NOT NULL,
        body TEXT NOT NULL,
        public INTEGER NOT NULL,
        channel TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    "CREATE INDEX ticket_comments_ticket ON ticket_comments (ticket_id, id)",
    """CREATE TABLE ticket_audits (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        ticket_id INTEGER NOT NULL REFERENCES tickets (id),
        author_id INTEGER NOT NULL,
        events TEXT NOT NULL,
        created_at TEXT NOT NULL
    )""",
    """CREATE TABLE sla_policies (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        tier TEXT NOT NULL,
        policy_metrics TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    )""",
)


def create_schema(conn: sqlite3.Connection) -> None:
    """Drop and recreate every support table (inside the caller's transaction)."""
    for statement in (*_DROP, *_CREATE):
        conn.execute(statement)


def seed(conn: sqlite3.Connection, universe: Universe) -> None:
    """Recreate the schema and write the universe's support share in one transaction."""
    stamp = iso(_midnight(universe))
    with transaction(conn):
        create_schema(conn)
        conn.executemany(
            "INSERT INTO sla_policies VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (_policy_row(policy, stamp) for policy in universe.sla_policies),
        )
        live = [c for c in universe.customers if c.support_org_exists]
        conn.executemany(
            "INSERT INTO organizations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_organization_row(customer) for customer in live),
        )
        conn.executemany(
            "INSERT INTO tickets VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (_ticket_row(customer, ticket) for customer, ticket in _tickets(live)),
        )
        # The first comment of every ticket is its description, written by the requester.
        conn.executemany(
            "INSERT INTO ticket_comments (ticket_id, audit_id, author_id, body, public, channel, created_at)"
            " VALUES (?, NULL, ?, ?, 1, 'email', ?)",
            (
                (t.id, requester_id(t.requester_email), t.description, iso(t.created_at))
                for _customer, t in _tickets(live)
            ),
        )


def _midnight(universe: Universe) -> datetime:
    return datetime.combine(universe.as_of, time(0), tzinfo=UTC)


def _tickets(customers: list[Customer]) -> Iterator[tuple[Customer, Ticket]]:
    for customer in customers:
        for ticket in customer.tickets:
            yield customer, ticket


def _policy_row(policy: SlaPolicy, stamp: str) -> tuple[Any, ...]:
    metrics = [
        {
            "priority": t.priority,
            "metric": t.metric,
            "target": t.target_minutes,
            "business_hours": t.business_hours,
        }
        for t in policy.targets
    ]
    return (policy.id, policy.position, policy.title, policy.description, policy.tier, json.dumps(metrics),
            stamp, stamp)  # fmt: skip


def _organization_row(customer: Customer) -> tuple[Any, ...]:
    fields = {"tier": customer.tier, "crm_account_id": customer.account_id}
    created = iso(customer.created)
    return (
        customer.support_org_id,
        customer.account_id,
        customer.account_id.lower(),
        customer.org_name,
        customer.tier,
        json.dumps(list(customer.domain_names)),
        json.dumps([f"tier_{customer.tier}"]),
        json.dumps(fields),
        GROUP_BY_TIER[customer.tier],
        created,
        created,
    )


def _ticket_row(customer: Customer, ticket: Ticket) -> tuple[Any, ...]:
    tags = list(ticket.tags)
    tier_tag = f"tier_{customer.tier}"
    if tier_tag not in tags:
        tags.append(tier_tag)
    sla = [
        {"metric": s.metric, "stage": s.stage, "breach_at": iso(s.breach_at) if s.breach_at else None}
        for s in ticket.sla
    ]
    return (
        ticket.id,
        customer.support_org_id,
        ticket.subject,
        ticket.description,
        ticket.status,
        STATUS_RANK[ticket.status],
        ticket.priority,
        PRIORITY_RANK[ticket.priority],
        ticket_type(ticket.id),
        requester_id(ticket.requester_email),
        ticket.requester_email,
        assignee_id(ticket.id, ticket.status),
        GROUP_BY_TIER[customer.tier],
        json.dumps(tags),
        tag_text(tags),
        json.dumps(sla),
        iso(ticket.created_at),
        iso(ticket.updated_at),
    )


def tag_text(tags: list[str]) -> str:
    """Tags as ` a b c `, so `instr(tag_text, ' x ')` finds a whole tag (tags never hold spaces)."""
    return " " + " ".join(tag.lower() for tag in tags) + " "
