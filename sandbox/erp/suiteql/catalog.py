"""The SuiteQL tables the sandbox serves and how each column maps onto its SQLite tables."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sandbox.erp.reference import CREDIT_HOLD_NAMES, CURRENCY_NAMES, STATUS_NAMES, TERMS_NAMES, TYPE_NAMES

ValueKind = Literal["int", "text", "money", "date", "datetime"]


@dataclass(frozen=True)
class ColumnSpec:
    """A SuiteQL column: its SQL over the row alias `t`, its kind, and its BUILTIN.DF SQL if it differs."""

    sql: str
    kind: ValueKind
    display: str | None = None


@dataclass(frozen=True)
class Table:
    """A SuiteQL table backed by one SQLite table."""

    sql_name: str
    columns: dict[str, ColumnSpec]


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _case(expr: str, mapping: dict[str, str] | dict[int, str]) -> str:
    """A CASE over constants of our own reference lists (never request text)."""
    arms = " ".join(
        f"WHEN {k if isinstance(k, int) else _quote(k)} THEN {_quote(v)}" for k, v in mapping.items()
    )
    return f"(CASE {expr} {arms} END)"


_CREDIT_MEMO_SIGN = "(CASE t.type WHEN 'CustCred' THEN -1 ELSE 1 END)"
_STATUS_DISPLAY = {
    f"{kind}:{code}": f"{TYPE_NAMES[kind]} : {name}" for (kind, code), name in STATUS_NAMES.items()
}

CUSTOMER = Table(
    "erp_customer",
    {
        "id": ColumnSpec("t.id", "int"),
        "entityid": ColumnSpec("t.entityid", "text"),
        "companyname": ColumnSpec("t.companyname", "text"),
        "externalid": ColumnSpec("t.externalid", "text"),
        "email": ColumnSpec("t.email", "text"),
        "subsidiary": ColumnSpec("t.subsidiary_id", "int", "t.subsidiary_name"),
        "currency": ColumnSpec("t.currency_id", "int", _case("t.currency_id", CURRENCY_NAMES)),
        "terms": ColumnSpec("t.terms_id", "int", _case("t.terms_id", TERMS_NAMES)),
        "creditlimit": ColumnSpec("t.creditlimit", "money"),
        "creditholdoverride": ColumnSpec(
            "t.creditholdoverride", "text", _case("t.creditholdoverride", CREDIT_HOLD_NAMES)
        ),
        "balancesearch": ColumnSpec("t.balance", "money"),
        "overduebalancesearch": ColumnSpec("t.overduebalance", "money"),
        "daysoverduesearch": ColumnSpec("t.daysoverdue", "int"),
        "unbilledorderssearch": ColumnSpec("t.unbilledorders", "money"),
        "isinactive": ColumnSpec("'F'", "text"),
        "isperson": ColumnSpec("'F'", "text"),
        "datecreated": ColumnSpec("t.datecreated", "datetime"),
        "lastmodifieddate": ColumnSpec("t.lastmodifieddate", "datetime"),
    },
)

TRANSACTION = Table(
    "erp_transaction",
    {
        "id": ColumnSpec("t.id", "int"),
        "tranid": ColumnSpec("t.tranid", "text"),
        "type": ColumnSpec("t.type", "text", _case("t.type", TYPE_NAMES)),
        "entity": ColumnSpec(
            "t.entity", "int", "(SELECT e.companyname FROM erp_customer e WHERE e.id = t.entity)"
        ),
        "trandate": ColumnSpec("t.trandate", "date"),
        "duedate": ColumnSpec("t.duedate", "date"),
        "foreigntotal": ColumnSpec(f"(t.total * {_CREDIT_MEMO_SIGN})", "money"),
        "foreignamountunpaid": ColumnSpec(f"(t.amountunpaid * {_CREDIT_MEMO_SIGN})", "money"),
        # Seen in SuiteScript code; kept as a synonym of foreignamountunpaid.
        "foreignamountremaining": ColumnSpec(f"(t.amountunpaid * {_CREDIT_MEMO_SIGN})", "money"),
        "foreignamountpaid": ColumnSpec(f"((t.total - t.amountunpaid) * {_CREDIT_MEMO_SIGN})", "money"),
        "status": ColumnSpec("t.status", "text", _case("t.type || ':' || t.status", _STATUS_DISPLAY)),
        "currency": ColumnSpec("t.currency_id", "int", _case("t.currency_id", CURRENCY_NAMES)),
        "externalid": ColumnSpec("t.externalid", "text"),
        "memo": ColumnSpec("t.memo", "text"),
        "createdfrom": ColumnSpec(
            "t.createdfrom",
            "int",
            "(SELECT 'Invoice #' || s.tranid FROM erp_transaction s WHERE s.id = t.createdfrom)",
        ),
        "createddate": ColumnSpec("t.createddate", "datetime"),
        "lastmodifieddate": ColumnSpec("t.lastmodifieddate", "datetime"),
    },
)

TABLES: dict[str, Table] = {"customer": CUSTOMER, "transaction": TRANSACTION}
