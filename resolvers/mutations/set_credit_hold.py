"""`setCreditHold`: force the customer's credit hold on or off, or back to automatic, in the ERP only."""

from __future__ import annotations

from typing import Annotated

import strawberry

from domain.models import CreditHold
from domain.models import LegalEntity as DomainLegalEntity
from domain.ownership import WriteOperation
from domain.writes import WriteInvalid
from resolvers.mutations.payloads import Failure
from resolvers.mutations.runner import Missing, Target, WriteCall, run_write
from resolvers.types.customer import Info
from resolvers.types.legal import LegalEntity
from sources.erp.client import ErpSource

MAX_REASON = 500


@strawberry.input(description="The credit hold override: ON or OFF force it, AUTO lets the ERP decide.")
class SetCreditHoldInput:
    """Arguments of `setCreditHold`."""

    customer_id: strawberry.ID
    hold: CreditHold
    reason: str = strawberry.field(
        description="Why (not blank, at most 500 characters). The ERP's override has no field for it."
    )
    idempotency_key: str = strawberry.field(description="Your key for this change (1..255 characters).")


@strawberry.type(description="The legal customer as the ERP has it after the change.")
class SetCreditHoldSuccess:
    """The credit hold was set (or the first outcome of this idempotency key)."""

    legal_entity: LegalEntity


SetCreditHoldResult = Annotated[SetCreditHoldSuccess | Failure, strawberry.union("SetCreditHoldResult")]


async def set_credit_hold(info: Info, input: SetCreditHoldInput) -> SetCreditHoldResult | None:
    """Set the customer's credit hold (ERP only)."""
    target = Target(WriteOperation.SET_CREDIT_HOLD, "setCreditHold", input.customer_id, None)
    inputs = {"hold": input.hold.value, "reason": input.reason}

    async def perform(call: WriteCall) -> DomainLegalEntity:
        erp = call.owner(ErpSource)
        if not input.reason.strip():
            raise WriteInvalid("reason", "must not be blank")
        if len(input.reason) > MAX_REASON:
            raise WriteInvalid("reason", f"at most {MAX_REASON} characters")
        account = await call.account()
        if account.erp_customer_id is None:
            raise Missing("the CRM names no ERP customer for this customer")
        # The customer's own ERP id comes from its CRM account: there is no other object to check.
        call.target.object_id = account.erp_customer_id
        return await erp.set_credit_hold(
            account.erp_customer_id, input.hold, call.ctx, reconcile=call.attempt.reconcile
        )

    result = await run_write(info.context, target, input.idempotency_key, inputs, perform)
    if isinstance(result, DomainLegalEntity):
        return SetCreditHoldSuccess(legal_entity=LegalEntity.of(result))
    return result
