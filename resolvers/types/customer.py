"""The customer operational profile: a federation entity keyed by the CRM account id."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from typing import TypeVar, cast

import strawberry

from domain.delinquency import assess_delinquency
from domain.discrepancies import find_discrepancies
from domain.ids import InvalidId, parse_customer_id
from domain.models import Case as CaseModel
from domain.models import CaseStatus, InvoiceStatus
from domain.sla import applicable_sla, sla_clock
from domain.subscriptions import roll_up_status
from domain.systems import SourceSystem
from resolvers.auth import Scope, check_scope
from resolvers.context import Context
from resolvers.errors import BadUserInput, GatewayError, NotFound
from resolvers.execution import KeptKey, in_place, kept
from resolvers.fields import field
from resolvers.ledger import Entity
from resolvers.profile import CustomerProfile, Resolved
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


def _settle(part: Callable[[], T]) -> tuple[T | None, Exception | None]:
    """A finished part's value, or the expected error that kept it from answering (others propagate)."""
    try:
        return part(), None
    except (SourceError, GatewayError) as exc:
        return None, exc


#: The loads each field reads (the account too where the part is found through the cross-reference).
_BILLING_SUBSCRIPTIONS = (Entity.ACCOUNTS, Entity.SUBSCRIPTIONS)
_BILLING_INVOICES = (Entity.ACCOUNTS, Entity.INVOICES)
_SUPPORT_CASES = (Entity.ACCOUNTS, Entity.CASES)
_DELINQUENCY = (Entity.ACCOUNTS, Entity.LEGAL, Entity.SUBSCRIPTIONS, Entity.INVOICES)
_SLA = (Entity.ACCOUNTS, Entity.SLA_POLICIES, Entity.CASES)
_DISCREPANCIES = (Entity.ACCOUNTS, Entity.LEGAL, Entity.CONTRACTS, Entity.SUBSCRIPTIONS, Entity.INVOICES)


def _key_from(
    entities: tuple[Entity, ...], *, daily: bool = False, if_started: tuple[Entity, ...] = ()
) -> Callable[[Customer], KeptKey | None]:
    """The key of a customer field built from the answers of `entities` (`daily`: and as of today;
    `if_started`: and of those parts when the selection asked for them)."""
    return lambda customer: customer.profile.kept_key(entities, daily=daily, if_started=if_started)


def _sla_key(customer: Customer) -> KeptKey | None:
    """The SLA's key: its parts, and where the request's instant stands against each open case's SLA
    clock (`sla_clock`). The SLA is judged as of that instant, and is the same at every instant that stands
    the same, so it is built again when a metric falls due or comes within the at-risk window, or a
    minute turns on a case in breach or at risk."""
    profile = customer.profile
    key = profile.kept_key(_SLA)
    if key is None:
        return None
    equal, parts = key
    cases = cast("list[CaseModel] | None", parts[_SLA.index(Entity.CASES)])  # the cached answer: a list
    return (equal, sla_clock(cases or (), profile.now)), parts


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

    @field(description="CRM account, with the ERP legal customer under `legal`.", graphql_type=Account | None)
    @in_place
    @kept(_key_from((Entity.ACCOUNTS,), if_started=(Entity.LEGAL,)))  # `legal` only when selected
    def account(self) -> Resolved[Account | None]:
        """The CRM account."""

        def build() -> Account | None:
            account = self.profile.account_now()
            return None if account is None else Account.of(account, self.profile)

        return self.profile.when_ready((Entity.ACCOUNTS,), build)

    @field(
        description="Every contract of the customer (CRM), newest start first.",
        graphql_type=list[Contract] | None,
    )
    @in_place
    @kept(_key_from((Entity.CONTRACTS,), daily=True))
    def contracts(self) -> Resolved[list[Contract] | None]:
        """All contracts."""
        today = self.profile.now.date()
        return self.profile.when_ready(
            (Entity.CONTRACTS,), lambda: [Contract.of(c, today) for c in self.profile.contracts_now()]
        )

    @field(description="Support entitlements (CRM).", graphql_type=list[Entitlement] | None)
    @in_place
    @kept(_key_from((Entity.ENTITLEMENTS,)))
    def entitlements(self) -> Resolved[list[Entitlement] | None]:
        """All entitlements."""
        return self.profile.when_ready(
            (Entity.ENTITLEMENTS,), lambda: [Entitlement.of(e) for e in self.profile.entitlements_now()]
        )

    @field(description="Billing subscriptions.", graphql_type=list[Subscription] | None)
    @in_place
    @kept(_key_from(_BILLING_SUBSCRIPTIONS))
    def subscriptions(self) -> Resolved[list[Subscription] | None]:
        """All subscriptions."""
        return self.profile.when_ready(
            _BILLING_SUBSCRIPTIONS, lambda: [Subscription.of(s) for s in self.profile.subscriptions_now()]
        )

    @field(
        description="The subscriptions rolled up into one status, with MRR.",
        graphql_type=SubscriptionStatusRollup | None,
    )
    @in_place
    @kept(_key_from(_BILLING_SUBSCRIPTIONS))
    def subscription_status(self) -> Resolved[SubscriptionStatusRollup | None]:
        """Subscription roll-up."""
        return self.profile.when_ready(
            _BILLING_SUBSCRIPTIONS,
            lambda: SubscriptionStatusRollup.of(roll_up_status(self.profile.subscriptions_now())),
        )

    @field(
        description="Billing invoices, newest first, optionally filtered by status.",
        graphql_type=list[Invoice] | None,
    )
    @in_place
    @kept(_key_from(_BILLING_INVOICES, daily=True))
    def invoices(
        self, status: list[InvoiceStatus] | None = None, first: int = 20
    ) -> Resolved[list[Invoice] | None]:
        """Invoices from the one cached list, filtered and sliced here."""
        check_first(first)
        wanted = None if status is None else frozenset(status)
        today = self.profile.now.date()

        def build() -> list[Invoice]:
            newest_first = sorted(self.profile.invoices_now(), key=lambda inv: inv.created, reverse=True)
            chosen = [inv for inv in newest_first if wanted is None or inv.status in wanted][:first]
            return [Invoice.of(inv, today) for inv in chosen]

        return self.profile.when_ready(_BILLING_INVOICES, build)

    @field(
        description="Support cases, newest first, optionally filtered by status.",
        graphql_type=list[Case] | None,
    )
    @in_place
    @kept(_key_from(_SUPPORT_CASES))
    def cases(self, status: list[CaseStatus] | None = None, first: int = 20) -> Resolved[list[Case] | None]:
        """Cases from the one cached list, filtered and sliced here."""
        check_first(first)
        wanted = None if status is None else frozenset(status)

        def build() -> list[Case]:
            newest_first = sorted(self.profile.cases_now(), key=lambda case: case.created_at, reverse=True)
            return [Case.of(c) for c in newest_first if wanted is None or c.status in wanted][:first]

        return self.profile.when_ready(_SUPPORT_CASES, build)

    @field(
        description="Delinquency from ERP receivables and billing; partial when one is missing.",
        graphql_type=Delinquency | None,
    )
    @in_place
    @kept(_key_from(_DELINQUENCY, daily=True))
    def delinquency(self) -> Resolved[Delinquency | None]:
        """Delinquency assessment."""

        def build() -> Delinquency:
            self.profile.account_now()
            legal, legal_error = _settle(self.profile.legal_now)
            subs, subs_error = _settle(self.profile.subscriptions_now)
            invoices, invoices_error = _settle(self.profile.invoices_now)
            if legal_error and subs_error and invoices_error:
                raise legal_error
            found = assess_delinquency(
                legal=legal, subscriptions=subs, invoices=invoices, as_of=self.profile.now.date()
            )
            return Delinquency.of(found)

        return self.profile.when_ready(_DELINQUENCY, build)

    @field(
        description="The SLA policy for the customer's tier, its targets, and cases against it.",
        graphql_type=Sla | None,
    )
    @in_place
    @kept(_sla_key)
    def sla(self) -> Resolved[Sla | None]:
        """Applied SLA."""

        def build() -> Sla:
            account = self.profile.account_now()
            policies = self.profile.sla_policies_now()
            cases = self.profile.cases_now()
            tier = None if account is None else account.support_tier
            applied = applicable_sla(tier=tier, policies=policies, open_cases=cases, as_of=self.profile.now)
            return Sla.of(applied)

        return self.profile.when_ready(_SLA, build)

    @field(
        description="Per system used for this customer: answered, from cache or live, latency, error.",
        graphql_type=list[SourceStatus],
    )
    @in_place
    def sources(self) -> Resolved[list[SourceStatus]]:
        """Source statuses (no extra upstream call)."""
        return self.profile.when_ready(
            None, lambda: [SourceStatus.of(status) for status in self.profile.statuses_now()]
        )

    @field(
        description="Where the systems disagree about this customer (from the parts that answered).",
        graphql_type=list[Discrepancy] | None,
    )
    @in_place
    @kept(_key_from(_DISCREPANCIES, daily=True))
    def discrepancies(self) -> Resolved[list[Discrepancy] | None]:
        """Cross-system discrepancies."""

        def build() -> list[Discrepancy]:
            account = self.profile.account_now()
            legal, _ = _settle(self.profile.legal_now)
            contracts, _ = _settle(self.profile.contracts_now)
            subscriptions, _ = _settle(self.profile.subscriptions_now)
            invoices, _ = _settle(self.profile.invoices_now)
            found = find_discrepancies(
                as_of=self.profile.now.date(),
                account=account,
                legal=legal,
                contracts=contracts,
                subscriptions=subscriptions,
                invoices=invoices,
            )
            return [Discrepancy.of(d) for d in found]

        return self.profile.when_ready(_DISCREPANCIES, build)


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
    # Every part in before the customer is completed: then it completes in one pass, by plan, instead of
    # a field at a time through graphql-core's awaitables as each part answers. That costs less CPU than
    # completing the early parts while the slowest is still awaited saves (bench/README.md, change 24).
    settling = profile.all_in()
    if settling is not None:
        await settling
    return Customer(id=strawberry.ID(customer_id), profile=profile)
