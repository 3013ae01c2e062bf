"""Per-request dataloaders: one per (system, entity); each batch is one call of a source batch method, in
its own OpenTelemetry span (the parent of that batch's upstream call spans)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from aiodataloader import DataLoader
from opentelemetry import trace

from domain.models import Account, Case, Invoice, LegalEntity, SlaPolicy, Subscription
from domain.systems import SourceSystem
from resolvers.errors import INTERNAL
from resolvers.ledger import Entity, Ledger
from sources.context import CallContext
from sources.errors import SourceBadResponse, SourceError
from sources.results import Fetched, Outcome

if TYPE_CHECKING:
    from sources.registry import Sources

V = TypeVar("V")

BatchFetch = Callable[[Sequence[str], CallContext], Awaitable[Mapping[str, Outcome[V]]]]

_TRACER = trace.get_tracer("tessera.resolvers")


def _batch_span(system: SourceSystem, name: str, entities: str, size: int) -> trace.Span:
    return _TRACER.start_span(
        f"batch {system.value}.{name}",
        attributes={
            "tessera.source.system": system.value,
            "tessera.batch.entity": entities,
            "tessera.batch.size": size,
        },
    )


#: A load named by its entity and its key (the CRM loader's keys: an account's parts by customer id).
EntityKey = tuple[Entity, str]
#: What a batch found: per entity, each key's outcome.
Found = Mapping[Entity, Mapping[str, Outcome[Any]]]


def _answer(entity: Entity, key: str, outcome: Outcome[Any] | None, ledger: Ledger) -> Any:
    """A key's value for its loader, recorded in the ledger: aiodataloader's convention is that a key's
    exception stands in its value's place and rejects that key only."""
    if outcome is None:
        outcome = SourceBadResponse(entity.system, f"the {entity.system.value} answer missed a key")
    ledger.record(entity, key, outcome)
    return outcome if isinstance(outcome, SourceError) else outcome.value


async def _answers(
    span: trace.Span, keys: Sequence[EntityKey], fetch: Callable[[], Awaitable[Found]], ledger: Ledger
) -> list[Any]:
    """Each key's value (or error) from one batch call made in `span`, recorded in the ledger."""
    try:
        with trace.use_span(span, end_on_exit=True, record_exception=False):
            found = await fetch()
    except SourceError as exc:  # the contract says per-key outcomes; tolerate a raised batch error too
        return [_answer(entity, key, exc, ledger) for entity, key in keys]
    except Exception:
        for entity, key in keys:
            ledger.record_failure(entity, key, INTERNAL)
        raise
    return [_answer(entity, key, found.get(entity, {}).get(key), ledger) for entity, key in keys]


def _batch_function(
    entity: Entity, fetch: BatchFetch[V], call: CallContext, ledger: Ledger
) -> Callable[[list[str]], Coroutine[Any, Any, list[V | None]]]:
    async def load(keys: list[str]) -> list[V | None]:
        async def fetched() -> Found:
            return {entity: await fetch(keys, call)}

        span = _batch_span(entity.system, entity.value, entity.value, len(keys))
        return await _answers(span, [(entity, key) for key in keys], fetched, ledger)

    return load


def _crm_batch_function(
    sources: Sources, call: CallContext, ledger: Ledger
) -> Callable[[list[EntityKey]], Coroutine[Any, Any, list[Any]]]:
    """The CRM's loads of one turn, every part together: the connector reads an account's record and
    its children in one query."""

    async def load(keys: list[EntityKey]) -> list[Any]:
        requests: dict[Entity, list[str]] = {}
        for entity, key in keys:
            requests.setdefault(entity, []).append(key)

        async def fetched() -> Found:
            found = await sources.crm.account_parts(
                {entity.value: ids for entity, ids in requests.items()}, call
            )
            return {entity: found.get(entity.value, {}) for entity in requests}

        names = ",".join(entity.value for entity in requests)
        span = _batch_span(SourceSystem.CRM, "account_parts", names, len(keys))
        return await _answers(span, keys, fetched, ledger)

    return load


def _loader(
    entity: Entity, fetch: BatchFetch[V], call: CallContext, ledger: Ledger
) -> DataLoader[str, V | None]:
    return DataLoader(_batch_function(entity, fetch, call, ledger), loop=asyncio.get_running_loop())


class ImmediateLoader(Generic[V]):
    """A loader for a vendor read one key a call anyway (Stripe's and Zendesk's per-customer lists): a
    key's load runs at once in the caller's task, through the same batch function with that one key, so
    its call goes out without waiting for a dataloader's dispatch (three turns of the event loop, in which
    other answers are handled first). Collecting keys would save no call: the connector fans out per key
    under its own concurrency limit, and concurrent loads of one key share one call (the cache's single
    flight)."""

    def __init__(self, batch: Callable[[list[str]], Coroutine[Any, Any, list[V | None]]]) -> None:
        self._batch = batch

    async def load(self, key: str) -> V | None:
        """The key's value (None: not found); raises the error that kept it from being answered."""
        (value,) = await self._batch([key])
        if isinstance(value, BaseException):
            raise value
        return value


def _policies_fetch(sources: Sources) -> BatchFetch[list[SlaPolicy]]:
    """The SLA policies as a one-key batch (`ALL_POLICIES`): they are the same for every customer, so a
    request loads them once; as a loader they are sent in the order the profile starts its loads."""

    async def fetch(keys: Sequence[str], call: CallContext) -> dict[str, Outcome[list[SlaPolicy]]]:
        outcome = await sources.support.sla_policies(call)
        return dict.fromkeys(keys, outcome)

    return fetch


class Directory:
    """Finding customers other than by id: by another system's id, or by name (CRM, not batched)."""

    def __init__(
        self, sources: Sources, call: CallContext, ledger: Ledger, crm: DataLoader[EntityKey, Any]
    ) -> None:
        self._sources = sources
        self._call = call
        self._ledger = ledger
        self._crm = crm

    async def find_account_id(self, system: SourceSystem, external_id: str) -> str | None:
        """The customer id the CRM cross-reference gives for another system's id, if any."""
        return await self._sources.crm.find_account_id(system, external_id, self._call)

    async def search(self, name: str, first: int) -> list[Account]:
        """Accounts whose name matches; each is primed into the account loader so it costs no second call."""
        started = time.perf_counter()
        accounts = await self._sources.crm.search_accounts(name, first, self._call)
        latency_ms = (time.perf_counter() - started) * 1000
        for account in accounts:
            self._crm.prime((Entity.ACCOUNTS, account.id), account)
            self._ledger.record(Entity.ACCOUNTS, account.id, Fetched(account, "live", latency_ms))
        return accounts


class Loaders:
    """Every loader of one request, reached as attributes, each built on first use: a profile read
    from the cache (`peek`) builds none."""

    def __init__(self, sources: Sources, call: CallContext) -> None:
        self.sources = sources
        self.ledger = Ledger()
        self._call = call

    @cached_property
    def crm(self) -> DataLoader[EntityKey, Any]:
        """CRM accounts, contracts and entitlements by (part, customer id): the parts asked in one turn
        go out together, one query per 200 accounts."""
        return DataLoader(
            _crm_batch_function(self.sources, self._call, self.ledger), loop=asyncio.get_running_loop()
        )

    @cached_property
    def erp_legal(self) -> DataLoader[str, LegalEntity | None]:
        """ERP legal customers by ERP id."""
        return _loader(Entity.LEGAL, self.sources.erp.legal_entities, self._call, self.ledger)

    @cached_property
    def billing_subscriptions(self) -> ImmediateLoader[list[Subscription] | None]:
        """Billing subscriptions by billing customer id."""
        return ImmediateLoader(
            _batch_function(Entity.SUBSCRIPTIONS, self.sources.billing.subscriptions, self._call, self.ledger)
        )

    @cached_property
    def billing_invoices(self) -> ImmediateLoader[list[Invoice] | None]:
        """Billing invoices by billing customer id."""
        return ImmediateLoader(
            _batch_function(Entity.INVOICES, self.sources.billing.invoices, self._call, self.ledger)
        )

    @cached_property
    def support_cases(self) -> ImmediateLoader[list[Case] | None]:
        """Support cases by organization id."""
        return ImmediateLoader(
            _batch_function(Entity.CASES, self.sources.support.cases, self._call, self.ledger)
        )

    @cached_property
    def support_policies(self) -> DataLoader[str, list[SlaPolicy] | None]:
        """The support system's SLA policies (one key, `ALL_POLICIES`)."""
        return _loader(Entity.SLA_POLICIES, _policies_fetch(self.sources), self._call, self.ledger)

    @cached_property
    def directory(self) -> Directory:
        """Finding customers by another system's id or by name."""
        return Directory(self.sources, self._call, self.ledger, self.crm)

    def peek(self, entity: Entity, key: str) -> Fetched[Any] | None:
        """The entity loader's answer for `key` when the source cache holds it fresh, at once, recorded in
        the ledger as the loader records a cache hit; None when it has to be loaded. No batch, no task:
        a warm profile completes without waiting on anything (cache hits are counted; no batch span)."""
        found = _CACHE_READERS[entity](self.sources, key)
        if found is not None:
            self.ledger.record(entity, key, found)
        return found


#: Per entity, its connector's read of one key from the cache.
_CACHE_READERS: dict[Entity, Callable[[Sources, str], Fetched[Any] | None]] = {
    Entity.ACCOUNTS: lambda sources, key: sources.crm.cached_account(key),
    Entity.CONTRACTS: lambda sources, key: sources.crm.cached_contracts(key),
    Entity.ENTITLEMENTS: lambda sources, key: sources.crm.cached_entitlements(key),
    Entity.LEGAL: lambda sources, key: sources.erp.cached_legal_entity(key),
    Entity.SUBSCRIPTIONS: lambda sources, key: sources.billing.cached_subscriptions(key),
    Entity.INVOICES: lambda sources, key: sources.billing.cached_invoices(key),
    Entity.CASES: lambda sources, key: sources.support.cached_cases(key),
    Entity.SLA_POLICIES: lambda sources, _all: sources.support.cached_sla_policies(),
}


def build_loaders(sources: Sources, call: CallContext) -> Loaders:
    """New loaders (and a new ledger) for one request; call inside the event loop that serves it."""
    return Loaders(sources, call)
