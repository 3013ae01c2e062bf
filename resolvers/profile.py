"""One customer's loads in one request: memoized, started together, and reported per system."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from typing import Any

from domain.models import Account, Case, Contract, Entitlement, Invoice, LegalEntity, SlaPolicy, Subscription
from domain.systems import SourceSystem
from resolvers.errors import CrossReferenceUnavailable, NotFound
from resolvers.ledger import ALL_POLICIES, Entity, Entry, SystemStatus, summarise
from resolvers.loaders import Loaders


def _retrieve(future: asyncio.Future[Any]) -> None:
    # Mark the exception as seen: a field that awaits it reports it; if none does, it is not a leak.
    if not future.cancelled():
        future.exception()


class CustomerProfile:
    """The customer's data as this request needs it; each part loaded once, through the loaders."""

    def __init__(self, customer_id: str, loaders: Loaders) -> None:
        self.customer_id = customer_id
        self._loaders = loaders
        self._futures: dict[Entity, asyncio.Future[Any]] = {}

    def start(self, needs: Iterable[Entity]) -> None:
        """Start every needed load now, so loads at the same depth batch and run side by side."""
        for entity in needs:
            self._future(entity)

    def _future(self, entity: Entity) -> asyncio.Future[Any]:
        future = self._futures.get(entity)
        if future is None:
            future = asyncio.ensure_future(self._load(entity))
            future.add_done_callback(_retrieve)
            self._futures[entity] = future
        return future

    async def _load(self, entity: Entity) -> Any:
        loaders = self._loaders
        if entity is Entity.ACCOUNTS:
            return await loaders.crm_accounts.load(self.customer_id)
        if entity is Entity.CONTRACTS:
            return await loaders.crm_contracts.load(self.customer_id)
        if entity is Entity.ENTITLEMENTS:
            return await loaders.crm_entitlements.load(self.customer_id)
        if entity is Entity.SLA_POLICIES:
            return await loaders.support_policies.load()
        key = self._key(entity, await self.account())
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

    async def account(self) -> Account | None:
        """The CRM account (None: no such customer); raises the CRM's SourceError."""
        result: Account | None = await self._future(Entity.ACCOUNTS)
        return result

    async def _required(self, entity: Entity, what: str) -> Any:
        account = await self.account()
        value = await self._future(entity)
        if value is None and account is not None and self._key(entity, account) is not None:
            raise NotFound(
                f"the {entity.system.value} system has no {what} for this customer",
                source=entity.system.value,
            )
        return value

    async def contracts(self) -> list[Contract]:
        """Every contract of the customer, from the CRM."""
        return list(await self._future(Entity.CONTRACTS) or ())

    async def entitlements(self) -> list[Entitlement]:
        """Every entitlement of the customer, from the CRM."""
        return list(await self._future(Entity.ENTITLEMENTS) or ())

    async def legal(self) -> LegalEntity | None:
        """The ERP's legal customer (None when the CRM names no ERP id); NotFound when the ERP has none."""
        result: LegalEntity | None = await self._required(Entity.LEGAL, "legal customer")
        return result

    async def subscriptions(self) -> list[Subscription]:
        """The billing subscriptions (empty when the customer has no billing id)."""
        return list(await self._required(Entity.SUBSCRIPTIONS, "billing customer") or ())

    async def invoices(self) -> list[Invoice]:
        """The billing invoices as the source lists them (empty when the customer has no billing id)."""
        return list(await self._required(Entity.INVOICES, "billing customer") or ())

    async def cases(self) -> list[Case]:
        """The support cases (empty when the customer has no support organization)."""
        return list(await self._required(Entity.CASES, "organization") or ())

    async def sla_policies(self) -> list[SlaPolicy]:
        """Every SLA policy of the support system (one load per request)."""
        result: list[SlaPolicy] = await self._future(Entity.SLA_POLICIES)
        return result

    async def statuses(self) -> list[SystemStatus]:
        """Per system this request used for the customer: answered or not, origin, latency, error."""
        started = dict(self._futures)
        await asyncio.gather(*started.values(), return_exceptions=True)
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
