"""The Mutation root: each write goes to the one system that owns its object, and needs its own scope."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import strawberry

from domain.ownership import WriteOperation
from resolvers.auth import Scope, requires
from resolvers.mutations.amend_subscription import amend_subscription
from resolvers.mutations.escalate_case import escalate_case
from resolvers.mutations.issue_credit import issue_credit
from resolvers.mutations.renew_contract import renew_contract
from resolvers.mutations.runner import audit_forbidden
from resolvers.mutations.set_credit_hold import set_credit_hold


def _write(
    resolver: Callable[..., Any], name: str, operation: WriteOperation, scope: Scope, description: str
) -> Any:
    """A mutation field that needs `scope`; a refused attempt is audited as `name` (its GraphQL name)."""
    return strawberry.mutation(
        resolver=resolver,
        description=description,
        extensions=[requires(scope, on_denied=audit_forbidden(name, operation))],
    )


@strawberry.type
class Mutation:
    """Writes to the systems of record: typed results for expected failures, idempotent per key."""

    amend_subscription = _write(
        amend_subscription,
        "amendSubscription",
        WriteOperation.AMEND_SUBSCRIPTION,
        Scope.SUBSCRIPTIONS_WRITE,
        "Add prices, change quantities or remove items of a subscription (billing; "
        "needs subscriptions:write).",
    )
    issue_credit = _write(
        issue_credit,
        "issueCredit",
        WriteOperation.ISSUE_CREDIT,
        Scope.CREDITS_WRITE,
        "Issue a credit note on an invoice (billing; needs credits:write).",
    )
    renew_contract = _write(
        renew_contract,
        "renewContract",
        WriteOperation.RENEW_CONTRACT,
        Scope.CONTRACTS_WRITE,
        "Extend a contract by months or to a new end date (CRM; needs contracts:write).",
    )
    escalate_case = _write(
        escalate_case,
        "escalateCase",
        WriteOperation.ESCALATE_CASE,
        Scope.CASES_WRITE,
        "Raise a case's priority with an internal note (support; needs cases:write).",
    )
    set_credit_hold = _write(
        set_credit_hold,
        "setCreditHold",
        WriteOperation.SET_CREDIT_HOLD,
        Scope.CREDIT_HOLD_WRITE,
        "Set the customer's credit hold override ON, OFF or AUTO (ERP; needs credit-hold:write).",
    )
