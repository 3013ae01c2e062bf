"""SuiteQL builders: ids validated as NetSuite internal ids, strings quoted with doubled quotes."""

from __future__ import annotations

from collections.abc import Sequence

from domain.ids import parse_netsuite_id

#: Customer columns, as SuiteQL names them; references read through BUILTIN.DF for their display value.
CUSTOMER_COLUMNS = (
    "id",
    "entityid",
    "companyname",
    "externalid",
    "BUILTIN.DF(subsidiary) AS subsidiary",
    "BUILTIN.DF(currency) AS currency",
    "BUILTIN.DF(terms) AS terms",
    "creditlimit",
    "creditholdoverride",
    "balancesearch",
    "overduebalancesearch",
    "daysoverduesearch",
)

_CUSTOMER_SELECT = f"SELECT {', '.join(CUSTOMER_COLUMNS)} FROM customer"

#: Rows per SuiteQL page (NetSuite's maximum `limit`).
PAGE_LIMIT = 1000


def quote(value: str) -> str:
    """A SuiteQL string literal: single quotes doubled, NUL refused."""
    if "\x00" in value:
        raise ValueError("SuiteQL strings cannot contain NUL")
    return "'" + value.replace("'", "''") + "'"


def id_list(ids: Sequence[str]) -> str:
    """`(1,2,3)` from NetSuite internal ids, each validated as a positive integer."""
    if not ids:
        raise ValueError("an IN list needs at least one id")
    return "(" + ",".join(parse_netsuite_id(i) for i in ids) + ")"


def customers_by_ids(ids: Sequence[str]) -> str:
    """The customers with these internal ids."""
    return f"{_CUSTOMER_SELECT} WHERE id IN {id_list(ids)} ORDER BY id"
