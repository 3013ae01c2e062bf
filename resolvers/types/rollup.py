"""The customer's subscriptions summarised: overall status, counts and monthly recurring revenue."""

from __future__ import annotations

import strawberry

from domain.models import SubscriptionStatus
from domain.subscriptions import RollupStatus, SubscriptionRollup
from resolvers.types.money import Money


@strawberry.type(description="How many subscriptions have one status.")
class SubscriptionStatusCount:
    """A count by status."""

    status: SubscriptionStatus
    count: int


@strawberry.type(
    description="The customer's subscriptions rolled up (precedence: past due, active, trialing, ...)."
)
class SubscriptionStatusRollup:
    """Subscription roll-up; `mrr` is null unless exactly one currency is present."""

    status: RollupStatus
    total: int
    counts: list[SubscriptionStatusCount]
    past_due_subscription_ids: list[strawberry.ID]
    mrr: Money | None
    mrr_by_currency: list[Money]
    unpriced_item_ids: list[strawberry.ID]

    @staticmethod
    def of(rollup: SubscriptionRollup) -> SubscriptionStatusRollup:
        """Build from the domain roll-up."""
        return SubscriptionStatusRollup(
            status=rollup.status,
            total=rollup.total,
            counts=[SubscriptionStatusCount(status=s, count=n) for s, n in rollup.counts.items()],
            past_due_subscription_ids=[strawberry.ID(i) for i in rollup.past_due_subscription_ids],
            mrr=Money.maybe(rollup.mrr),
            mrr_by_currency=[Money.of(m) for m in rollup.mrr_by_currency],
            unpriced_item_ids=[strawberry.ID(i) for i in rollup.unpriced_item_ids],
        )
