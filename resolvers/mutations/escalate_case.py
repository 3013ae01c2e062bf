"""`escalateCase`: raise one of the customer's cases' priority with an internal note, in support only."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.ids import parse_zendesk_id
from domain.models import Case as DomainCase
from domain.models import CasePriority
from domain.ownership import WriteOperation
from domain.writes import WriteInvalid, check_comment, check_priority
from resolvers.mutations.payloads import Failure
from resolvers.mutations.runner import Missing, Target, WriteCall, check_owned, parse_input_id, run_write
from resolvers.types.cases import Case
from resolvers.types.customer import Info
from sources.support.client import SupportSource

MAX_COMMENT = 10_000


@strawberry.input(description="An escalation: the case's new priority and an internal note saying why.")
class EscalateCaseInput:
    """Arguments of `escalateCase`."""

    customer_id: strawberry.ID
    case_id: strawberry.ID
    priority: CasePriority
    comment: str = strawberry.field(description="An internal (private) note added to the case; not blank.")
    idempotency_key: str = strawberry.field(description="Your key for this escalation (1..255 characters).")


@strawberry.type(description="The case as support has it after the escalation.")
class EscalateCaseSuccess:
    """The case was escalated (or the first outcome of this idempotency key)."""

    case: Case


EscalateCaseResult = Annotated[EscalateCaseSuccess | Failure, strawberry.union("EscalateCaseResult")]


async def escalate_case(info: Info, input: EscalateCaseInput) -> EscalateCaseResult | None:
    """Escalate the customer's case (support only)."""
    target = Target(WriteOperation.ESCALATE_CASE, "escalateCase", input.customer_id, input.case_id)
    inputs = {"caseId": input.case_id, "priority": input.priority.value, "comment": input.comment}

    async def perform(call: WriteCall) -> DomainCase:
        support = call.owner(SupportSource)
        case_id = parse_input_id("caseId", parse_zendesk_id, input.case_id)
        priority = check_priority(input.priority.value)
        comment = check_comment(input.comment)
        if len(comment) > MAX_COMMENT:
            raise WriteInvalid("comment", f"at most {MAX_COMMENT} characters")
        account = await call.account()
        case = await support.case(case_id, call.ctx)
        if case is None:
            raise Missing(f"support has no case {case_id}")
        check_owned(case.organization_id, account.support_org_id, "caseId")
        return await support.escalate_case(
            case_id, priority, comment, call.key, call.ctx, reconcile=call.attempt.reconcile
        )

    result = await run_write(info.context, target, input.idempotency_key, inputs, perform)
    if isinstance(result, DomainCase):
        return EscalateCaseSuccess(case=Case.of(result))
    return result
