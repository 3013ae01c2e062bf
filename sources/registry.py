"""The four connectors, built once per process and handed to the resolvers as one typed value."""

from __future__ import annotations

from dataclasses import dataclass

from sources.billing.client import BillingSource
from sources.crm.client import CrmSource
from sources.erp.client import ErpSource
from sources.support.client import SupportSource


@dataclass(frozen=True)
class Sources:
    """One connector per system of record."""

    crm: CrmSource
    erp: ErpSource
    billing: BillingSource
    support: SupportSource
