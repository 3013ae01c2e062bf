"""The per-request context: loaders, correlation, principal and the request's clock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import TYPE_CHECKING

from resolvers.loaders import Loaders, build_loaders
from resolvers.profile import CustomerProfile
from sources.context import CallContext

#: The default limit on ids per `customers(ids:)` query.
DEFAULT_MAX_IDS = 200

if TYPE_CHECKING:
    from resolvers.auth import Principal
    from resolvers.mutations.runner import WritePath
    from sources.registry import Sources


@dataclass
class Context:
    """What every resolver of one request shares; built fresh per request by `build_context`."""

    sources: Sources
    call: CallContext
    principal: Principal | None
    """The authenticated caller (None: nobody; every root field then answers FORBIDDEN)."""
    now: datetime
    """The request's instant (UTC): every overdue and SLA rule of the request uses this one."""
    max_ids: int = DEFAULT_MAX_IDS
    """Most ids one `customers(ids:)` query may ask for."""
    profiles: dict[str, CustomerProfile] = field(default_factory=dict)
    writes: WritePath | None = None
    """What mutations need (sources, idempotency store, audit sink); None on a read-only context."""

    @cached_property
    def loaders(self) -> Loaders:
        """The request's loaders, built on first use (a request that loads nothing builds none)."""
        return build_loaders(self.sources, self.call)

    def profile(self, customer_id: str) -> CustomerProfile:
        """The request's one profile of a customer (the same object however often it is asked for)."""
        profile = self.profiles.get(customer_id)
        if profile is None:
            profile = self.profiles[customer_id] = CustomerProfile(customer_id, self.loaders, self.now)
        return profile


def build_context(
    *,
    sources: Sources,
    call: CallContext,
    principal: Principal | None = None,
    now: datetime | None = None,
    max_ids: int = DEFAULT_MAX_IDS,
    writes: WritePath | None = None,
) -> Context:
    """A new context with new loaders over the shared sources; call it inside the serving event loop."""
    instant = datetime.now(UTC) if now is None else now.astimezone(UTC)
    return Context(
        sources=sources,
        call=call,
        principal=principal,
        now=instant,
        max_ids=max_ids,
        writes=writes,
    )
