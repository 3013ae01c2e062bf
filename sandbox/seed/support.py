"""Seeded support history: tickets of every priority with their SLA state, some in breach."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from sandbox.seed.catalog import TICKET_SUBJECTS, first_reply_minutes
from sandbox.seed.model import SlaMetricState, Ticket, Tier

_STATUS_MIX = (("new", 8), ("open", 22), ("pending", 10), ("hold", 4), ("solved", 36), ("closed", 20))
_PRIORITY_MIX = (("low", 25), ("normal", 45), ("high", 20), ("urgent", 10))


class TicketSeeder:
    """Numbers tickets across the whole universe, as Zendesk does per account."""

    def __init__(self, rng: random.Random, now: datetime) -> None:
        self.rng = rng
        self.now = now
        self.next_id = 10_000

    def build(self, *, tier: Tier, email_domain: str) -> list[Ticket]:
        """Zero to twelve tickets from the last half year."""
        rng = self.rng
        tickets = []
        for _ in range(rng.choices(range(13), weights=[6, 8, 10, 10, 10, 9, 8, 7, 6, 5, 4, 3, 2])[0]):
            self.next_id += 1
            status = rng.choices([s for s, _ in _STATUS_MIX], weights=[w for _, w in _STATUS_MIX])[0]
            priority = rng.choices([p for p, _ in _PRIORITY_MIX], weights=[w for _, w in _PRIORITY_MIX])[0]
            target = timedelta(minutes=first_reply_minutes(tier, priority))
            open_ticket = status in ("new", "open", "hold")
            if open_ticket and rng.random() < 0.5:
                # Recent enough that its first-reply clock is still running: at risk or just breached.
                created = self.now - target * rng.uniform(0.3, 1.6)
            else:
                created = self.now - timedelta(minutes=rng.randint(60, 180 * 24 * 60))
            updated = min(self.now, created + timedelta(minutes=rng.randint(5, 7 * 24 * 60)))
            breach_at = created + target
            stage = (
                "active"
                if status in ("new", "open")
                else ("paused" if status in ("pending", "hold") else "achieved")
            )
            subject = rng.choice(TICKET_SUBJECTS)
            tickets.append(
                Ticket(
                    id=self.next_id,
                    subject=subject,
                    description=f"{subject}. Reported by the customer's administrator.",
                    status=status,  # type: ignore[arg-type]
                    priority=priority,  # type: ignore[arg-type]
                    created_at=created.replace(microsecond=0),
                    updated_at=updated.replace(microsecond=0),
                    requester_email=f"admin@{email_domain}",
                    tags=(f"tier_{tier}", priority),
                    sla=(SlaMetricState("first_reply_time", stage, breach_at.replace(microsecond=0)),),  # type: ignore[arg-type]
                )
            )
        return tickets
