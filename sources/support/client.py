"""The support connector: Zendesk `show_many` for organizations (100 a call), a cursor-paged ticket list
per organization (fanned out under a semaphore), and the SLA policies."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Callable, Sequence
from typing import TypeVar

import httpx

from domain.ids import InvalidId, parse_zendesk_id
from domain.models import Case, SlaPolicy, SupportOrganization
from domain.systems import SourceSystem
from sources.batching import Live, cached_batch, chunked, fanned_out_batch
from sources.breaker import CircuitState
from sources.cache import SLA_POLICIES, SourceCache
from sources.config import SupportConfig
from sources.context import CallContext
from sources.errors import SourceBadResponse, SourceNotFound
from sources.http import SourceHttp
from sources.resilience import Clock
from sources.results import Fetched, Outcome
from sources.support import mapping
from sources.support.payloads import OrganizationsPage, SlaPoliciesPage, TicketsPage
from sources.support.writes import SupportWrites
from sources.telemetry import SourceObserver

SUPPORT = SourceSystem.SUPPORT
SHOW_MANY_LIMIT = 100
PAGE_SIZE = 100
_ALL = "all"
A = TypeVar("A")
T = TypeVar("T")


def basic_auth(email: str, api_token: str) -> str:
    """Zendesk's API-token auth header value: Basic base64("{email}/token:{api_token}")."""
    raw = f"{email}/token:{api_token}".encode()
    return "Basic " + base64.b64encode(raw).decode("ascii")


def _canonical(org_ids: Sequence[str]) -> dict[str, str]:
    valid: dict[str, str] = {}
    for key in org_ids:
        try:
            valid[key] = str(parse_zendesk_id(key))
        except InvalidId:
            continue
    return valid


class SupportSource(SupportWrites):
    """Zendesk Support: organizations, cases with SLA state, SLA policies."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        config: SupportConfig,
        cache: SourceCache,
        *,
        observer: SourceObserver | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._http = SourceHttp.for_config(
            client,
            SUPPORT,
            config,
            auth_headers={"Authorization": basic_auth(config.email, config.api_token.get_secret_value())},
            observer=observer if observer is not None else cache.observer,
            clock=clock,
        )
        self._limit = asyncio.Semaphore(config.max_concurrency)
        self._cache = cache

    def _convert(self, convert: Callable[[A], T], obj: A) -> T:
        try:
            return convert(obj)
        except ValueError as exc:
            raise SourceBadResponse(SUPPORT, "support answered an object the domain refuses") from exc

    async def organizations(
        self, org_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[SupportOrganization]]:
        """Organizations by id: one `show_many?ids=` per 100 ids."""
        canonical = _canonical(org_ids)

        async def fetch(keys: list[str]) -> Live[str, SupportOrganization]:
            live: Live[str, SupportOrganization] = Live()
            wanted = list(dict.fromkeys(canonical[k] for k in keys if k in canonical))
            chunks = chunked(wanted, SHOW_MANY_LIMIT)
            pages = await asyncio.gather(
                *(
                    self._http.call(
                        OrganizationsPage,
                        "GET",
                        "/api/v2/organizations/show_many",
                        ctx,
                        params={"ids": ",".join(chunk)},
                    )
                    for chunk in chunks
                )
            )
            for chunk, page in zip(chunks, pages, strict=True):
                found = {
                    str(o.id): self._convert(mapping.to_organization, o) for o in page.value.organizations
                }
                members = set(chunk)
                for key in keys:
                    if canonical.get(key) in members:
                        live.latency_ms[key] = page.latency_ms
                        if canonical[key] in found:
                            live.values[key] = found[canonical[key]]
            return live

        return await cached_batch(self._cache, SUPPORT, "organizations", list(org_ids), fetch)

    async def cases(self, org_ids: Sequence[str], ctx: CallContext) -> dict[str, Outcome[list[Case]]]:
        """Every ticket of each organization with its SLA state, newest first; a call per organization."""
        canonical = _canonical(org_ids)

        async def one(key: str) -> tuple[list[Case] | None, float]:
            params: dict[str, str | int] = {"include": "slas", "page[size]": PAGE_SIZE, "sort": "-created_at"}
            path = f"/api/v2/organizations/{canonical[key]}/tickets"
            cases: list[Case] = []
            latency = 0.0
            while True:
                try:
                    page = await self._http.call(TicketsPage, "GET", path, ctx, params=params)
                except SourceNotFound:
                    return None, latency
                cases.extend(self._convert(mapping.to_case, t) for t in page.value.tickets)
                latency += page.latency_ms
                meta = page.value.meta
                if not meta.has_more or not meta.after_cursor:
                    return mapping.newest_first(cases), latency
                params = {**params, "page[after]": meta.after_cursor}

        valid = [key for key in org_ids if key in canonical]
        answers = await fanned_out_batch(self._cache, SUPPORT, "cases", valid, one, self._limit)
        return {key: answers.get(key) or Fetched(None, "live", 0.0) for key in org_ids}

    async def sla_policies(self, ctx: CallContext) -> Outcome[list[SlaPolicy]]:
        """Every SLA policy, with the tier each applies to."""

        async def fetch(keys: list[str]) -> Live[str, list[SlaPolicy]]:
            page = await self._http.call(SlaPoliciesPage, "GET", "/api/v2/slas/policies", ctx)
            policies = [self._convert(mapping.to_sla_policy, p) for p in page.value.sla_policies]
            return Live(values={_ALL: policies}, latency_ms={_ALL: page.latency_ms})

        return (await cached_batch(self._cache, SUPPORT, SLA_POLICIES, [_ALL], fetch))[_ALL]

    @property
    def circuit_state(self) -> CircuitState:
        """This system's circuit breaker: closed, open (failing fast) or half_open (probing)."""
        return self._http.circuit_state

    async def ping(self, ctx: CallContext) -> None:
        """One cheap authenticated call; raises SourceError when support is not usable."""
        await self._http.call(SlaPoliciesPage, "GET", "/api/v2/slas/policies", ctx, retry=False)
