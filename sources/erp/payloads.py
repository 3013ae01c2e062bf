"""NetSuite SuiteQL answers as pydantic models. SuiteQL returns every value as a string and leaves out
columns whose value is null."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

I = TypeVar("I", bound=BaseModel)  # noqa: E741


class SuiteQlPage(BaseModel, Generic[I]):
    """`POST /services/rest/query/v1/suiteql`: one page of rows."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    count: int
    hasMore: bool
    offset: int = 0
    totalResults: int | None = None
    items: list[I]


class CustomerRow(BaseModel):
    """One `customer` row of the query in `suiteql.customers_by_ids`."""

    model_config = ConfigDict(extra="ignore", frozen=True, strict=True)

    id: str
    entityid: str
    companyname: str
    externalid: str | None = None
    subsidiary: str | None = None
    currency: str
    terms: str | None = None
    creditlimit: str | None = None
    creditholdoverride: str | None = None
    balancesearch: str | None = None
    overduebalancesearch: str | None = None
    daysoverduesearch: str | None = None
