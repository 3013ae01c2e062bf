"""The four sObjects the sandbox serves: their fields, Salesforce types, which ones a client may write, and
the parent-to-child relationships a SOQL subquery can name."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

FieldType = Literal["id", "reference", "string", "picklist", "date", "datetime", "int", "double", "boolean"]


@dataclass(frozen=True)
class Field:
    """One field: API name (canonical case), Salesforce type, and whether the API lets a client set it."""

    name: str
    type: FieldType
    writable: bool = True
    # For references: the object the id must point at (its key prefix is checked).
    references: str | None = None
    # For restricted picklists: the values a client may set.
    allowed: tuple[str, ...] | None = None
    required: bool = False
    max_length: int | None = None

    @property
    def column(self) -> str:
        """The SQLite column holding the field (the API name, which is a valid identifier)."""
        return self.name


@dataclass(frozen=True)
class SObject:
    """An sObject type: its API name, its fields in describe order, its table."""

    name: str
    fields: tuple[Field, ...]

    @property
    def table(self) -> str:
        """The SQLite table of the object."""
        return f"sf_{self.name.lower()}"

    def field(self, name: str) -> Field | None:
        """The field of this API name, matched case-insensitively as Salesforce does."""
        return _FIELDS_BY_LOWER[self.name].get(name.lower())

    @property
    def children(self) -> Mapping[str, ChildRelationship]:
        """The object's parent-to-child relationships by canonical name (empty for most objects)."""
        return _CHILDREN.get(self.name, {})

    def child(self, name: str) -> ChildRelationship | None:
        """The child relationship of this name, matched case-insensitively as Salesforce does."""
        return _CHILDREN_BY_LOWER.get(self.name, {}).get(name.lower())


@dataclass(frozen=True)
class ChildRelationship:
    """A parent-to-child relationship: its name (a subquery's FROM), the child object and the child's field
    that points at the parent."""

    name: str
    sobject: SObject
    reference: Field


def _common_head() -> tuple[Field, ...]:
    return (Field("Id", "id", writable=False),)


def _audit() -> tuple[Field, ...]:
    return (
        Field("CreatedDate", "datetime", writable=False),
        Field("LastModifiedDate", "datetime", writable=False),
    )


CONTRACT_STATUSES = ("Draft", "InApproval", "Activated")
SYSTEM_CONTRACT_STATUSES = ("Expired", "Terminated")

ACCOUNT = SObject(
    "Account",
    (
        *_common_head(),
        Field("Name", "string", required=True, max_length=255),
        Field("Industry", "picklist", max_length=255),
        Field("Type", "picklist", max_length=255),
        Field("Segment__c", "picklist", max_length=255),
        Field("Support_Tier__c", "picklist", allowed=("Enterprise", "Business", "Standard")),
        Field("ParentId", "reference", references="Account"),
        Field("OwnerId", "reference", references="User"),
        Field("Website", "string", max_length=255),
        *_audit(),
        Field("ERP_Customer_Id__c", "string", max_length=255),
        Field("Billing_Customer_Id__c", "string", max_length=255),
        Field("Support_Org_Id__c", "string", max_length=255),
    ),
)

CONTRACT = SObject(
    "Contract",
    (
        *_common_head(),
        Field("AccountId", "reference", references="Account", required=True),
        Field("ContractNumber", "string", writable=False),
        Field("Status", "picklist", allowed=CONTRACT_STATUSES + SYSTEM_CONTRACT_STATUSES, required=True),
        Field("StartDate", "date"),
        # Salesforce computes EndDate from StartDate and ContractTerm.
        Field("EndDate", "date", writable=False),
        Field("ContractTerm", "int"),
        Field("ActivatedDate", "datetime", writable=False),
        *_audit(),
    ),
)

OPPORTUNITY = SObject(
    "Opportunity",
    (
        *_common_head(),
        Field("AccountId", "reference", references="Account"),
        Field("Name", "string", required=True, max_length=120),
        Field("StageName", "picklist", required=True, max_length=255),
        Field("CloseDate", "date", required=True),
        Field("Amount", "double"),
        # Derived from StageName, as the stage's probability category does in Salesforce.
        Field("IsClosed", "boolean", writable=False),
        Field("IsWon", "boolean", writable=False),
        Field("ContractId", "reference", references="Contract"),
        *_audit(),
    ),
)

ENTITLEMENT = SObject(
    "Entitlement",
    (
        *_common_head(),
        Field("AccountId", "reference", references="Account", required=True),
        Field("Name", "string", required=True, max_length=255),
        Field("Type", "picklist", max_length=255),
        Field("StartDate", "date"),
        Field("EndDate", "date"),
        # Computed from the dates, as in Salesforce.
        Field("Status", "picklist", writable=False),
        Field("IsPerIncident", "boolean"),
        Field("CasesPerEntitlement", "int"),
        Field("RemainingCases", "int"),
        Field("SlaProcessId", "reference", references="SlaProcess"),
        *_audit(),
    ),
)

OBJECTS: dict[str, SObject] = {o.name.lower(): o for o in (ACCOUNT, CONTRACT, OPPORTUNITY, ENTITLEMENT)}

_FIELDS_BY_LOWER: dict[str, dict[str, Field]] = {
    o.name: {f.name.lower(): f for f in o.fields} for o in OBJECTS.values()
}


def _relationship(name: str, child: SObject, reference: str) -> ChildRelationship:
    return ChildRelationship(name, child, _FIELDS_BY_LOWER[child.name][reference.lower()])


_CHILDREN: dict[str, dict[str, ChildRelationship]] = {
    ACCOUNT.name: {
        r.name: r
        for r in (
            _relationship("Contracts", CONTRACT, "AccountId"),
            _relationship("Entitlements", ENTITLEMENT, "AccountId"),
            _relationship("Opportunities", OPPORTUNITY, "AccountId"),
        )
    },
}
_CHILDREN_BY_LOWER: dict[str, dict[str, ChildRelationship]] = {
    parent: {name.lower(): r for name, r in children.items()} for parent, children in _CHILDREN.items()
}

# Key prefixes of referenced objects that the sandbox does not serve itself.
FOREIGN_PREFIXES: dict[str, str] = {"User": "005", "SlaProcess": "552"}


def sobject(name: str) -> SObject | None:
    """The sObject of this API name, matched case-insensitively."""
    return OBJECTS.get(name.lower())
