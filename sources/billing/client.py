"""The billing connector: Stripe has no multi-customer list filter, so batches fan out per customer
concurrently, bounded by a semaphore of `max_concurrency`."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import TypeVar

import httpx
from pydantic import BaseModel

from domain.ids import InvalidId, StripePrefix, parse_stripe_id
from domain.models import BillingCustomer, Invoice, Subscription
from domain.systems import SourceSystem
from sources.batching import fanned_out_batch
from sources.billing import mapping
from sources.billing.payloads import CustomerObject, InvoiceObject, StripeList, SubscriptionObject
from sources.billing.writes import BillingWrites
from sources.breaker import CircuitState
from sources.cache import SourceCache
from sources.config import BillingConfig
from sources.context import CallContext
from sources.errors import SourceBadResponse, SourceNotFound
from sources.http import SourceHttp
from sources.resilience import Clock
from sources.responses import parametrized
from sources.results import Fetched, Outcome
from sources.telemetry import SourceObserver

BILLING = SourceSystem.BILLING
PAGE_SIZE = 100
O = TypeVar("O", bound=BaseModel)  # noqa: E741
T = TypeVar("T")


def _is_customer_id(key: str) -> bool:
    try:
        parse_stripe_id(key, StripePrefix.CUSTOMER)
    except InvalidId:
        return False
    return True


class BillingSource(BillingWrites):
    """Stripe: billing customers, subscriptions (all statuses) and invoices."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        config: BillingConfig,
        cache: SourceCache,
        *,
        observer: SourceObserver | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._http = SourceHttp.for_config(
            client,
            BILLING,
            config,
            auth_headers={
                "Authorization": f"Bearer {config.secret_key.get_secret_value()}",
                "Stripe-Version": config.api_version,
            },
            observer=observer if observer is not None else cache.observer,
            clock=clock,
        )
        self._limit = asyncio.Semaphore(config.max_concurrency)
        self._cache = cache

    def _convert(self, convert: Callable[[O], T], obj: O) -> T:
        try:
            return convert(obj)
        except ValueError as exc:
            raise SourceBadResponse(BILLING, "billing answered an object the domain refuses") from exc

    async def _list(
        self, obj: type[O], path: str, params: dict[str, str | int], ctx: CallContext
    ) -> tuple[list[O], float]:
        """Every object of one list, following `has_more` with `starting_after`."""
        items: list[O] = []
        latency = 0.0
        query: dict[str, str | int] = {**params, "limit": PAGE_SIZE}
        while True:
            page = await self._http.call(parametrized(StripeList, obj), "GET", path, ctx, params=query)
            data: list[O] = list(page.value.data)
            items.extend(data)
            latency += page.latency_ms
            if not page.value.has_more or not data:
                return items, latency
            query = {**query, "starting_after": str(data[-1].id)}  # type: ignore[attr-defined]

    async def _per_customer(
        self,
        entity: str,
        customer_ids: Sequence[str],
        fetch_one: Callable[[str], Awaitable[tuple[T | None, float]]],
    ) -> dict[str, Outcome[T]]:
        valid = [key for key in customer_ids if _is_customer_id(key)]
        answers = await fanned_out_batch(self._cache, BILLING, entity, valid, fetch_one, self._limit)
        # A key that is not a Stripe customer id names no customer: answered without a call.
        return {key: answers.get(key) or Fetched(None, "live", 0.0) for key in customer_ids}

    async def subscriptions(
        self, customer_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[list[Subscription]]]:
        """Every subscription of each customer, canceled ones included (`status=all`); a call per customer."""

        async def one(customer_id: str) -> tuple[list[Subscription] | None, float]:
            subs, latency = await self._list(
                SubscriptionObject, "/v1/subscriptions", {"customer": customer_id, "status": "all"}, ctx
            )
            return [self._convert(mapping.to_subscription, s) for s in subs], latency

        return await self._per_customer("subscriptions", customer_ids, one)

    async def invoices(
        self, customer_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[list[Invoice]]]:
        """Every invoice of each customer, newest first; a call per customer (100 a page)."""

        async def one(customer_id: str) -> tuple[list[Invoice] | None, float]:
            found, latency = await self._list(InvoiceObject, "/v1/invoices", {"customer": customer_id}, ctx)
            invoices = [self._convert(mapping.to_invoice, i) for i in found]
            return mapping.newest_first(invoices), latency

        return await self._per_customer("invoices", customer_ids, one)

    async def customers(
        self, customer_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[BillingCustomer]]:
        """Billing customers by id; a call per customer; deleted or unknown customers answer None."""

        async def one(customer_id: str) -> tuple[BillingCustomer | None, float]:
            try:
                got = await self._http.call(CustomerObject, "GET", f"/v1/customers/{customer_id}", ctx)
            except SourceNotFound:
                return None, 0.0
            return self._convert(mapping.to_billing_customer, got.value), got.latency_ms

        return await self._per_customer("customers", customer_ids, one)

    @property
    def circuit_state(self) -> CircuitState:
        """This system's circuit breaker: closed, open (failing fast) or half_open (probing)."""
        return self._http.circuit_state

    async def ping(self, ctx: CallContext) -> None:
        """One cheap authenticated list call; raises SourceError when billing is not usable."""
        await self._http.call(
            parametrized(StripeList, CustomerObject),
            "GET",
            "/v1/customers",
            ctx,
            params={"limit": 1},
            retry=False,
        )
