"""The audit trail of writes: one structured record per mutation attempt, behind a small sink interface.

A record names who (the API key's name, never the key), what (mutation, idempotency key, target system and
object, customer), the outcome and the latency. It never carries a credential, an input's free text or a
card or bank number: only the identifiers listed in `AuditRecord`.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from typing import Any, Protocol

AUDIT_LOGGER = "tessera.audit"

SUCCESS = "success"
REPLAYED = "replayed"


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One mutation attempt; `outcome` is success, replayed, a failure type's name or an error code."""

    time: str
    request_id: str
    principal: str | None
    mutation: str
    idempotency_key: str | None
    system: str
    object_id: str | None
    customer_id: str | None
    outcome: str
    latency_ms: float

    def as_dict(self) -> dict[str, Any]:
        """The record as a JSON-serialisable dict."""
        return asdict(self)


class AuditSink(Protocol):
    """Where audit records go (a log, a queue, a test's list)."""

    def record(self, entry: AuditRecord) -> None:
        """Keep one record; must not raise and must not block."""
        ...


class LoggingAuditSink:
    """Writes each record as one JSON line to the `tessera.audit` logger (at INFO)."""

    def __init__(self, logger: logging.Logger | None = None) -> None:
        self._log = logger or logging.getLogger(AUDIT_LOGGER)

    def record(self, entry: AuditRecord) -> None:
        """Log the record as JSON, with the dict also attached as `extra["audit"]` for structured handlers."""
        data = entry.as_dict()
        self._log.info(json.dumps(data, sort_keys=True), extra={"audit": data})


class MemoryAuditSink:
    """Keeps records in a list (tests, and a local look at what was audited)."""

    def __init__(self) -> None:
        self.records: list[AuditRecord] = []

    def record(self, entry: AuditRecord) -> None:
        """Append the record."""
        self.records.append(entry)
