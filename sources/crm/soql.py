"""SOQL builders: every value is validated (ids) and quoted with Salesforce's backslash escapes."""

from __future__ import annotations

from collections.abc import Sequence

from domain.ids import parse_salesforce_id

ACCOUNT_FIELDS = (
    "Id", "Name", "Industry", "Type", "Segment__c", "Support_Tier__c", "OwnerId", "Website", "ParentId",
    "ERP_Customer_Id__c", "Billing_Customer_Id__c", "Support_Org_Id__c",
)  # fmt: skip
CONTRACT_FIELDS = (
    "Id", "AccountId", "ContractNumber", "Status", "StartDate", "EndDate", "ContractTerm", "ActivatedDate",
)  # fmt: skip
ENTITLEMENT_FIELDS = (
    "Id", "AccountId", "Name", "Type", "Status", "StartDate", "EndDate", "IsPerIncident",
    "CasesPerEntitlement", "RemainingCases", "SlaProcessId",
)  # fmt: skip

_ACCOUNT_COLUMNS = ", ".join(ACCOUNT_FIELDS)
_CONTRACT_COLUMNS = ", ".join(CONTRACT_FIELDS)
_ENTITLEMENT_COLUMNS = ", ".join(ENTITLEMENT_FIELDS)

#: Ids per `IN (...)` list: keeps a GET query URL far below Salesforce's 16,384-character limit.
IN_CHUNK = 200
#: The most rows one SOQL query may ask for with LIMIT here (one batch of a query's answer).
MAX_LIMIT = 2000

_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}
_LIKE_ESCAPES = {"%": "\\%", "_": "\\_"}


def quote(value: str) -> str:
    """A SOQL string literal: quotes, backslashes and control characters escaped."""
    return "'" + "".join(_ESCAPES.get(char, char) for char in value) + "'"


def quote_like(value: str) -> str:
    """A SOQL LIKE literal matching `value` as a substring: wildcards in the value are escaped too."""
    body = "".join(_LIKE_ESCAPES.get(char) or _ESCAPES.get(char, char) for char in value)
    return f"'%{body}%'"


def id_list(ids: Sequence[str]) -> str:
    """`('id1','id2')` from Salesforce ids, each validated (so nothing else can reach the query)."""
    if not ids:
        raise ValueError("an IN list needs at least one id")
    return "(" + ",".join(quote(parse_salesforce_id(i)) for i in ids) + ")"


#: The parts of an account one query can read together: the account itself and its child relationships.
ACCOUNT = "accounts"
CONTRACTS = "contracts"
ENTITLEMENTS = "entitlements"

_CHILD_SUBQUERIES = {
    CONTRACTS: f"(SELECT {_CONTRACT_COLUMNS} FROM Contracts ORDER BY StartDate DESC, Id)",
    ENTITLEMENTS: f"(SELECT {_ENTITLEMENT_COLUMNS} FROM Entitlements ORDER BY StartDate DESC, Id)",
}


def account_parts_by_ids(ids: Sequence[str], parts: frozenset[str]) -> str:
    """The accounts with these ids, with the parts asked: the account's own fields (`ACCOUNT`) and its
    contracts and entitlements as parent-to-child subqueries (`CONTRACTS`, `ENTITLEMENTS`), so one query
    reads all three; without `ACCOUNT`, only `Id` beside the subqueries."""
    unknown = parts - {ACCOUNT, *_CHILD_SUBQUERIES}
    if unknown or not parts:
        raise ValueError(f"not parts of an account: {sorted(unknown) or 'none'}")
    columns = [_ACCOUNT_COLUMNS if ACCOUNT in parts else "Id"]
    columns += [subquery for part, subquery in _CHILD_SUBQUERIES.items() if part in parts]
    return f"SELECT {', '.join(columns)} FROM Account WHERE Id IN {id_list(ids)}"


def account_id_by_field(field: str, value: str) -> str:
    """The id of the account whose external-id field equals `value` (field names come from code only)."""
    if field not in ("Id", "ERP_Customer_Id__c", "Billing_Customer_Id__c", "Support_Org_Id__c"):
        raise ValueError(f"not a cross-reference field: {field}")
    return f"SELECT Id FROM Account WHERE {field} = {quote(value)} LIMIT 2"


def search_accounts(name: str, first: int) -> str:
    """Accounts whose name contains `name`, by name, at most `first`."""
    if not 1 <= first <= MAX_LIMIT:
        raise ValueError(f"first must be between 1 and {MAX_LIMIT}")
    return (
        f"SELECT {_ACCOUNT_COLUMNS} FROM Account WHERE Name LIKE {quote_like(name)} "
        f"ORDER BY Name, Id LIMIT {int(first)}"
    )
