"""Stand-ins for sources, with the connectors' method signatures, for what the sandbox cannot do."""

from __future__ import annotations

from collections.abc import Sequence

from domain.models import Account, Contract, Entitlement
from sources.context import CallContext
from sources.results import Outcome


class ExplodingCrm:
    """A CRM connector with a bug: every batch raises an unexpected exception carrying a secret."""

    SECRET = "Bearer 00DTESSERA000001!leaked-token at https://crm.internal/secret"

    async def accounts(self, ids: Sequence[str], ctx: CallContext) -> dict[str, Outcome[Account]]:
        raise RuntimeError(self.SECRET)

    async def contracts(self, ids: Sequence[str], ctx: CallContext) -> dict[str, Outcome[list[Contract]]]:
        raise RuntimeError(self.SECRET)

    async def entitlements(
        self, ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[list[Entitlement]]]:
        raise RuntimeError(self.SECRET)
