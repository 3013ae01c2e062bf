from __future__ import annotations

from typing import Any

from tests.resolvers.mutations.cases import active_subscription
from tests.resolvers.mutations.documents import AMEND_SUBSCRIPTION
from tests.resolvers.mutations.helpers import profile, refused, run
from tests.resolvers.writer import WriteGateway, only


def _setup(writer: WriteGateway) -> tuple[str, Any]:
    customer = writer.customer_with(lambda c: active_subscription(c) is not None)
    return customer.account_id, active_subscription(customer)


def _input(customer_id: str, subscription_id: str, *changes: dict[str, Any]) -> dict[str, Any]:
    return {
        "customerId": customer_id,
        "subscriptionId": subscription_id,
        "changes": list(changes),
        "prorationBehavior": "NONE",
        "idempotencyKey": "amend-1",
    }


async def test_a_quantity_change_is_written_to_billing_and_read_back(writer: WriteGateway) -> None:
    customer_id, sub = _setup(writer)
    item = sub.items[0]

    result = await run(
        writer,
        AMEND_SUBSCRIPTION,
        "amendSubscription",
        **_input(customer_id, sub.id, {"setQuantity": {"itemId": item.id, "quantity": 17}}),
    )

    assert result["__typename"] == "AmendSubscriptionSuccess"
    assert {i["id"]: i["quantity"] for i in result["subscription"]["items"]}[item.id] == 17
    assert writer.writes() == only("billing", 1)
    (post,) = writer.write_entries("billing")
    assert post["path"] == f"/v1/subscriptions/{sub.id}"


async def test_a_price_is_added_and_the_next_profile_read_shows_it(writer: WriteGateway) -> None:
    customer_id, sub = _setup(writer)
    currency = sub.currency
    on_it = {i.price_id for i in sub.items}
    price = next(
        p for p in writer.universe.prices if p.currency == currency and p.id not in on_it and p.interval
    )
    await profile(writer, customer_id)  # fills the cache

    result = await run(
        writer,
        AMEND_SUBSCRIPTION,
        "amendSubscription",
        **_input(customer_id, sub.id, {"addPrice": {"priceId": price.id, "quantity": 2}}),
    )
    after = await profile(writer, customer_id)

    assert result["__typename"] == "AmendSubscriptionSuccess"
    items = next(s for s in after["subscriptions"] if s["id"] == sub.id)["items"]
    assert {"priceId": price.id, "quantity": 2} in [{k: i[k] for k in ("priceId", "quantity")} for i in items]


async def test_an_unknown_price_is_refused(writer: WriteGateway) -> None:
    customer_id, sub = _setup(writer)

    result = await refused(
        writer,
        AMEND_SUBSCRIPTION,
        "amendSubscription",
        **_input(customer_id, sub.id, {"addPrice": {"priceId": "price_does_not_exist", "quantity": 1}}),
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "changes[0].addPrice.priceId")
    assert result["message"] == "no such price"


async def test_another_customers_subscription_is_refused(writer: WriteGateway) -> None:
    customer_id, sub = _setup(writer)
    other = writer.customer_with(lambda c: c.account_id != customer_id)

    result = await refused(
        writer,
        AMEND_SUBSCRIPTION,
        "amendSubscription",
        **_input(other.account_id, sub.id, {"setQuantity": {"itemId": sub.items[0].id, "quantity": 3}}),
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "subscriptionId")


async def test_removing_every_item_is_refused(writer: WriteGateway) -> None:
    customer_id, sub = _setup(writer)

    result = await refused(
        writer,
        AMEND_SUBSCRIPTION,
        "amendSubscription",
        **_input(customer_id, sub.id, *({"removeItem": {"itemId": i.id}} for i in sub.items)),
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "changes")


async def test_a_non_positive_quantity_is_refused(writer: WriteGateway) -> None:
    customer_id, sub = _setup(writer)

    result = await refused(
        writer,
        AMEND_SUBSCRIPTION,
        "amendSubscription",
        **_input(customer_id, sub.id, {"setQuantity": {"itemId": sub.items[0].id, "quantity": 0}}),
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "changes[0].quantity")


async def test_a_change_naming_two_kinds_is_a_graphql_error(writer: WriteGateway) -> None:
    customer_id, sub = _setup(writer)
    both = {"setQuantity": {"itemId": sub.items[0].id, "quantity": 2}, "removeItem": {"itemId": "si_x"}}

    result = await writer.execute(AMEND_SUBSCRIPTION, input=_input(customer_id, sub.id, both))

    assert result.errors is not None
    assert writer.calls() == 0
