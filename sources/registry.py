"""The four connectors, built once per process and handed to the resolvers as one typed value."""

from __future__ import annotations

from dataclasses import dataclass

from domain.systems import SourceSystem
from sources.billing.client import BillingSource
from sources.breaker import CircuitState
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

    def circuit_states(self) -> dict[SourceSystem, CircuitState]:
        """Each system's circuit breaker state (closed, open, half_open), for /readyz and metrics."""
        return {
            SourceSystem.CRM: self.crm.circuit_state,
            SourceSystem.ERP: self.erp.circuit_state,
            SourceSystem.BILLING: self.billing.circuit_state,
            SourceSystem.SUPPORT: self.support.circuit_state,
        }
