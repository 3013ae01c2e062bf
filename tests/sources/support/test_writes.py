from __future__ import annotations

import pytest

from domain.models import CasePriority
from sources.cache import SourceCache
from sources.config import CacheConfig, SupportConfig
from sources.errors import SourceNotFound
from sources.idempotency import key_marker
from sources.support.client import SupportSource
from tests.sources.conftest import WriteRig
from tests.sources.write_ops import CTX


async def test_escalate_case_sets_priority_with_a_private_marked_note(rig: WriteRig) -> None:
    support = SupportSource(rig.clients["support"], SupportConfig(), SourceCache(CacheConfig()))
    ticket = next(
        t
        for c in rig.sandbox.universe.customers
        if c.support_org_exists
        for t in c.tickets
        if t.status not in ("closed", "solved") and t.priority != "urgent"
    )
    case = await support.escalate_case(str(ticket.id), CasePriority.URGENT, "Customer is down", "key-e", CTX)
    assert case.id == str(ticket.id) and case.priority is CasePriority.URGENT
    writes = await rig.writes()
    (write,) = writes["support"]
    assert write["method"] == "PUT" and '"public":false' in write["body"].replace(" ", "")
    assert key_marker("key-e") in write["body"]
    assert not writes["billing"] and not writes["erp"] and not writes["crm"]


async def test_unknown_ticket(rig: WriteRig) -> None:
    support = SupportSource(rig.clients["support"], SupportConfig(), SourceCache(CacheConfig()))
    with pytest.raises(SourceNotFound):
        await support.escalate_case("999999999", CasePriority.HIGH, "x", "k", CTX)
    assert await support.case("999999999", CTX) is None
