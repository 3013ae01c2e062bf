"""The Mutation root: each write goes to the one system that owns its object, and needs its own scope."""

from __future__ import annotations

import strawberry

from domain.ownership import WriteOperation
from resolvers.auth import Scope, requires
from resolvers.mutations.amend_subscription import amend_subscription
from resolvers.mutations.escalate_case import escalate_case
from resolvers.mutations.issue_credit import issue_credit
from resolvers.mutations.renew_contract import renew_contract
from resolvers.mutations.runner import audit_forbidden
from resolvers.mutations.set_credit_hold import set_credit_hold


@strawberry.type
class Mutation:
    """Writes to the systems of record: typed results for expected failures, idempotent per key."""

    amend_subscription = strawberry.mutation(
        resolver=amend_subscription,
        description="Add prices, change quantities or remove items of a subscription (billing; "
        "needs subscriptions:write).",
        extensions=[
            requires(
                Scope.SUBSCRIPTIONS_WRITE,
                on_denied=audit_forbidden("amendSubscription", WriteOperation.AMEND_SUBSCRIPTION),
            )
        ],
    )
    issue_credit = strawberry.mutation(
        resolver=issue_credit,
        description="Issue a credit note on an invoice (billing; needs credits:write).",
        extensions=[
            requires(
                Scope.CREDITS_WRITE, on_denied=audit_forbidden("issueCredit", WriteOperation.ISSUE_CREDIT)
            )
        ],
    )
    renew_contract = strawberry.mutation(
        resolver=renew_contract,
        description="Extend a contract by months or to a new end date (CRM; needs contracts:write).",
        extensions=[
            requires(
                Scope.CONTRACTS_WRITE,
                on_denied=audit_forbidden("renewContract", WriteOperation.RENEW_CONTRACT),
            )
        ],
    )
    escalate_case = strawberry.mutation(
        resolver=escalate_case,
        description="Raise a case's priority with an internal note (support; needs cases:write).",
        extensions=[
            requires(
                Scope.CASES_WRITE, on_denied=audit_forbidden("escalateCase", WriteOperation.ESCALATE_CASE)
            )
        ],
    )
    set_credit_hold = strawberry.mutation(
        resolver=set_credit_hold,
        description="Set the customer's credit hold override ON, OFF or AUTO (ERP; needs credit-hold:write).",
        extensions=[
            requires(
                Scope.CREDIT_HOLD_WRITE,
                on_denied=audit_forbidden("setCreditHold", WriteOperation.SET_CREDIT_HOLD),
            )
        ],
    )
