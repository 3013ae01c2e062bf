"""The CRM connector: Salesforce REST with SOQL `IN (...)` batches, following `nextRecordsUrl`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import Any, TypeVar

from domain.ids import (
    StripePrefix,
    parse_customer_id,
    parse_netsuite_id,
    parse_stripe_id,
    parse_zendesk_id,
)
from domain.models import Account, Contract, Entitlement
from domain.systems import SourceSystem
from sources.batching import Live, cached_batch, chunked_batches
from sources.config import CrmConfig
from sources.context import CallContext
from sources.crm import mapping, soql
from sources.crm.payloads import (
    AccountChildren,
    AccountRecord,
    AccountWithChildren,
    ContractRecord,
    EntitlementRecord,
    IdRecord,
    QueryResult,
    SObjectRecord,
)
from sources.crm.writes import CrmWrites
from sources.responses import parametrized
from sources.results import Fetched, Outcome

CRM = SourceSystem.CRM
R = TypeVar("R", bound=SObjectRecord)
T = TypeVar("T")

#: The Account field carrying each other system's id.
XREF_FIELDS = {
    SourceSystem.ERP: "ERP_Customer_Id__c",
    SourceSystem.BILLING: "Billing_Customer_Id__c",
    SourceSystem.SUPPORT: "Support_Org_Id__c",
}


def canonical_external_id(system: SourceSystem, external_id: str) -> str:
    """Validate another system's id and return the form the CRM stores it in; raises InvalidId."""
    if system is SourceSystem.CRM:
        return parse_customer_id(external_id)
    if system is SourceSystem.ERP:
        return parse_netsuite_id(external_id)
    if system is SourceSystem.BILLING:
        return parse_stripe_id(external_id, StripePrefix.CUSTOMER)
    return str(parse_zendesk_id(external_id))


class CrmSource(CrmWrites):
    """Salesforce: accounts (the cross-reference), contracts, entitlements, lookups and search."""

    system = CRM

    def _auth_headers(self, config: CrmConfig) -> Mapping[str, str]:
        return {"Authorization": f"Bearer {config.access_token.get_secret_value()}"}

    @cached_property
    def _query_url(self) -> str:
        return f"{self._data_url}/query"

    async def _query(
        self, record: type[R], q: str, ctx: CallContext, *, retry: bool = True
    ) -> tuple[list[R], float]:
        """All records of one SOQL query (following nextRecordsUrl) and the total upstream latency."""
        model = parametrized(QueryResult, record)
        page = await self._http.call(model, "GET", self._query_url, ctx, params={"q": q}, retry=retry)
        records = list(page.value.records)
        latency = page.latency_ms + await self._more(
            record, records, page.value.done, page.value.nextRecordsUrl, ctx
        )
        return records, latency

    async def _more(
        self, record: type[R], records: list[R], done: bool, next_url: str | None, ctx: CallContext
    ) -> float:
        """Follow `nextRecordsUrl` (of a query or of a subquery in a parent record) until done, adding the
        records to `records`; the latency of the calls it took."""
        model = parametrized(QueryResult, record)
        latency = 0.0
        while not done and next_url:
            page = await self._http.call(model, "GET", next_url, ctx)
            records.extend(page.value.records)
            latency += page.latency_ms
            done, next_url = page.value.done, page.value.nextRecordsUrl
        return latency

    async def _children(
        self,
        found: QueryResult[R] | None,
        record: type[R],
        convert: Callable[[R], T],
        ctx: CallContext,
    ) -> tuple[list[T], float]:
        """A subquery's children of one parent as domain values, the rest of them fetched when the parent
        has more than one batch, and the latency that took."""
        if found is None:
            return [], 0.0
        records = list(found.records)
        latency = await self._more(record, records, found.done, found.nextRecordsUrl, ctx)
        return [self._to_domain(convert, r) for r in records], latency

    def cached_account(self, account_id: str) -> Fetched[Account] | None:
        """`accounts` of one id if fresh in the cache, at once (None: load it)."""
        return self.cached("accounts", account_id)

    def cached_contracts(self, account_id: str) -> Fetched[list[Contract]] | None:
        """`contracts` of one account if fresh in the cache, at once (None: load it)."""
        return self.cached("contracts", account_id)

    def cached_entitlements(self, account_id: str) -> Fetched[list[Entitlement]] | None:
        """`entitlements` of one account if fresh in the cache, at once (None: load it)."""
        return self.cached("entitlements", account_id)

    async def account_parts(
        self, requests: Mapping[str, Sequence[str]], ctx: CallContext
    ) -> dict[str, dict[str, Outcome[Any]]]:
        """Accounts (`soql.ACCOUNT`, the cross-reference), their contracts (`soql.CONTRACTS`, newest start
        first) and entitlements (`soql.ENTITLEMENTS`) by account id, each through its cache, the misses of
        all three read together: one SOQL per 200 accounts, the children as parent-to-child subqueries,
        asking each chunk only for the parts its ids miss. An account not found has no children ([])."""

        async def fetch_chunk(
            chunk: list[str], parts: frozenset[str]
        ) -> tuple[dict[str, dict[str, Any]], float]:
            with_account = soql.ACCOUNT in parts
            record: type[AccountChildren] = AccountWithChildren if with_account else AccountChildren
            records, latency = await self._query(record, soql.account_parts_by_ids(chunk, parts), ctx)
            found: dict[str, dict[str, Any]] = {part: {} for part in parts}
            for r in records:
                if isinstance(r, AccountWithChildren):
                    found[soql.ACCOUNT][r.id] = self._to_domain(mapping.to_account, r)
                if soql.CONTRACTS in parts:
                    contracts, more = await self._children(
                        r.contracts, ContractRecord, mapping.to_contract, ctx
                    )
                    found[soql.CONTRACTS][r.id] = mapping.newest_first(contracts)
                    latency += more
                if soql.ENTITLEMENTS in parts:
                    entitlements, more = await self._children(
                        r.entitlements, EntitlementRecord, mapping.to_entitlement, ctx
                    )
                    found[soql.ENTITLEMENTS][r.id] = entitlements
                    latency += more
            for part in parts - {soql.ACCOUNT}:
                for account_id in chunk:
                    found[part].setdefault(account_id, [])
            return found, latency

        return await chunked_batches(
            self._cache, CRM, requests, parse_customer_id, soql.IN_CHUNK, fetch_chunk
        )

    async def accounts(self, ids: Sequence[str], ctx: CallContext) -> dict[str, Outcome[Account]]:
        """Accounts by id, one SOQL `Id IN (...)` per 200 ids; cached as the cross-reference."""
        return (await self.account_parts({soql.ACCOUNT: ids}, ctx))[soql.ACCOUNT]

    async def contracts(
        self, account_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[list[Contract]]]:
        """Every contract of each account, newest start date first; one SOQL per 200 accounts."""
        return (await self.account_parts({soql.CONTRACTS: account_ids}, ctx))[soql.CONTRACTS]

    async def entitlements(
        self, account_ids: Sequence[str], ctx: CallContext
    ) -> dict[str, Outcome[list[Entitlement]]]:
        """Every entitlement of each account; one SOQL per 200 accounts."""
        return (await self.account_parts({soql.ENTITLEMENTS: account_ids}, ctx))[soql.ENTITLEMENTS]

    async def find_account_id(self, system: SourceSystem, external_id: str, ctx: CallContext) -> str | None:
        """The CRM account id of a customer known by any system's id; raises InvalidId, SourceError."""
        value = canonical_external_id(system, external_id)
        if system is SourceSystem.CRM:
            found = (await self.accounts([value], ctx))[value]
            if isinstance(found, Exception):
                raise found
            return value if found.value is not None else None
        field = XREF_FIELDS[system]

        async def fetch(keys: list[str]) -> Live[str, str]:
            records, latency = await self._query(IdRecord, soql.account_id_by_field(field, value), ctx)
            live: Live[str, str] = Live(latency_ms={value: latency})
            if records:
                live.values[value] = records[0].id
            return live

        answer = (await cached_batch(self._cache, CRM, f"xref:{system.value}", [value], fetch))[value]
        if isinstance(answer, Exception):
            raise answer
        return answer.value

    async def search_accounts(self, name: str, first: int, ctx: CallContext) -> list[Account]:
        """Accounts whose name contains `name` (LIKE, wildcards escaped), ordered by name, at most `first`."""
        if first <= 0 or not name:
            return []
        records, _ = await self._query(
            AccountRecord, soql.search_accounts(name, min(first, soql.MAX_LIMIT)), ctx
        )
        return [self._to_domain(mapping.to_account, r) for r in records]

    async def ping(self, ctx: CallContext) -> None:
        """One cheap authenticated query; raises SourceError when the CRM is not usable."""
        await self._query(IdRecord, "SELECT Id FROM Account LIMIT 1", ctx, retry=False)
