"""Salesforce REST answers as pydantic models: the query result and the records Tessera reads."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

R = TypeVar("R", bound="SObjectRecord")


class SObjectRecord(BaseModel):
    """A record as SOQL returns it (its `attributes` and unselected fields are ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)

    id: str = Field(alias="Id")


class QueryResult(BaseModel, Generic[R]):
    """`GET /query?q=` and `GET {nextRecordsUrl}`: one batch of records."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    totalSize: int
    done: bool
    nextRecordsUrl: str | None = None
    records: list[R]


class AccountRecord(SObjectRecord):
    """An Account with the standard and custom fields the profile uses."""

    name: str = Field(alias="Name")
    industry: str | None = Field(default=None, alias="Industry")
    type: str | None = Field(default=None, alias="Type")
    segment: str | None = Field(default=None, alias="Segment__c")
    support_tier: str | None = Field(default=None, alias="Support_Tier__c")
    owner_id: str | None = Field(default=None, alias="OwnerId")
    website: str | None = Field(default=None, alias="Website")
    parent_id: str | None = Field(default=None, alias="ParentId")
    erp_customer_id: str | None = Field(default=None, alias="ERP_Customer_Id__c")
    billing_customer_id: str | None = Field(default=None, alias="Billing_Customer_Id__c")
    support_org_id: str | None = Field(default=None, alias="Support_Org_Id__c")


class ContractRecord(SObjectRecord):
    """A Contract."""

    account_id: str = Field(alias="AccountId")
    contract_number: str = Field(alias="ContractNumber")
    status: str = Field(alias="Status")
    start_date: date | None = Field(default=None, alias="StartDate")
    end_date: date | None = Field(default=None, alias="EndDate")
    contract_term: int | None = Field(default=None, alias="ContractTerm")
    activated_date: datetime | None = Field(default=None, alias="ActivatedDate")


class EntitlementRecord(SObjectRecord):
    """An Entitlement."""

    account_id: str = Field(alias="AccountId")
    name: str = Field(alias="Name")
    type: str | None = Field(default=None, alias="Type")
    status: str = Field(alias="Status")
    start_date: date | None = Field(default=None, alias="StartDate")
    end_date: date | None = Field(default=None, alias="EndDate")
    is_per_incident: bool = Field(default=False, alias="IsPerIncident")
    # Salesforce declares these as numbers (double) and may answer 5.0: read exactly, check wholeness later.
    cases_per_entitlement: Decimal | None = Field(default=None, alias="CasesPerEntitlement")
    remaining_cases: Decimal | None = Field(default=None, alias="RemainingCases")
    sla_process_id: str | None = Field(default=None, alias="SlaProcessId")


class AccountChildren(SObjectRecord):
    """An Account read for its children only (`Id` and the subqueries). Each subquery's answer is a query
    result of its own (with `nextRecordsUrl` when the parent has more children than one batch); a
    relationship with no child record is null, and one not asked is absent: both read as None."""

    contracts: QueryResult[ContractRecord] | None = Field(default=None, alias="Contracts")
    entitlements: QueryResult[EntitlementRecord] | None = Field(default=None, alias="Entitlements")


class AccountWithChildren(AccountRecord, AccountChildren):
    """An Account with its own fields and its children's subqueries."""


class IdRecord(SObjectRecord):
    """A record with only its Id selected."""
