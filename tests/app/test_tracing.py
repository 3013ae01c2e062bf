from __future__ import annotations

import httpx
import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from app.settings import Settings
from app.tracing import RecordWhileExported, configure_tracing, export_spans, otlp_traces_endpoint
from domain.systems import SourceSystem
from sandbox.common.system import SystemApp
from tests.app.conftest import settings_with
from tests.support.sandbox import journal

TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736"
CALLER_SPAN = "00f067aa0ba902b7"
PROFILE = """
query Profile($id: ID!) {
  customer(id: $id) {
    account { name legal { legalName } }
    contracts { id }
    subscriptions { id }
    cases(first: 2) { id }
  }
}
"""

_EXPORTER = InMemorySpanExporter()
_INSTALLED: list[bool] = []


@pytest.fixture
def spans(settings: Settings) -> InMemorySpanExporter:
    """The process's tracer provider with an in-memory exporter (added once), emptied for this test."""
    if not _INSTALLED:
        export_spans(configure_tracing(settings, environ={}), SimpleSpanProcessor(_EXPORTER))
        _INSTALLED.append(True)
    _EXPORTER.clear()
    return _EXPORTER


async def test_one_profile_query_is_one_trace_from_request_to_upstream_calls(
    spans: InMemorySpanExporter,
    gateway: httpx.AsyncClient,
    sandboxes: dict[SourceSystem, SystemApp],
    customer_id: str,
) -> None:
    response = await gateway.post(
        "/graphql",
        json={"query": PROFILE, "variables": {"id": customer_id}},
        headers={"traceparent": f"00-{TRACE_ID}-{CALLER_SPAN}-01"},
    )
    assert response.json().get("errors") is None

    finished = [s for s in spans.get_finished_spans() if f"{s.context.trace_id:032x}" == TRACE_ID]
    by_id = {s.context.span_id: s for s in finished}
    servers = [s for s in finished if s.kind is SpanKind.SERVER]
    assert len(servers) == 1
    server = servers[0]
    assert server.name == "POST /graphql"
    assert server.parent is not None and f"{server.parent.span_id:016x}" == CALLER_SPAN
    assert server.attributes is not None
    assert server.attributes["graphql.operation.name"] == "Profile"
    assert server.attributes["tessera.outcome"] == "ok"

    batches = [s for s in finished if s.name.startswith("batch ")]
    assert {s.name for s in batches} >= {
        "batch crm.account_parts",
        "batch erp.legal",
        "batch billing.subscriptions",
        "batch support.cases",
    }
    assert all(s.parent is not None and s.parent.span_id == server.context.span_id for s in batches)
    (crm_batch,) = [s for s in batches if s.name == "batch crm.account_parts"]
    assert crm_batch.attributes is not None
    # The parts the query selected (no entitlements), batched together.
    assert set(str(crm_batch.attributes["tessera.batch.entity"]).split(",")) == {"accounts", "contracts"}

    upstream = [s for s in finished if s.kind is SpanKind.CLIENT]
    assert {s.attributes["tessera.source.system"] for s in upstream if s.attributes} == {
        "crm",
        "erp",
        "billing",
        "support",
    }
    for span in upstream:
        assert span.parent is not None and by_id[span.parent.span_id].name.startswith("batch ")

    # W3C propagation: each upstream request's traceparent is the trace's id and its client span's id.
    client_span_ids = {f"{s.context.span_id:016x}" for s in upstream}
    for system in SourceSystem:
        sent = [e["headers"]["traceparent"].split("-") for e in await journal(sandboxes[system])]
        assert sent
        assert {trace_id for _, trace_id, _, _ in sent} == {TRACE_ID}
        assert {span_id for _, _, span_id, _ in sent} <= client_span_ids


async def test_a_request_without_traceparent_starts_a_trace_that_goes_upstream(
    spans: InMemorySpanExporter,
    gateway: httpx.AsyncClient,
    sandboxes: dict[SourceSystem, SystemApp],
    customer_id: str,
) -> None:
    await gateway.post("/graphql", json={"query": PROFILE, "variables": {"id": customer_id}})

    server = next(s for s in spans.get_finished_spans() if s.kind is SpanKind.SERVER)
    assert server.parent is None
    sent = {e["headers"]["traceparent"].split("-")[1] for e in await journal(sandboxes[SourceSystem.CRM])}
    assert sent == {f"{server.context.trace_id:032x}"}


def test_the_otlp_exporter_is_off_unless_configured() -> None:
    assert otlp_traces_endpoint(settings_with(), {}) is None
    assert (
        otlp_traces_endpoint(settings_with(otlp_endpoint="http://collector:4318/"), {})
        == "http://collector:4318/v1/traces"
    )
    standard = {"OTEL_EXPORTER_OTLP_ENDPOINT": "http://otel:4318"}
    assert otlp_traces_endpoint(settings_with(), standard) == "http://otel:4318/v1/traces"
    traces = {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://otel:4318/custom"}
    assert otlp_traces_endpoint(settings_with(), traces) == "http://otel:4318/custom"


def test_spans_are_dropped_until_exported_yet_continue_the_callers_trace() -> None:
    sampler = RecordWhileExported()
    provider = TracerProvider(sampler=sampler)
    tracer = provider.get_tracer("test")
    caller = TraceContextTextMapPropagator().extract(
        {"traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"}
    )

    with tracer.start_as_current_span("dropped", context=caller) as dropped:
        assert not dropped.is_recording()
        assert dropped.get_span_context().trace_id == 0x4BF92F3577B34DA6A3CE929D0E0E4736
        assert dropped.get_span_context().span_id != 0x00F067AA0BA902B7
    sampler.exporting = True
    with tracer.start_as_current_span("recorded", context=caller) as recorded:
        assert recorded.is_recording()
        assert recorded.get_span_context().trace_id == 0x4BF92F3577B34DA6A3CE929D0E0E4736
