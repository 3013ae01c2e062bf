"""The support connector: Zendesk `show_many` for organizations (100 a call), a cursor-paged ticket list
per organization (fanned out under a semaphore), and the SLA policies."""

from __future__ import annotations

import base64
from collections.abc import Mapping, Sequence
from functools import cached_property

from domain.ids import parse_zendesk_id
from domain.models import Case, SlaPolicy, SupportOrganization
from domain.systems import SourceSystem
from sources.batching import FanOut, Live, cached_batch, chunked_batch
from sources.cache import SLA_POLICIES
from sources.config import SupportConfig
from sources.context import CallContext
from sources.errors import SourceNotFound
from sources.results import Fetched, Outcome
from sources.support import mapping
from sources.support.payloads import OrganizationsPage, SlaPoliciesPage, TicketsPage
from sources.support.writes import SupportWrites

SUPPORT = SourceSystem.SUPPORT
SHOW_MANY_LIMIT = 100
PAGE_SIZE = 100
_ALL = "all"


def basic_auth(email: str, api_token: str) -> str:
    """Zendesk's API-token auth header value: Basic base64("{email}/token:{api_token}")."""
    raw = f"{email}/token:{api_token}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def _org_id(key: str) -> str:
    return str(parse_zendesk_id(key))


class SupportSource(SupportWrites):
    """Zendesk Support: organizations, cases with SLA state, SLA policies."""

    system = SUPPORT

    def _auth_headers(self, config: SupportConfig) -> Mapping[str, str]:
        return {"Authorization": basic_auth(config.email, config.api_token.get_secret_value())}

    @cached_property
    def _fan_out(self) -> FanOut:
        return FanOut(self._cache, SUPPORT, self._config.max_concurrency)

    async def organizations(
        self, org_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[SupportOrganization]]:
        """Organizations by id: one `show_many?ids=` per 100 ids."""

        async def fetch_chunk(chunk: list[str]) -> tuple[dict[str, SupportOrganization], float]:
            page = await self._http.call(
                OrganizationsPage,
                "GET",
                "/api/v2/organizations/show_many",
                ctx,
                params={"ids": ",".join(chunk)},
            )
            orgs = page.value.organizations
            return {str(o.id): self._to_domain(mapping.to_organization, o) for o in orgs}, page.latency_ms

        return await chunked_batch(
            self._cache, SUPPORT, "organizations", org_ids, _org_id, SHOW_MANY_LIMIT, fetch_chunk
        )

    def cached_cases(self, org_id: str) -> Fetched[list[Case]] | None:
        """`cases` of one organization if fresh in the cache, at once (None: load it)."""
        return self.cached("cases", org_id)

    def cached_sla_policies(self) -> Fetched[list[SlaPolicy]] | None:
        """`sla_policies` if fresh in the cache, at once (None: load them)."""
        return self.cached(SLA_POLICIES, _ALL)

    async def cases(self, org_ids: Sequence[str], ctx: CallContext) -> dict[str, Outcome[list[Case]]]:
        """Every ticket of each organization with its SLA state, newest first; a call per organization."""

        async def one(org_id: str) -> tuple[list[Case] | None, float]:
            params: dict[str, str | int] = {"include": "slas", "page[size]": PAGE_SIZE, "sort": "-created_at"}
            path = f"/api/v2/organizations/{org_id}/tickets"
            cases: list[Case] = []
            latency = 0.0
            while True:
                try:
                    page = await self._http.call(TicketsPage, "GET", path, ctx, params=params)
                except SourceNotFound:
                    return None, latency
                cases.extend(self._to_domain(mapping.to_case, t) for t in page.value.tickets)
                latency += page.latency_ms
                meta = page.value.meta
                if not meta.has_more or not meta.after_cursor:
                    return mapping.newest_first(cases), latency
                params = {**params, "page[after]": meta.after_cursor}

        return await self._fan_out.batch("cases", org_ids, _org_id, one)

    async def sla_policies(self, ctx: CallContext) -> Outcome[list[SlaPolicy]]:
        """Every SLA policy, with the tier each applies to."""

        async def fetch(keys: list[str]) -> Live[str, list[SlaPolicy]]:
            page = await self._http.call(SlaPoliciesPage, "GET", "/api/v2/slas/policies", ctx)
            policies = [self._to_domain(mapping.to_sla_policy, p) for p in page.value.sla_policies]
            return Live(values={_ALL: policies}, latency_ms={_ALL: page.latency_ms})

        return (await cached_batch(self._cache, SUPPORT, SLA_POLICIES, [_ALL], fetch))[_ALL]

    async def ping(self, ctx: CallContext) -> None:
        """One cheap authenticated call; raises SourceError when support is not usable."""
        await self._http.call(SlaPoliciesPage, "GET", "/api/v2/slas/policies", ctx, retry=False)
