"""Support writes: case escalation. Zendesk has no idempotency of its own, so the escalation's internal
note carries the key's marker, and a retry after an unknown outcome writes only when no comment has it."""

from __future__ import annotations

import json

import httpx
from pydantic import BaseModel, ConfigDict, Field

from domain.ids import InvalidId, parse_zendesk_id
from domain.models import Case, CasePriority
from domain.systems import SourceSystem
from sources.config import SupportConfig
from sources.connector import Connector
from sources.context import CallContext
from sources.errors import SourceConflict, SourceError, SourceNotFound, SourceRejected
from sources.idempotency import key_marker
from sources.support import mapping
from sources.support.payloads import TicketObject

SUPPORT = SourceSystem.SUPPORT


class TicketEnvelope(BaseModel):
    """`GET /api/v2/tickets/{id}` and the `ticket` of a `PUT` answer."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    ticket: TicketObject


class CommentObject(BaseModel):
    """One ticket comment."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    id: int
    body: str = ""
    public: bool = True


class CommentsPage(BaseModel):
    """`GET /api/v2/tickets/{id}/comments`."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    comments: list[CommentObject] = Field(default_factory=list)


def zendesk_rejection(response: httpx.Response) -> SourceError | None:
    """A Zendesk error answer as a rejection naming the field, a conflict or not-found."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    code = str(body.get("error", "UNKNOWN"))
    status = response.status_code
    if status == 404:
        return SourceNotFound(SUPPORT, f"support has no such record ({code})")
    if status == 409:
        return SourceConflict(SUPPORT, f"support refused the write as a conflict ({code})")
    if status in (400, 422):
        details = body.get("details")
        field = next(iter(details), None) if isinstance(details, dict) and details else None
        return SourceRejected(SUPPORT, f"support refused the request ({code})", field=field)
    return None


def ticket_id(value: str) -> str:
    """A ticket id as Zendesk writes it; a value that is not one names no ticket."""
    try:
        return str(parse_zendesk_id(value))
    except InvalidId as exc:
        raise SourceNotFound(SUPPORT, "support has no such ticket") from exc


def marked(comment: str, marker: str) -> str:
    """The internal note's text with the idempotency marker on its own last line."""
    return f"{comment.rstrip()}\n\n[{marker}]"


class SupportWrites(Connector[SupportConfig]):
    """The write half of the support connector (the base of `SupportSource`)."""

    async def case(self, case_id: str, ctx: CallContext) -> Case | None:
        """One case by ticket id with its SLA state, live; None when support has no such ticket."""
        try:
            got = await self._http.call(
                TicketEnvelope,
                "GET",
                f"/api/v2/tickets/{ticket_id(case_id)}",
                ctx,
                params={"include": "slas"},
            )
        except SourceNotFound:
            return None
        return self._to_domain(mapping.to_case, got.value.ticket, "a ticket")

    async def _has_marker(self, record_id: str, marker: str, ctx: CallContext) -> bool:
        page = await self._http.call(CommentsPage, "GET", f"/api/v2/tickets/{record_id}/comments", ctx)
        return any(f"[{marker}]" in c.body for c in page.value.comments)

    async def escalate_case(
        self,
        case_id: str,
        priority: CasePriority,
        comment: str,
        idempotency_key: str,
        ctx: CallContext,
        *,
        reconcile: bool = False,
    ) -> Case:
        """Set a case's priority with an internal note (one PUT) and answer the case as support now has it."""
        record_id = ticket_id(case_id)
        marker = key_marker(idempotency_key)
        if not (reconcile and await self._has_marker(record_id, marker, ctx)):
            body = {
                "ticket": {
                    "priority": priority.value,
                    "comment": {"body": marked(comment, marker), "public": False},
                }
            }
            await self._http.exchange(
                "PUT", f"/api/v2/tickets/{record_id}", ctx, refine=zendesk_rejection, json_body=body
            )
        case = await self.case(record_id, ctx)
        if case is None:
            raise SourceNotFound(SUPPORT, "support has no such ticket")
        if case.organization_id is not None:
            self._cache.invalidate(SUPPORT, "cases", case.organization_id)
        return case
