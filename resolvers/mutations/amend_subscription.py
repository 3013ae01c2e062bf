"""`amendSubscription`: add prices, change quantities or remove items of one of the customer's
subscriptions, written to billing (Stripe) only."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import strawberry

from domain.ids import StripePrefix, parse_stripe_id
from domain.models import Subscription as DomainSubscription
from domain.ownership import WriteOperation
from domain.writes import (
    ItemChange,
    WriteInvalid,
    check_changes,
    check_price,
    check_proration,
)
from resolvers.mutations.payloads import Failure
from resolvers.mutations.runner import Missing, Target, WriteCall, check_owned, parse_input_id, run_write
from resolvers.types.customer import Info
from resolvers.types.subscriptions import Subscription
from sources.billing.client import BillingSource


@strawberry.enum(description="How billing prorates the change (Stripe's proration_behavior).")
class ProrationBehavior(Enum):
    """Stripe's proration behaviours."""

    CREATE_PRORATIONS = "create_prorations"
    NONE = "none"
    ALWAYS_INVOICE = "always_invoice"


@strawberry.input(description="Add a recurring price to the subscription.")
class AddPriceInput:
    """A price to add, with its quantity."""

    price_id: strawberry.ID
    quantity: int = 1


@strawberry.input(description="Change the quantity of an item of the subscription.")
class SetQuantityInput:
    """An item and its new quantity."""

    item_id: strawberry.ID
    quantity: int


@strawberry.input(description="Remove an item from the subscription.")
class RemoveItemInput:
    """The item to remove."""

    item_id: strawberry.ID


@strawberry.input(
    one_of=True, description="One change: exactly one of `addPrice`, `setQuantity`, `removeItem`."
)
class SubscriptionChangeInput:
    """One change to a subscription."""

    add_price: AddPriceInput | None = strawberry.UNSET
    set_quantity: SetQuantityInput | None = strawberry.UNSET
    remove_item: RemoveItemInput | None = strawberry.UNSET

    def to_domain(self) -> ItemChange:
        """The change as `domain.writes` takes it."""
        if self.add_price:
            return ItemChange.add(self.add_price.price_id, self.add_price.quantity)
        if self.set_quantity:
            return ItemChange.set_quantity(self.set_quantity.item_id, self.set_quantity.quantity)
        if self.remove_item:
            return ItemChange.delete(self.remove_item.item_id)
        raise WriteInvalid("changes", "each change is one of addPrice, setQuantity or removeItem")


@strawberry.input(description="Changes to one of the customer's subscriptions (1..20 changes).")
class AmendSubscriptionInput:
    """Arguments of `amendSubscription`."""

    customer_id: strawberry.ID
    subscription_id: strawberry.ID
    changes: list[SubscriptionChangeInput]
    proration_behavior: ProrationBehavior = ProrationBehavior.CREATE_PRORATIONS
    idempotency_key: str = strawberry.field(description="Your key for this amendment (1..255 characters).")


@strawberry.type(description="The subscription as billing has it after the amendment.")
class AmendSubscriptionSuccess:
    """The subscription was amended (or the first outcome of this idempotency key)."""

    subscription: Subscription


AmendSubscriptionResult = Annotated[
    AmendSubscriptionSuccess | Failure, strawberry.union("AmendSubscriptionResult")
]


def _plain(change: ItemChange) -> dict[str, object]:
    return {"item": change.item_id, "price": change.price_id, "qty": change.quantity, "rm": change.remove}


async def amend_subscription(info: Info, input: AmendSubscriptionInput) -> AmendSubscriptionResult | None:
    """Amend the customer's subscription (billing only)."""
    target = Target(
        WriteOperation.AMEND_SUBSCRIPTION, "amendSubscription", input.customer_id, input.subscription_id
    )
    changes = [change.to_domain() for change in input.changes]
    inputs = {
        "subscriptionId": input.subscription_id,
        "changes": [_plain(c) for c in changes],
        "prorationBehavior": input.proration_behavior.value,
    }

    async def perform(call: WriteCall) -> DomainSubscription:
        billing = call.owner(BillingSource)
        subscription_id = parse_input_id(
            "subscriptionId",
            lambda v: parse_stripe_id(v, StripePrefix.SUBSCRIPTION),
            input.subscription_id,
        )
        proration = check_proration(input.proration_behavior.value)
        account = await call.account()
        current = await billing.subscription(subscription_id, call.ctx)
        if current is None:
            raise Missing(f"billing has no subscription {subscription_id}")
        check_owned(current.customer_id, account.billing_customer_id, "subscriptionId")
        if call.attempt.reconcile:
            # The first attempt may have committed (an added price would now look like a duplicate): check
            # only the changes' shape; the connector looks for the attempt's marker before writing.
            check_changes(changes)
        else:
            check_changes(changes, current)
            for n, change in enumerate(changes):
                if change.price_id is not None:
                    field = f"changes[{n}].addPrice.priceId"
                    price_id = parse_input_id(
                        field, lambda v: parse_stripe_id(v, StripePrefix.PRICE), change.price_id
                    )
                    check_price(await billing.price(price_id, call.ctx), field, current)
        return await billing.amend_subscription(
            subscription_id, changes, proration, call.key, call.ctx, reconcile=call.attempt.reconcile
        )

    result = await run_write(info.context, target, input.idempotency_key, inputs, perform)
    if isinstance(result, DomainSubscription):
        return AmendSubscriptionSuccess(subscription=Subscription.of(result))
    return result
