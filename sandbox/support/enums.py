"""Zendesk's ticket enums, their search order, and the sandbox's fixed users and groups."""

from __future__ import annotations

import zlib
from typing import Final

# Zendesk orders statuses this way for `status<solved` style search comparisons.
STATUSES: Final = ("new", "open", "pending", "hold", "solved", "closed")
STATUS_RANK: Final = {name: rank for rank, name in enumerate(STATUSES)}

PRIORITIES: Final = ("low", "normal", "high", "urgent")
PRIORITY_RANK: Final = {name: rank for rank, name in enumerate(PRIORITIES)}

TICKET_TYPES: Final = ("problem", "incident", "question", "task")

# The agent every API credential acts as: the author of comments and audits written through the API.
API_AGENT_ID: Final = 900_000_000_001
_AGENT_POOL: Final = tuple(API_AGENT_ID + n for n in range(5))

GROUP_BY_TIER: Final = {
    "enterprise": 360_100_000_001,
    "business": 360_100_000_002,
    "standard": 360_100_000_003,
}


def requester_id(email: str) -> int:
    """A stable end-user id for a requester email (the universe knows requesters by email only)."""
    return 10_000_000_000 + zlib.crc32(email.lower().encode())


def ticket_type(ticket_id: int) -> str:
    """A stable ticket type: mostly incidents and questions, as in a real help desk."""
    slot = ticket_id % 10
    return "incident" if slot < 5 else "question" if slot < 8 else "problem" if slot == 8 else "task"


def assignee_id(ticket_id: int, status: str) -> int | None:
    """A stable assignee; new tickets are not yet assigned."""
    return None if status == "new" else _AGENT_POOL[ticket_id % len(_AGENT_POOL)]
