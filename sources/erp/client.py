"""The ERP connector: NetSuite SuiteQL `IN (...)` batches, paged with limit and offset."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import httpx

from domain.ids import InvalidId, parse_netsuite_id
from domain.models import LegalEntity
from domain.systems import SourceSystem
from sources.batching import Live, cached_batch, chunked
from sources.breaker import CircuitState
from sources.cache import SourceCache
from sources.config import ErpConfig
from sources.context import CallContext
from sources.erp import mapping, suiteql
from sources.erp.payloads import CustomerRow, SuiteQlPage
from sources.erp.writes import ErpWrites
from sources.errors import SourceBadResponse
from sources.http import SourceHttp
from sources.resilience import Clock
from sources.responses import parametrized
from sources.results import Outcome
from sources.telemetry import SourceObserver

ERP = SourceSystem.ERP
SUITEQL_PATH = "/services/rest/query/v1/suiteql"


class ErpSource(ErpWrites):
    """NetSuite: the legal customer with credit terms and receivables."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        config: ErpConfig,
        cache: SourceCache,
        *,
        observer: SourceObserver | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._http = SourceHttp.for_config(
            client,
            ERP,
            config,
            auth_headers={"Authorization": f"Bearer {config.access_token.get_secret_value()}"},
            observer=observer if observer is not None else cache.observer,
            clock=clock,
        )
        self._in_limit = config.in_limit
        self._cache = cache

    async def _query(self, q: str, ctx: CallContext) -> tuple[list[CustomerRow], float]:
        """Every row of one SuiteQL query, page by page, and the total upstream latency."""
        rows: list[CustomerRow] = []
        latency = 0.0
        offset = 0
        while True:
            page = await self._http.call(
                parametrized(SuiteQlPage, CustomerRow),
                "POST",
                SUITEQL_PATH,
                ctx,
                params={"limit": suiteql.PAGE_LIMIT, "offset": offset},
                json_body={"q": q},
                headers={"Prefer": "transient"},
            )
            rows.extend(page.value.items)
            latency += page.latency_ms
            if not page.value.hasMore or not page.value.items:
                return rows, latency
            offset += len(page.value.items)

    async def legal_entities(
        self, erp_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[LegalEntity]]:
        """Legal customers by internal id: one SuiteQL `id IN (...)` per 1,000 ids."""
        canonical: dict[str, str] = {}
        for key in erp_ids:
            try:
                canonical[key] = parse_netsuite_id(key)
            except InvalidId:
                continue

        async def fetch(keys: list[str]) -> Live[str, LegalEntity]:
            live: Live[str, LegalEntity] = Live()
            wanted = list(dict.fromkeys(canonical[k] for k in keys if k in canonical))
            chunks = chunked(wanted, self._in_limit)
            answers = await asyncio.gather(*(self._query(suiteql.customers_by_ids(c), ctx) for c in chunks))
            for chunk, (rows, latency) in zip(chunks, answers, strict=True):
                members = set(chunk)
                try:
                    found = {row.id: mapping.to_legal_entity(row) for row in rows}
                except ValueError as exc:
                    raise SourceBadResponse(ERP, "erp answered a customer the domain refuses") from exc
                for key in keys:
                    if canonical.get(key) in members:
                        live.latency_ms[key] = latency
                        if canonical[key] in found:
                            live.values[key] = found[canonical[key]]
            return live

        return await cached_batch(self._cache, ERP, "legal_entities", list(erp_ids), fetch)

    @property
    def circuit_state(self) -> CircuitState:
        """This system's circuit breaker: closed, open (failing fast) or half_open (probing)."""
        return self._http.circuit_state

    async def ping(self, ctx: CallContext) -> None:
        """One cheap authenticated SuiteQL call; raises SourceError when the ERP is not usable."""
        await self._http.call(
            parametrized(SuiteQlPage, CustomerRow),
            "POST",
            SUITEQL_PATH,
            ctx,
            params={"limit": 1, "offset": 0},
            json_body={"q": suiteql.customers_by_ids(["1"])},
            headers={"Prefer": "transient"},
            retry=False,
        )
