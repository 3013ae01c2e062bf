"""Mutation-like write operations over a fresh sandbox, shared by the write tests: validate, then write."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from domain.models import CasePriority, CreditHold, CreditNoteReason
from domain.money import Money
from domain.writes import ItemChange, check_changes, check_credit, renewal
from sources.billing.client import BillingSource
from sources.cache import SourceCache
from sources.config import BillingConfig, CacheConfig, CrmConfig, ErpConfig, SupportConfig
from sources.context import CallContext
from sources.crm.client import CrmSource
from sources.erp.client import ErpSource
from sources.idempotency import Attempt
from sources.support.client import SupportSource
from tests.sources.conftest import WriteRig

CTX = CallContext(request_id="req-write-1")
Op = Callable[[Attempt], Awaitable[Any]]


@dataclass
class WriteCase:
    """One kind of write: its owning system and how to build its operation over a client."""

    name: str
    system: str
    build: Callable[[WriteRig, str, int], Op]


def _cache() -> SourceCache:
    return SourceCache(CacheConfig())


def credit(rig: WriteRig, client: str, variant: int) -> Op:
    source = BillingSource(rig.clients[client], BillingConfig(), _cache())
    invoice_id = next(
        i.id
        for c in rig.sandbox.universe.customers
        for i in c.invoices
        if i.status == "open" and i.amount_remaining >= 1000
    )

    async def op(attempt: Attempt) -> Any:
        invoice = await source.invoice(invoice_id, CTX)
        assert invoice is not None
        amount = Money.of(variant, invoice.currency)
        if not attempt.reconcile:
            check_credit(amount, invoice)
        return await source.issue_credit(
            invoice_id,
            amount,
            CreditNoteReason.ORDER_CHANGE,
            "goodwill",
            f"key-{variant}",
            CTX,
            reconcile=attempt.reconcile,
        )

    return op


def amend(rig: WriteRig, client: str, variant: int) -> Op:
    source = BillingSource(rig.clients[client], BillingConfig(), _cache())
    sub = next(s for c in rig.sandbox.universe.customers for s in c.subscriptions if s.status == "active")

    async def op(attempt: Attempt) -> Any:
        current = await source.subscription(sub.id, CTX)
        changes = [ItemChange.set_quantity(sub.items[0].id, 40 + variant)]
        check_changes(changes, current)
        return await source.amend_subscription(
            sub.id, changes, "none", f"key-{variant}", CTX, reconcile=attempt.reconcile
        )

    return op


def renew(rig: WriteRig, client: str, variant: int) -> Op:
    source = CrmSource(rig.clients[client], CrmConfig(), _cache())
    contract_id = next(
        k.id for c in rig.sandbox.universe.customers for k in c.contracts if k.status == "Activated"
    )

    async def op(attempt: Attempt) -> Any:
        if attempt.reconcile and attempt.plan is not None:
            target = int(attempt.plan)
        else:
            contract = await source.contract(contract_id, CTX)
            assert contract is not None
            target = renewal(contract, term_months=variant).term_months
            attempt.remember(target)
        return await source.renew_contract(contract_id, target, CTX, reconcile=attempt.reconcile)

    return op


def escalate(rig: WriteRig, client: str, variant: int) -> Op:
    source = SupportSource(rig.clients[client], SupportConfig(), _cache())
    ticket_id = next(
        str(t.id)
        for c in rig.sandbox.universe.customers
        if c.support_org_exists
        for t in c.tickets
        if t.status not in ("closed", "solved") and t.priority != "urgent"
    )

    async def op(attempt: Attempt) -> Any:
        return await source.escalate_case(
            ticket_id,
            CasePriority.URGENT,
            f"escalated, variant {variant}",
            f"key-{variant}",
            CTX,
            reconcile=attempt.reconcile,
        )

    return op


def hold(rig: WriteRig, client: str, variant: int) -> Op:
    source = ErpSource(rig.clients[client], ErpConfig(), _cache())
    erp_id = next(str(c.erp_id) for c in rig.sandbox.universe.customers if c.credit_hold != "ON")

    async def op(attempt: Attempt) -> Any:
        return await source.set_credit_hold(erp_id, CreditHold.ON, CTX, reconcile=attempt.reconcile)

    return op


CASES = [
    WriteCase("issue_credit", "billing", credit),
    WriteCase("amend_subscription", "billing", amend),
    WriteCase("renew_contract", "crm", renew),
    WriteCase("escalate_case", "support", escalate),
    WriteCase("set_credit_hold", "erp", hold),
]
