"""The four connectors, built once per process and handed to the resolvers as one typed value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.systems import SourceSystem
from sources.billing.client import BillingSource
from sources.breaker import CircuitState
from sources.connector import Connector
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

    def by_system(self) -> dict[SourceSystem, Connector[Any]]:
        """Each system's connector."""
        return {
            SourceSystem.CRM: self.crm,
            SourceSystem.ERP: self.erp,
            SourceSystem.BILLING: self.billing,
            SourceSystem.SUPPORT: self.support,
        }

    def circuit_states(self) -> dict[SourceSystem, CircuitState]:
        """Each system's circuit breaker state (closed, open, half_open), for /readyz and metrics."""
        return {system: connector.circuit_state for system, connector in self.by_system().items()}
