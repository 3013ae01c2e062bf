"""CRM writes: contract renewal. Salesforce has no idempotency of its own, so a retry after an unknown
outcome first reads the contract and writes only when its ContractTerm is not yet the target."""

from __future__ import annotations

import json
from functools import cached_property

import httpx

from domain.ids import InvalidId, SalesforcePrefix, parse_salesforce_id
from domain.models import Contract
from domain.systems import SourceSystem
from sources.config import CrmConfig
from sources.connector import Connector
from sources.context import CallContext
from sources.crm import mapping, soql
from sources.crm.payloads import ContractRecord
from sources.errors import SourceConflict, SourceError, SourceNotFound, SourceRejected

CRM = SourceSystem.CRM
_CONFLICTS = frozenset({"ENTITY_IS_LOCKED", "UNABLE_TO_LOCK_ROW"})
_CONTRACT_FIELDS = ",".join(soql.CONTRACT_FIELDS)


def salesforce_rejection(response: httpx.Response) -> SourceError | None:
    """A Salesforce error list as a rejection naming the field, a conflict or not-found."""
    try:
        errors = json.loads(response.content)
        first = errors[0] if isinstance(errors, list) and errors and isinstance(errors[0], dict) else None
    except ValueError:
        return None
    if first is None:
        return None
    code = str(first.get("errorCode", "UNKNOWN"))
    fields = first.get("fields") or []
    if response.status_code == 404:
        return SourceNotFound(CRM, f"crm has no such record ({code})")
    if response.status_code == 409 or code in _CONFLICTS:
        return SourceConflict(CRM, f"crm refused the write as a conflict ({code})")
    if response.status_code == 400:
        field = str(fields[0]) if fields else None
        return SourceRejected(CRM, f"crm refused the request ({code})", field=field)
    return None


def contract_id(value: str) -> str:
    """A contract id in its 18-character form; an id that is not one names no contract."""
    try:
        return parse_salesforce_id(value, prefix=SalesforcePrefix.CONTRACT)
    except InvalidId as exc:
        raise SourceNotFound(CRM, "crm has no such contract") from exc


class CrmWrites(Connector[CrmConfig]):
    """The write half of the CRM connector (the base of `CrmSource`)."""

    vendor_object = "a record"

    @cached_property
    def _data_url(self) -> str:
        """The REST root of the configured API version, e.g. `/services/data/v60.0`."""
        return f"/services/data/{self._config.api_version}"

    def _sobject_url(self, sobject: str, record_id: str) -> str:
        return f"{self._data_url}/sobjects/{sobject}/{record_id}"

    async def contract(self, contract_id_: str, ctx: CallContext) -> Contract | None:
        """One contract by id, live; None when the CRM has no such contract."""
        url = self._sobject_url("Contract", contract_id(contract_id_))
        try:
            got = await self._http.call(ContractRecord, "GET", url, ctx, params={"fields": _CONTRACT_FIELDS})
        except SourceNotFound:
            return None
        return self._to_domain(mapping.to_contract, got.value)

    async def renew_contract(
        self, contract_id_: str, term_months: int, ctx: CallContext, *, reconcile: bool = False
    ) -> Contract:
        """Set a contract's total term (the CRM recomputes EndDate) and answer it as the CRM now has it."""
        record_id = contract_id(contract_id_)
        current = await self.contract(record_id, ctx) if reconcile else None
        if current is None or current.term_months != term_months:
            await self._http.exchange(
                "PATCH",
                self._sobject_url("Contract", record_id),
                ctx,
                refine=salesforce_rejection,
                json_body={"ContractTerm": term_months},
            )
            current = await self.contract(record_id, ctx)
        if current is None:
            raise SourceNotFound(CRM, "crm has no such contract")
        if current.account_id is not None:
            self._cache.invalidate(CRM, "contracts", current.account_id)
        return current
