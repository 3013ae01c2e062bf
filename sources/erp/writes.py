"""ERP writes: the credit hold override. NetSuite's REST records have no idempotency of their own, so a
retry after an unknown outcome reads the customer first and writes only when the hold is not yet set."""

from __future__ import annotations

import json

import httpx

from domain.ids import InvalidId, parse_netsuite_id
from domain.models import CreditHold, LegalEntity
from domain.systems import SourceSystem
from sources.cache import SourceCache
from sources.context import CallContext
from sources.erp import mapping, suiteql
from sources.erp.payloads import CustomerRow, SuiteQlPage
from sources.errors import SourceBadResponse, SourceConflict, SourceError, SourceNotFound, SourceRejected
from sources.http import SourceHttp

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


class ErpWrites:
    """The write half of the ERP connector (mixed into `ErpSource`)."""

    _http: SourceHttp
    _cache: SourceCache

    async def legal_entity(self, erp_id: str, ctx: CallContext) -> LegalEntity | None:
        """One legal customer by internal id, live (one SuiteQL); None when the ERP has no such customer."""
        record_id = customer_id(erp_id)
        page = await self._http.call(
            SuiteQlPage[CustomerRow],
            "POST",
            SUITEQL_PATH,
            ctx,
            params={"limit": 1, "offset": 0},
            json_body={"q": suiteql.customers_by_ids([record_id])},
            headers={"Prefer": "transient"},
        )
        rows = [row for row in page.value.items if row.id == record_id]
        if not rows:
            return None
        try:
            return mapping.to_legal_entity(rows[0])
        except ValueError as exc:
            raise SourceBadResponse(ERP, "erp answered a customer the domain refuses") from exc

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
