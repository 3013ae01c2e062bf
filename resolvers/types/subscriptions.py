"""Billing subscriptions and their items."""

from __future__ import annotations

from datetime import datetime

import strawberry

from domain.models import CollectionMethod, RecurringInterval, SubscriptionStatus
from domain.models import Subscription as DomainSubscription
from domain.models import SubscriptionItem as DomainItem
from resolvers.types.money import Money


@strawberry.type(description="One price on a subscription; `unitAmount` is null for tiered prices.")
class SubscriptionItem:
    """Stripe subscription item; `id` is the Stripe item id."""

    id: strawberry.ID
    price_id: strawberry.ID
    product_id: strawberry.ID
    product_name: str | None
    quantity: int
    unit_amount: Money | None
    interval: RecurringInterval
    interval_count: int

    @staticmethod
    def of(item: DomainItem) -> SubscriptionItem:
        """Build from the domain item."""
        return SubscriptionItem(
            id=strawberry.ID(item.id),
            price_id=strawberry.ID(item.price_id),
            product_id=strawberry.ID(item.product_id),
            product_name=item.product_name,
            quantity=item.quantity,
            unit_amount=Money.maybe(item.unit_amount),
            interval=item.interval,
            interval_count=item.interval_count,
        )


@strawberry.type(description="A billing subscription; `id` is the Stripe subscription id.")
class Subscription:
    """Stripe subscription."""

    id: strawberry.ID
    customer_id: strawberry.ID | None
    status: SubscriptionStatus
    items: list[SubscriptionItem]
    current_period_start: datetime
    current_period_end: datetime
    cancel_at_period_end: bool
    created: datetime
    collection_method: CollectionMethod

    @staticmethod
    def of(subscription: DomainSubscription) -> Subscription:
        """Build from the domain subscription."""
        return Subscription(
            id=strawberry.ID(subscription.id),
            customer_id=None if subscription.customer_id is None else strawberry.ID(subscription.customer_id),
            status=subscription.status,
            items=[SubscriptionItem.of(item) for item in subscription.items],
            current_period_start=subscription.current_period_start,
            current_period_end=subscription.current_period_end,
            cancel_at_period_end=subscription.cancel_at_period_end,
            created=subscription.created,
            collection_method=subscription.collection_method,
        )
