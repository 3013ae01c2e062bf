"""The customer operational profile: a federation entity keyed by the CRM account id."""

from __future__ import annotations

from collections.abc import Awaitable, Iterable
from typing import TypeVar

import strawberry

from domain.delinquency import assess_delinquency
from domain.discrepancies import find_discrepancies
from domain.ids import InvalidId, parse_customer_id
from domain.models import CaseStatus, InvoiceStatus
from domain.sla import applicable_sla
from domain.subscriptions import roll_up_status
from domain.systems import SourceSystem
from resolvers.auth import Scope, check_scope
from resolvers.context import Context
from resolvers.errors import BadUserInput, GatewayError, NotFound
from resolvers.fields import field
from resolvers.ledger import Entity
from resolvers.profile import CustomerProfile
from resolvers.selection import needs_of
from resolvers.types.account import Account
from resolvers.types.cases import Case
from resolvers.types.contracts import Contract, Entitlement
from resolvers.types.delinquency import Delinquency
from resolvers.types.discrepancy import Discrepancy
from resolvers.types.invoices import Invoice
from resolvers.types.rollup import SubscriptionStatusRollup
from resolvers.types.sla import Sla
from resolvers.types.status import SourceStatus
from resolvers.types.subscriptions import Subscription
from sources.errors import SourceError

T = TypeVar("T")

MAX_PAGE = 100
Info = strawberry.Info[Context, None]


def check_first(first: int, *, minimum: int = 0) -> int:
    """Validate a page size argument."""
    if not minimum <= first <= MAX_PAGE:
        raise BadUserInput(f"first must be between {minimum} and {MAX_PAGE}, got {first}")
    return first


async def _settle(load: Awaitable[T]) -> tuple[T | None, Exception | None]:
    """A load's value, or the expected error that kept it from answering (unexpected ones propagate)."""
    try:
        return await load, None
    except (SourceError, GatewayError) as exc:
        return None, exc


@strawberry.federation.type(
    keys=["id"], description="A customer's operational profile across the four systems."
)
class Customer:
    """The customer; `id` is the CRM Account Id. Each source-backed field is null when its system fails."""

    id: strawberry.ID
    profile: strawberry.Private[CustomerProfile]

    @classmethod
    def resolve_reference(cls, info: Info, id: strawberry.ID) -> Awaitable[Customer | None]:
        """Resolve a federation reference `{ __typename: "Customer", id }` (needs profile:read)."""
        check_scope(info.context, Scope.PROFILE_READ)
        return open_customer(info.context, id, needs_of(info))

    @field(description="CRM account, with the ERP legal customer under `legal`.")
    async def account(self) -> Account | None:
        """The CRM account."""
        account = await self.profile.account()
        return None if account is None else Account.of(account, self.profile)

    @field(description="Every contract of the customer (CRM), newest start first.")
    async def contracts(self, info: Info) -> list[Contract] | None:
        """All contracts."""
        today = info.context.now.date()
        return [Contract.of(c, today) for c in await self.profile.contracts()]

    @field(description="Support entitlements (CRM).")
    async def entitlements(self) -> list[Entitlement] | None:
        """All entitlements."""
        return [Entitlement.of(e) for e in await self.profile.entitlements()]

    @field(description="Billing subscriptions.")
    async def subscriptions(self) -> list[Subscription] | None:
        """All subscriptions."""
        return [Subscription.of(s) for s in await self.profile.subscriptions()]

    @field(description="The subscriptions rolled up into one status, with MRR.")
    async def subscription_status(self) -> SubscriptionStatusRollup | None:
        """Subscription roll-up."""
        return SubscriptionStatusRollup.of(roll_up_status(await self.profile.subscriptions()))

    @field(description="Billing invoices, newest first, optionally filtered by status.")
    async def invoices(
        self, info: Info, status: list[InvoiceStatus] | None = None, first: int = 20
    ) -> list[Invoice] | None:
        """Invoices from the one cached list, filtered and sliced here."""
        check_first(first)
        wanted = None if status is None else frozenset(status)
        newest_first = sorted(await self.profile.invoices(), key=lambda inv: inv.created, reverse=True)
        chosen = [inv for inv in newest_first if wanted is None or inv.status in wanted][:first]
        today = info.context.now.date()
        return [Invoice.of(inv, today) for inv in chosen]

    @field(description="Support cases, newest first, optionally filtered by status.")
    async def cases(self, status: list[CaseStatus] | None = None, first: int = 20) -> list[Case] | None:
        """Cases from the one cached list, filtered and sliced here."""
        check_first(first)
        wanted = None if status is None else frozenset(status)
        newest_first = sorted(await self.profile.cases(), key=lambda case: case.created_at, reverse=True)
        return [Case.of(c) for c in newest_first if wanted is None or c.status in wanted][:first]

    @field(description="Delinquency from ERP receivables and billing; partial when one is missing.")
    async def delinquency(self, info: Info) -> Delinquency | None:
        """Delinquency assessment."""
        self.profile.start((Entity.LEGAL, Entity.SUBSCRIPTIONS, Entity.INVOICES))
        await self.profile.account()
        # The loads run side by side already; awaiting them in turn costs no time and no task each.
        legal, legal_error = await _settle(self.profile.legal())
        subs, subs_error = await _settle(self.profile.subscriptions())
        invoices, invoices_error = await _settle(self.profile.invoices())
        if legal_error and subs_error and invoices_error:
            raise legal_error
        found = assess_delinquency(
            legal=legal, subscriptions=subs, invoices=invoices, as_of=info.context.now.date()
        )
        return Delinquency.of(found)

    @field(description="The SLA policy for the customer's tier, its targets, and cases against it.")
    async def sla(self, info: Info) -> Sla | None:
        """Applied SLA."""
        self.profile.start((Entity.ACCOUNTS, Entity.SLA_POLICIES, Entity.CASES))
        account = await self.profile.account()
        policies = await self.profile.sla_policies()
        cases = await self.profile.cases()
        tier = None if account is None else account.support_tier
        applied = applicable_sla(tier=tier, policies=policies, open_cases=cases, as_of=info.context.now)
        return Sla.of(applied)

    @field(description="Per system used for this customer: answered, from cache or live, latency, error.")
    async def sources(self) -> list[SourceStatus]:
        """Source statuses (no extra upstream call)."""
        return [SourceStatus.of(status) for status in await self.profile.statuses()]

    @field(description="Where the systems disagree about this customer (from the parts that answered).")
    async def discrepancies(self, info: Info) -> list[Discrepancy] | None:
        """Cross-system discrepancies."""
        self.profile.start((Entity.LEGAL, Entity.CONTRACTS, Entity.SUBSCRIPTIONS, Entity.INVOICES))
        account = await self.profile.account()
        legal, _ = await _settle(self.profile.legal())
        contracts, _ = await _settle(self.profile.contracts())
        subscriptions, _ = await _settle(self.profile.subscriptions())
        invoices, _ = await _settle(self.profile.invoices())
        found = find_discrepancies(
            as_of=info.context.now.date(),
            account=account,
            legal=legal,
            contracts=contracts,
            subscriptions=subscriptions,
            invoices=invoices,
        )
        return [Discrepancy.of(d) for d in found]


def parse_id(raw: str) -> str:
    """The canonical customer id, or BAD_USER_INPUT (before any upstream call)."""
    try:
        return parse_customer_id(raw)
    except InvalidId as exc:
        raise BadUserInput(f"not a customer id: {exc.reason}") from None


async def open_customer(context: Context, raw_id: str, needs: Iterable[Entity]) -> Customer | None:
    """Validate the id, start the loads the selection needs, confirm the customer exists (else NOT_FOUND)."""
    customer_id = parse_id(raw_id)
    profile = context.profile(customer_id)
    profile.start(needs)
    try:
        account = await profile.account()
    except SourceError:
        # The CRM did not answer: the customer still resolves, each field reports what it could not get.
        return Customer(id=strawberry.ID(customer_id), profile=profile)
    if account is None:
        raise NotFound(f"no customer with id {customer_id}", source=SourceSystem.CRM.value)
    return Customer(id=strawberry.ID(customer_id), profile=profile)
