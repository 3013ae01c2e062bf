"""One description per mutation, so idempotency, audit and authorization tests run over all five."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sandbox.seed.model import Customer, Universe
from tests.resolvers.mutations import documents


@dataclass(frozen=True)
class MutationCase:
    """A mutation, the system that owns its object, and a valid input for a seeded customer."""

    name: str
    system: str
    document: str
    success: str
    pick: Callable[[Universe], Customer]
    build: Callable[[Customer, int, str], dict[str, Any]]

    def input(self, universe: Universe, variant: int = 1, key: str = "key-1") -> dict[str, Any]:
        customer = self.pick(universe)
        return {"customerId": customer.account_id, **self.build(customer, variant, key)}


def open_invoice(c: Customer) -> Any:
    return next((i for i in c.invoices if i.status == "open" and i.amount_remaining >= 1000), None)


def active_subscription(c: Customer) -> Any:
    return next((s for s in c.subscriptions if s.status == "active"), None)


def activated_contract(c: Customer) -> Any:
    return next((k for k in c.contracts if k.status == "Activated"), None)


def open_ticket(c: Customer) -> Any:
    if not c.support_org_exists:
        return None
    return next(
        (t for t in c.tickets if t.status not in ("closed", "solved") and t.priority in ("low", "normal")),
        None,
    )


def first(universe: Universe, test: Callable[[Customer], Any]) -> Customer:
    return next(c for c in universe.customers if test(c))


CASES = [
    MutationCase(
        "issueCredit",
        "billing",
        documents.ISSUE_CREDIT,
        "IssueCreditSuccess",
        lambda u: first(u, open_invoice),
        lambda c, v, k: {
            "invoiceId": open_invoice(c).id,
            "amount": {"amount": f"{v}.00", "currency": open_invoice(c).currency.upper()},
            "reason": "ORDER_CHANGE",
            "memo": "goodwill",
            "idempotencyKey": k,
        },
    ),
    MutationCase(
        "amendSubscription",
        "billing",
        documents.AMEND_SUBSCRIPTION,
        "AmendSubscriptionSuccess",
        lambda u: first(u, active_subscription),
        lambda c, v, k: {
            "subscriptionId": active_subscription(c).id,
            "changes": [{"setQuantity": {"itemId": active_subscription(c).items[0].id, "quantity": 40 + v}}],
            "prorationBehavior": "NONE",
            "idempotencyKey": k,
        },
    ),
    MutationCase(
        "renewContract",
        "crm",
        documents.RENEW_CONTRACT,
        "RenewContractSuccess",
        lambda u: first(u, activated_contract),
        lambda c, v, k: {"contractId": activated_contract(c).id, "termMonths": 12 * v, "idempotencyKey": k},
    ),
    MutationCase(
        "escalateCase",
        "support",
        documents.ESCALATE_CASE,
        "EscalateCaseSuccess",
        lambda u: first(u, open_ticket),
        lambda c, v, k: {
            "caseId": str(open_ticket(c).id),
            "priority": "URGENT",
            "comment": f"customer is blocked (variant {v})",
            "idempotencyKey": k,
        },
    ),
    MutationCase(
        "setCreditHold",
        "erp",
        documents.SET_CREDIT_HOLD,
        "SetCreditHoldSuccess",
        lambda u: first(u, lambda c: c.credit_hold != "ON"),
        lambda c, v, k: {"hold": "ON", "reason": f"collections review (variant {v})", "idempotencyKey": k},
    ),
]
IDS = [case.name for case in CASES]
