"""`renewContract`: extend one of the customer's contracts, written to the CRM (Salesforce) only."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import strawberry

from domain.ids import SalesforcePrefix, parse_salesforce_id
from domain.models import Contract as DomainContract
from domain.ownership import WriteOperation
from domain.writes import check_belongs, renewal
from resolvers.mutations.payloads import Failure
from resolvers.mutations.runner import Missing, Target, WriteCall, parse_input_id, run_write
from resolvers.types.contracts import Contract
from resolvers.types.customer import Info
from sources.crm.client import CrmSource


@strawberry.input(description="A renewal: extend by `termMonths`, or to `newEndDate` (give exactly one).")
class RenewContractInput:
    """Arguments of `renewContract`."""

    customer_id: strawberry.ID
    contract_id: strawberry.ID
    term_months: int | None = strawberry.field(
        default=None, description="Months to add to the contract's term (1..120)."
    )
    new_end_date: date | None = strawberry.field(
        default=None, description="The new end date: after the current one, on a whole-month boundary."
    )
    idempotency_key: str = strawberry.field(description="Your key for this renewal (1..255 characters).")


@strawberry.type(description="The contract as the CRM has it after the renewal.")
class RenewContractSuccess:
    """The contract was renewed (or the first outcome of this idempotency key)."""

    contract: Contract


RenewContractResult = Annotated[RenewContractSuccess | Failure, strawberry.union("RenewContractResult")]


async def renew_contract(info: Info, input: RenewContractInput) -> RenewContractResult | None:
    """Renew the customer's contract (CRM only)."""
    target = Target(WriteOperation.RENEW_CONTRACT, "renewContract", input.customer_id, input.contract_id)
    inputs = {
        "contractId": input.contract_id,
        "termMonths": input.term_months,
        "newEndDate": None if input.new_end_date is None else input.new_end_date.isoformat(),
    }

    async def perform(call: WriteCall) -> DomainContract:
        crm = call.owner(CrmSource)
        contract_id = parse_input_id(
            "contractId",
            lambda v: parse_salesforce_id(v, prefix=SalesforcePrefix.CONTRACT),
            input.contract_id,
        )
        attempt = call.attempt
        if attempt.reconcile and isinstance(attempt.plan, int):
            # The first attempt may have committed: write its planned total term, never extend again.
            term = attempt.plan
        else:
            contract = await crm.contract(contract_id, call.ctx)
            if contract is None:
                raise Missing(f"the CRM has no contract {contract_id}")
            check_belongs(contract.account_id, call.customer_id, "contractId")
            term = renewal(
                contract, term_months=input.term_months, new_end_date=input.new_end_date
            ).term_months
            attempt.remember(term)
        return await crm.renew_contract(contract_id, term, call.ctx, reconcile=attempt.reconcile)

    result = await run_write(info.context, target, input.idempotency_key, inputs, perform)
    if isinstance(result, DomainContract):
        return RenewContractSuccess(contract=Contract.of(result, info.context.now.date()))
    return result
