"""The ERP connector: NetSuite SuiteQL `IN (...)` batches, paged with limit and offset."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from domain.ids import parse_netsuite_id
from domain.models import LegalEntity
from domain.systems import SourceSystem
from sources.batching import chunked_batch
from sources.config import ErpConfig
from sources.context import CallContext
from sources.erp import mapping, suiteql
from sources.erp.payloads import CustomerRow
from sources.erp.writes import ErpWrites
from sources.results import Fetched, Outcome

ERP = SourceSystem.ERP


class ErpSource(ErpWrites):
    """NetSuite: the legal customer with credit terms and receivables."""

    system = ERP

    def _auth_headers(self, config: ErpConfig) -> Mapping[str, str]:
        return {"Authorization": f"Bearer {config.access_token.get_secret_value()}"}

    async def _query(self, q: str, ctx: CallContext) -> tuple[list[CustomerRow], float]:
        """Every row of one SuiteQL query, page by page, and the total upstream latency."""
        rows: list[CustomerRow] = []
        latency = 0.0
        offset = 0
        while True:
            page = await self._suiteql(q, ctx, limit=suiteql.PAGE_LIMIT, offset=offset)
            rows.extend(page.value.items)
            latency += page.latency_ms
            if not page.value.hasMore or not page.value.items:
                return rows, latency
            offset += len(page.value.items)

    def cached_legal_entity(self, erp_id: str) -> Fetched[LegalEntity] | None:
        """`legal_entities` of one id if fresh in the cache, at once (None: load it)."""
        return self.cached("legal_entities", erp_id)

    async def legal_entities(
        self, erp_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[LegalEntity]]:
        """Legal customers by internal id: one SuiteQL `id IN (...)` per 1,000 ids."""

        async def fetch_chunk(chunk: list[str]) -> tuple[dict[str, LegalEntity], float]:
            rows, latency = await self._query(suiteql.customers_by_ids(chunk), ctx)
            return {row.id: self._to_domain(mapping.to_legal_entity, row) for row in rows}, latency

        return await chunked_batch(
            self._cache, ERP, "legal_entities", erp_ids, parse_netsuite_id, self._config.in_limit, fetch_chunk
        )

    async def ping(self, ctx: CallContext) -> None:
        """One cheap authenticated SuiteQL call; raises SourceError when the ERP is not usable."""
        await self._suiteql(suiteql.customers_by_ids(["1"]), ctx, limit=1, retry=False)
