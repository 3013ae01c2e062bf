from __future__ import annotations

import json

from sandbox.common.db import connect
from sandbox.support.store import seed
from tests.sandbox.support.conftest import orgs


def test_seed_writes_the_support_share(db_path, universe):
    conn = connect(db_path)
    assert conn.execute("SELECT count(*) FROM organizations").fetchone()[0] == len(orgs(universe))
    tickets = sum(len(c.tickets) for c in orgs(universe))
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == tickets
    assert conn.execute("SELECT count(*) FROM ticket_comments").fetchone()[0] == tickets
    assert conn.execute("SELECT count(*) FROM sla_policies").fetchone()[0] == len(universe.sla_policies)
    customer = orgs(universe)[0]
    for row in conn.execute("SELECT tags FROM tickets WHERE organization_id = ?", (customer.support_org_id,)):
        assert f"tier_{customer.tier}" in json.loads(row["tags"])


def test_seed_is_idempotent(db_path, universe):
    conn = connect(db_path)
    conn.execute("UPDATE tickets SET status = 'hold'")
    seed(conn, universe)
    seed(conn, universe)
    assert conn.execute("SELECT count(*) FROM tickets").fetchone()[0] == sum(
        len(c.tickets) for c in orgs(universe)
    )
    holds = sum(t.status == "hold" for c in orgs(universe) for t in c.tickets)
    assert conn.execute("SELECT count(*) FROM tickets WHERE status = 'hold'").fetchone()[0] == holds
