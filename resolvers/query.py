"""The Query root: find customers by id, by several ids, by another system's id, or by name."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Final

import strawberry

from domain.ids import (
    InvalidId,
    StripePrefix,
    parse_customer_id,
    parse_netsuite_id,
    parse_stripe_id,
    parse_zendesk_id,
)
from domain.systems import SourceSystem
from resolvers.auth import Scope, requires
from resolvers.errors import BadUserInput, NotFound
from resolvers.fields import field
from resolvers.selection import needs_of
from resolvers.types.customer import Customer, Info, check_first, open_customer

_EXTERNAL_ID_PARSERS: Final[dict[SourceSystem, Callable[[str], str]]] = {
    SourceSystem.CRM: parse_customer_id,
    SourceSystem.ERP: parse_netsuite_id,
    SourceSystem.BILLING: lambda value: parse_stripe_id(value, StripePrefix.CUSTOMER),
    SourceSystem.SUPPORT: lambda value: str(parse_zendesk_id(value)),
}


async def _rejected(error: Exception) -> Customer | None:
    raise error


@strawberry.type
class Query:
    """Entry points of the customer operational profile."""

    @field(
        description="One customer by id (the CRM Account Id); null with NOT_FOUND when unknown.",
        extensions=[requires(Scope.PROFILE_READ)],
    )
    async def customer(self, info: Info, id: strawberry.ID) -> Customer | None:
        """A customer by id."""
        return await open_customer(info.context, id, needs_of(info))

    @field(
        description=(
            "Customers by id, in order (at most 200 by default, see TESSERA_MAX_CUSTOMERS_PER_QUERY); "
            "unknown or malformed ids are null."
        ),
        graphql_type=list[Customer | None] | None,
        extensions=[requires(Scope.PROFILE_READ)],
    )
    def customers(self, info: Info, ids: list[strawberry.ID]) -> list[Awaitable[Customer | None]]:
        """Several customers, loaded together (one batch per system)."""
        limit = info.context.max_ids
        if len(ids) > limit:
            raise BadUserInput(f"at most {limit} ids per query, got {len(ids)}")
        needs = needs_of(info)
        results: list[Awaitable[Customer | None]] = []
        for raw in ids:
            try:
                parse_customer_id(raw)
            except InvalidId as exc:
                results.append(_rejected(BadUserInput(f"not a customer id: {exc.reason}")))
                continue
            results.append(open_customer(info.context, raw, needs))
        return results

    @field(
        description="The customer another system knows by `id`, through the CRM cross-reference.",
        extensions=[requires(Scope.PROFILE_READ)],
    )
    async def customer_by_external_id(self, info: Info, system: SourceSystem, id: str) -> Customer | None:
        """A customer by another system's id."""
        try:
            external_id = _EXTERNAL_ID_PARSERS[system](id)
        except InvalidId as exc:
            raise BadUserInput(f"not a {system.value} id: {exc.reason}") from None
        customer_id = await info.context.loaders.directory.find_account_id(system, external_id)
        if customer_id is None:
            raise NotFound(f"no customer with {system.value} id {external_id}", source=SourceSystem.CRM.value)
        return await open_customer(info.context, customer_id, needs_of(info))

    @field(
        description="Customers whose CRM name contains `name`, by name (first: 1..100).",
        extensions=[requires(Scope.PROFILE_READ)],
    )
    async def search_customers(self, info: Info, name: str, first: int = 20) -> list[Customer]:
        """Customers by name."""
        check_first(first, minimum=1)
        if not name.strip():
            raise BadUserInput("name must not be blank")
        accounts = await info.context.loaders.directory.search(name.strip(), first)
        needs = needs_of(info)
        found = await asyncio.gather(*(open_customer(info.context, a.id, needs) for a in accounts))
        return [customer for customer in found if customer is not None]
