"""The gateway's sources over given clients, as the tests wire them (the app does this in its lifespan)."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from sources.billing.client import BillingSource
from sources.cache import SourceCache
from sources.config import BillingConfig, CrmConfig, ErpConfig, SupportConfig
from sources.crm.client import CrmSource
from sources.erp.client import ErpSource
from sources.registry import Sources
from sources.support.client import SupportSource


def build_sources(
    clients: Mapping[str, httpx.AsyncClient], cache: SourceCache, *, timeout_s: float = 2.0
) -> Sources:
    """The four sources over `clients` (keyed crm, erp, billing, support), sharing one cache."""
    return Sources(
        crm=CrmSource(clients["crm"], CrmConfig(timeout_s=timeout_s), cache),
        erp=ErpSource(clients["erp"], ErpConfig(timeout_s=timeout_s), cache),
        billing=BillingSource(clients["billing"], BillingConfig(timeout_s=timeout_s), cache),
        support=SupportSource(clients["support"], SupportConfig(timeout_s=timeout_s), cache),
    )
