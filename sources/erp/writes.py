"""ERP writes: the credit hold override. NetSuite's REST records have no idempotency of their own, so a
retry after an unknown outcome reads the customer first and writes only when the hold is not yet set."""

from __future__ import annotations

import json

import httpx

from domain.ids import InvalidId, parse_netsuite_id
from domain.models import CreditHold, LegalEntity
from domain.systems import SourceSystem
from sources.config import ErpConfig
from sources.connector import Connector
from sources.context import CallContext
from sources.erp import mapping, suiteql
from sources.erp.payloads import CustomerRow, SuiteQlPage
from sources.errors import SourceConflict, SourceError, SourceNotFound, SourceRejected
from sources.responses import Timed, parametrized

ERP = SourceSystem.ERP
RECORD_PATH = "/services/rest/record/v1/customer"
SUITEQL_PATH = "/services/rest/query/v1/suiteql"


def netsuite_rejection(response: httpx.Response) -> SourceError | None:
    """A NetSuite error document as a rejection naming the field (`o:errorPath`), a conflict or not-found."""
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    details = body.get("o:errorDetails") if isinstance(body, dict) else None
    first = details[0] if isinstance(details, list) and details and isinstance(details[0], dict) else {}
    code = str(first.get("o:errorCode", "UNKNOWN"))
    status = response.status_code
    if status == 404:
        return SourceNotFound(ERP, f"erp has no such record ({code})")
    if status == 409:
        return SourceConflict(ERP, f"erp refused the write as a conflict ({code})")
    if status == 400 and first:
        path = first.get("o:errorPath")
        return SourceRejected(ERP, f"erp refused the request ({code})", field=str(path) if path else None)
    return None


def customer_id(value: str) -> str:
    """An ERP internal id; a value that is not one names no customer."""
    try:
        return parse_netsuite_id(value)
    except InvalidId as exc:
        raise SourceNotFound(ERP, "erp has no such customer") from exc


class ErpWrites(Connector[ErpConfig]):
    """The write half of the ERP connector (the base of `ErpSource`), with the SuiteQL call both use."""

    vendor_object = "a customer"

    async def _suiteql(
        self, q: str, ctx: CallContext, *, limit: int, offset: int = 0, retry: bool = True
    ) -> Timed[SuiteQlPage[CustomerRow]]:
        """One page of customer rows of a SuiteQL query."""
        return await self._http.call(
            parametrized(SuiteQlPage, CustomerRow),
            "POST",
            SUITEQL_PATH,
            ctx,
            params={"limit": limit, "offset": offset},
            json_body={"q": q},
            headers={"Prefer": "transient"},
            retry=retry,
        )

    async def legal_entity(self, erp_id: str, ctx: CallContext) -> LegalEntity | None:
        """One legal customer by internal id, live (one SuiteQL); None when the ERP has no such customer."""
        record_id = customer_id(erp_id)
        page = await self._suiteql(suiteql.customers_by_ids([record_id]), ctx, limit=1)
        rows = [row for row in page.value.items if row.id == record_id]
        return self._to_domain(mapping.to_legal_entity, rows[0]) if rows else None

    async def set_credit_hold(
        self, erp_id: str, hold: CreditHold, ctx: CallContext, *, reconcile: bool = False
    ) -> LegalEntity:
        """Set the customer's credit hold override (one PATCH) and answer the customer as the ERP has it."""
        record_id = customer_id(erp_id)
        current = await self.legal_entity(record_id, ctx) if reconcile else None
        if current is None or current.credit_hold is not hold:
            await self._http.exchange(
                "PATCH",
                f"{RECORD_PATH}/{record_id}",
                ctx,
                refine=netsuite_rejection,
                json_body={"creditHoldOverride": {"id": hold.value.upper()}},
            )
            current = await self.legal_entity(record_id, ctx)
        if current is None:
            raise SourceNotFound(ERP, "erp has no such customer")
        self._cache.invalidate(ERP, "legal_entities", record_id)
        return current
