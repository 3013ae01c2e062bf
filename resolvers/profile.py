"""One customer's loads in one request: memoized, started together, and reported per system."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Any, TypeAlias, TypeVar

from domain.models import Account, Case, Contract, Entitlement, Invoice, LegalEntity, SlaPolicy, Subscription
from domain.systems import SourceSystem
from resolvers.errors import CrossReferenceUnavailable, NotFound
from resolvers.execution import KeptKey
from resolvers.ledger import ALL_POLICIES, Entity, Entry, SystemStatus, summarise
from resolvers.loaders import Loaders

T = TypeVar("T")
#: A field's value, or (while its loads still run) an awaitable of it, which graphql-core awaits.
Resolved: TypeAlias = T | Awaitable[T]


def _retrieve(future: asyncio.Future[Any]) -> None:
    # Mark the exception as seen: a field that awaits it reports it; if none does, it is not a leak.
    if not future.cancelled():
        future.exception()


#: The account first, then the loads that wait for it, the heaviest answers first, then the rest.
START_ORDER: tuple[Entity, ...] = (
    Entity.ACCOUNTS,
    Entity.INVOICES,
    Entity.SUBSCRIPTIONS,
    Entity.CASES,
    Entity.LEGAL,
    Entity.CONTRACTS,
    Entity.ENTITLEMENTS,
    Entity.SLA_POLICIES,
)


class CustomerProfile:
    """The customer's data as this request needs it; each part loaded once, through the loaders."""

    def __init__(self, customer_id: str, loaders: Loaders, now: datetime) -> None:
        self.customer_id = customer_id
        self.now = now
        """The request's instant (UTC): every overdue and SLA rule of the customer uses this one."""
        self._loaders = loaders
        self._futures: dict[Entity, asyncio.Future[Any]] = {}
        self._from_cache: set[Entity] = set()

    def start(self, needs: Iterable[Entity]) -> None:
        """Start every needed load now, so loads at the same depth batch and run side by side.

        In the order of `START_ORDER`: each call is sent in the order its load started (the account's
        answer resumes the loads waiting for it in the order they began waiting), and sending one costs
        CPU, so the account (the cross-reference everything else waits for) goes first, then the
        slowest answers of the second round."""
        wanted = set(needs)
        for entity in START_ORDER:
            if entity in wanted:
                self._future(entity)

    def _future(self, entity: Entity) -> asyncio.Future[Any]:
        future = self._futures.get(entity)
        if future is None:
            future = self._cached(entity)
            if future is None:
                future = self._loading(entity)
                future.add_done_callback(_retrieve)
            else:
                self._from_cache.add(entity)  # an answer, never an error: nothing to retrieve
            self._futures[entity] = future
        return future

    def all_in(self) -> Awaitable[Any] | None:
        """An awaitable that finishes once every started load has answered or failed (it never raises
        their errors: each field reports its own), or None when they all have."""
        pending = [future for future in self._futures.values() if not future.done()]
        return asyncio.gather(*pending, return_exceptions=True) if pending else None

    def kept_key(
        self, entities: tuple[Entity, ...], *, daily: bool = False, if_started: tuple[Entity, ...] = ()
    ) -> KeptKey | None:
        """What a field built from the answers of `entities` depends on, for the executor to keep its
        completed value (`resolvers.execution.kept`): the customer (and the day, for a field judged as of
        today), then the answers themselves, the source cache's objects. `if_started` names parts the
        value reads only when the selection asked for them (their loads were then started): they count
        when started. None unless every counted answer was read from the cache: a live answer is cached
        for the next request, which keeps the value."""
        futures = self._futures
        started = tuple(entity for entity in if_started if entity in futures)
        counted = entities + started
        if not self._from_cache.issuperset(counted):
            return None
        return (self.customer_id, self.now.date() if daily else None, started), tuple(
            futures[entity].result() for entity in counted
        )

    def _account_in(self) -> asyncio.Future[Any] | None:
        """The account's load when it has answered (a customer or None), else None: not started, still
        running, or failed."""
        account = self._futures.get(Entity.ACCOUNTS)
        if account is None or not account.done() or account.cancelled() or account.exception():
            return None
        return account

    def _cached(self, entity: Entity) -> asyncio.Future[Any] | None:
        """A finished future of the load's answer when the cache holds it fresh (for a load keyed by the
        account, once the account is in), else None: the load then goes through the loaders."""
        if entity is Entity.SLA_POLICIES:
            key: str | None = ALL_POLICIES
        elif entity.system is SourceSystem.CRM:
            key = self.customer_id
        else:
            account = self._account_in()
            if account is None:
                return None
            key = self._key(entity, account.result())
        if key is None:
            found: Any = None  # no id in that system: nothing to load, as `_load_key` answers
        else:
            hit = self._loaders.peek(entity, key)
            if hit is None:
                return None
            found = hit.value
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        future.set_result(found)
        return future

    def _loading(self, entity: Entity) -> asyncio.Future[Any]:
        """The load's future: the dataloader's own for what needs only the customer id, or (the account
        being in) the key's load started at once; else a task that first waits for the account (the
        cross-reference names the key). No task around a loader that can be asked now: each is a turn
        of the event loop before the call goes out."""
        loaders = self._loaders
        if entity.system is SourceSystem.CRM:
            return loaders.crm.load((entity, self.customer_id))
        if entity is Entity.SLA_POLICIES:
            return loaders.support_policies.load(ALL_POLICIES)
        account = self._account_in()
        if account is None:
            return asyncio.ensure_future(self._load(entity))
        key = self._key(entity, account.result())
        if entity is Entity.LEGAL and key is not None:
            return loaders.erp_legal.load(key)
        return asyncio.ensure_future(self._load_key(entity, key))

    async def _load(self, entity: Entity) -> Any:
        return await self._load_key(entity, self._key(entity, await self.account()))

    async def _load_key(self, entity: Entity, key: str | None) -> Any:
        loaders = self._loaders
        if key is None:
            return None
        if entity is Entity.LEGAL:
            return await loaders.erp_legal.load(key)
        if entity is Entity.SUBSCRIPTIONS:
            return await loaders.billing_subscriptions.load(key)
        if entity is Entity.INVOICES:
            return await loaders.billing_invoices.load(key)
        return await loaders.support_cases.load(key)

    def _key(self, entity: Entity, account: Account | None) -> str | None:
        if entity.system is SourceSystem.CRM:
            return self.customer_id
        if entity is Entity.SLA_POLICIES:
            return ALL_POLICIES
        if account is None:
            return None
        if entity is Entity.LEGAL:
            return account.erp_customer_id
        if entity in (Entity.SUBSCRIPTIONS, Entity.INVOICES):
            return account.billing_customer_id
        return account.support_org_id

    def when_ready(self, entities: Iterable[Entity] | None, build: Callable[[], T]) -> Resolved[T]:
        """`build()` now when the loads of `entities` (None: every started one) are done, else an awaitable
        of it once they are (a field whose part is in completes in place: no coroutine, no task)."""
        futures = list(self._futures.values()) if entities is None else [self._future(e) for e in entities]
        if all(future.done() for future in futures):
            return build()

        async def later() -> T:
            await asyncio.gather(*futures, return_exceptions=True)
            return build()

        return later()

    def _now(self, entity: Entity) -> Any:
        """The finished load's value (raises its error); the load must be done."""
        return self._futures[entity].result()

    def _required_now(self, entity: Entity, what: str) -> Any:
        account = self.account_now()
        value = self._now(entity)
        if value is None and account is not None and self._key(entity, account) is not None:
            raise NotFound(
                f"the {entity.system.value} system has no {what} for this customer",
                source=entity.system.value,
            )
        return value

    def account_now(self) -> Account | None:
        """The CRM account (None: no such customer); raises the CRM's SourceError."""
        result: Account | None = self._now(Entity.ACCOUNTS)
        return result

    def contracts_now(self) -> list[Contract]:
        """Every contract of the customer, from the CRM."""
        return list(self._now(Entity.CONTRACTS) or ())

    def entitlements_now(self) -> list[Entitlement]:
        """Every entitlement of the customer, from the CRM."""
        return list(self._now(Entity.ENTITLEMENTS) or ())

    def legal_now(self) -> LegalEntity | None:
        """The ERP's legal customer (None when the CRM names no ERP id); NotFound when the ERP has none."""
        result: LegalEntity | None = self._required_now(Entity.LEGAL, "legal customer")
        return result

    def subscriptions_now(self) -> list[Subscription]:
        """The billing subscriptions (empty when the customer has no billing id)."""
        return list(self._required_now(Entity.SUBSCRIPTIONS, "billing customer") or ())

    def invoices_now(self) -> list[Invoice]:
        """The billing invoices as the source lists them (empty when the customer has no billing id)."""
        return list(self._required_now(Entity.INVOICES, "billing customer") or ())

    def cases_now(self) -> list[Case]:
        """The support cases (empty when the customer has no support organization)."""
        return list(self._required_now(Entity.CASES, "organization") or ())

    def sla_policies_now(self) -> list[SlaPolicy]:
        """Every SLA policy of the support system (one load per request)."""
        return list(self._now(Entity.SLA_POLICIES) or ())

    async def account(self) -> Account | None:
        """The CRM account, once loaded (see `account_now`)."""
        result: Account | None = await self._future(Entity.ACCOUNTS)
        return result

    def statuses_now(self) -> list[SystemStatus]:
        """Per system this request used for the customer: answered or not, origin, latency, error (every
        started load must be done)."""
        started = dict(self._futures)
        account_future = started.get(Entity.ACCOUNTS)
        xref_failed = account_future is not None and account_future.exception() is not None
        account = None if account_future is None or xref_failed else account_future.result()
        entries: dict[SourceSystem, list[Entry]] = {}
        for entity in started:
            bucket = entries.setdefault(entity.system, [])
            key = self._key(entity, account)
            if key is None:
                if xref_failed:
                    bucket.append(Entry(None, None, CrossReferenceUnavailable.code))
                continue
            entry = self._loaders.ledger.get(entity, key)
            if entry is not None:
                bucket.append(entry)
        return [summarise(system, entries[system]) for system in SourceSystem if system in entries]
