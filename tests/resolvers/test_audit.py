from __future__ import annotations

import json
import logging

import pytest

from resolvers.audit import AUDIT_LOGGER, AuditRecord, AuditSink, LoggingAuditSink, MemoryAuditSink

RECORD = AuditRecord(
    time="2026-11-01T12:00:00+00:00",
    request_id="req-1",
    principal="agent-console",
    mutation="issueCredit",
    idempotency_key="order-1",
    system="billing",
    object_id="in_abc",
    customer_id="0015T0000000001QAA",
    outcome="success",
    latency_ms=12.5,
)


def test_the_log_sink_writes_one_json_line_to_tessera_audit(caplog: pytest.LogCaptureFixture) -> None:
    sink: AuditSink = LoggingAuditSink()
    with caplog.at_level(logging.INFO, logger=AUDIT_LOGGER):
        sink.record(RECORD)

    (logged,) = caplog.records
    assert logged.name == AUDIT_LOGGER
    assert json.loads(logged.getMessage()) == RECORD.as_dict()
    assert logged.audit == RECORD.as_dict()  # type: ignore[attr-defined]


def test_the_memory_sink_keeps_records_in_order() -> None:
    sink = MemoryAuditSink()
    sink.record(RECORD)
    sink.record(RECORD)

    assert sink.records == [RECORD, RECORD]


def test_a_record_is_json_serialisable() -> None:
    assert json.loads(json.dumps(RECORD.as_dict()))["principal"] == "agent-console"
