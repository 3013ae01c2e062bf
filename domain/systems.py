"""The four systems of record Tessera reads from and writes to."""

from __future__ import annotations

from enum import StrEnum


class SourceSystem(StrEnum):
    """A system of record; each owns a disjoint set of facts (see `domain.ownership`)."""

    CRM = "crm"
    ERP = "erp"
    BILLING = "billing"
    SUPPORT = "support"
