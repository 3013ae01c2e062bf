"""The billing connector: Stripe has no multi-customer list filter, so batches fan out per customer
concurrently, bounded by a semaphore of `max_concurrency`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property, partial
from typing import TypeVar

from pydantic import BaseModel

from domain.ids import StripePrefix, parse_stripe_id
from domain.models import BillingCustomer, Invoice, Subscription
from domain.systems import SourceSystem
from sources.batching import FanOut
from sources.billing import mapping
from sources.billing.payloads import CustomerObject, InvoiceObject, StripeList, SubscriptionObject
from sources.billing.writes import BillingWrites
from sources.config import BillingConfig
from sources.context import CallContext
from sources.errors import SourceNotFound
from sources.responses import parametrized
from sources.results import Fetched, Outcome

BILLING = SourceSystem.BILLING
PAGE_SIZE = 100
O = TypeVar("O", bound=BaseModel)  # noqa: E741

_customer_id = partial(parse_stripe_id, prefix=StripePrefix.CUSTOMER)


class BillingSource(BillingWrites):
    """Stripe: billing customers, subscriptions (all statuses) and invoices."""

    system = BILLING

    def _auth_headers(self, config: BillingConfig) -> Mapping[str, str]:
        return {
            "Authorization": f"Bearer {config.secret_key.get_secret_value()}",
            "Stripe-Version": config.api_version,
        }

    @cached_property
    def _fan_out(self) -> FanOut:
        return FanOut(self._cache, BILLING, self._config.max_concurrency)

    async def _list(
        self, obj: type[O], path: str, params: dict[str, str | int], ctx: CallContext
    ) -> tuple[list[O], float]:
        """Every object of one list, following `has_more` with `starting_after`."""
        model = parametrized(StripeList, obj)
        items: list[O] = []
        latency = 0.0
        query: dict[str, str | int] = {**params, "limit": PAGE_SIZE}
        while True:
            page = await self._http.call(model, "GET", path, ctx, params=query)
            data: list[O] = list(page.value.data)
            items.extend(data)
            latency += page.latency_ms
            if not page.value.has_more or not data:
                return items, latency
            query = {**query, "starting_after": str(data[-1].id)}  # type: ignore[attr-defined]

    def cached_subscriptions(self, customer_id: str) -> Fetched[list[Subscription]] | None:
        """`subscriptions` of one customer if fresh in the cache, at once (None: load it)."""
        return self.cached("subscriptions", customer_id)

    def cached_invoices(self, customer_id: str) -> Fetched[list[Invoice]] | None:
        """`invoices` of one customer if fresh in the cache, at once (None: load it)."""
        return self.cached("invoices", customer_id)

    async def subscriptions(
        self, customer_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[list[Subscription]]]:
        """Every subscription of each customer, canceled ones included (`status=all`); a call per customer."""

        async def one(customer_id: str) -> tuple[list[Subscription] | None, float]:
            subs, latency = await self._list(
                SubscriptionObject, "/v1/subscriptions", {"customer": customer_id, "status": "all"}, ctx
            )
            return [self._to_domain(mapping.to_subscription, s) for s in subs], latency

        return await self._fan_out.batch("subscriptions", customer_ids, _customer_id, one)

    async def invoices(
        self, customer_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[list[Invoice]]]:
        """Every invoice of each customer, newest first; a call per customer (100 a page)."""

        async def one(customer_id: str) -> tuple[list[Invoice] | None, float]:
            found, latency = await self._list(InvoiceObject, "/v1/invoices", {"customer": customer_id}, ctx)
            invoices = [self._to_domain(mapping.to_invoice, i) for i in found]
            return mapping.newest_first(invoices), latency

        return await self._fan_out.batch("invoices", customer_ids, _customer_id, one)

    async def customers(
        self, customer_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[BillingCustomer]]:
        """Billing customers by id; a call per customer; deleted or unknown customers answer None."""

        async def one(customer_id: str) -> tuple[BillingCustomer | None, float]:
            try:
                got = await self._http.call(CustomerObject, "GET", f"/v1/customers/{customer_id}", ctx)
            except SourceNotFound:
                return None, 0.0
            return self._to_domain(mapping.to_billing_customer, got.value), got.latency_ms

        return await self._fan_out.batch("customers", customer_ids, _customer_id, one)

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
