"""OpenTelemetry tracing of the gateway: the process's tracer provider, its optional OTLP exporter, and the
server span of each GraphQL request.

The provider is the OpenTelemetry SDK's, installed globally once per process (the sources' and resolvers'
tracers are the API's global ones). Spans are always made, so every upstream call carries a `traceparent`
of the request's trace (continuing the caller's one when it sent one); they leave the process only when
an OTLP endpoint is configured: `TESSERA_OTLP_ENDPOINT`, or the standard `OTEL_EXPORTER_OTLP_ENDPOINT` /
`OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`.

Until something receives spans, none is recorded: each is a non-recording span that still has its own ids
and continues the caller's trace id (so upstream calls carry a `traceparent` of the request's trace), for a
third of the cost of a recorded one (attributes, events, timings and the processor calls, all thrown away).
Once an exporter is added, spans are sampled as the SDK does by default (the caller's decision when it sent
one, else recorded).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.context import Context
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import SpanProcessor, TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ALWAYS_OFF, ALWAYS_ON, ParentBased, Sampler, SamplingResult
from opentelemetry.trace import Link, Span, SpanKind
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator
from opentelemetry.trace.span import TraceState
from opentelemetry.util.types import Attributes

from app.settings import Settings
from sources.context import CallContext

log = logging.getLogger("tessera.tracing")

SERVICE_NAME = "tessera"
_TRACER = trace.get_tracer("tessera.app")
_PROPAGATOR = TraceContextTextMapPropagator()
#: OTLP endpoints already exporting in this process (one exporter each, however many apps are built).
_EXPORTING: set[str] = set()


class RecordWhileExported(Sampler):
    """Samples as the SDK's default (parent-based, else on) once spans are exported; drops them until then."""

    def __init__(self) -> None:
        self.exporting = False
        self._exported = ParentBased(ALWAYS_ON)

    def should_sample(
        self,
        parent_context: Context | None,
        trace_id: int,
        name: str,
        kind: SpanKind | None = None,
        attributes: Attributes = None,
        links: Sequence[Link] | None = None,
        trace_state: TraceState | None = None,
    ) -> SamplingResult:
        """Drop while nothing exports; else the parent-based decision."""
        chosen = self._exported if self.exporting else ALWAYS_OFF
        return chosen.should_sample(parent_context, trace_id, name, kind, attributes, links, trace_state)

    def get_description(self) -> str:
        """How this sampler decides."""
        return "RecordWhileExported{ParentBased{ALWAYS_ON} when exporting, else ALWAYS_OFF}"


_SAMPLER = RecordWhileExported()


def otlp_traces_endpoint(settings: Settings, environ: Mapping[str, str]) -> str | None:
    """Where spans are sent (the OTLP/HTTP traces URL), or None: not exported."""
    if settings.otlp_endpoint:
        return settings.otlp_endpoint.rstrip("/") + "/v1/traces"
    traces = environ.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "").strip()
    if traces:
        return traces
    base = environ.get("OTEL_EXPORTER_OTLP_ENDPOINT", "").strip()
    return base.rstrip("/") + "/v1/traces" if base else None


def configure_tracing(settings: Settings, environ: Mapping[str, str] | None = None) -> TracerProvider:
    """The process's SDK tracer provider (installed on first use), exporting over OTLP when configured."""
    env = os.environ if environ is None else environ
    provider = trace.get_tracer_provider()
    if not isinstance(provider, TracerProvider):
        resource = Resource.create({"service.name": env.get("OTEL_SERVICE_NAME", SERVICE_NAME)})
        trace.set_tracer_provider(TracerProvider(resource=resource, sampler=_SAMPLER))
        provider = trace.get_tracer_provider()
    assert isinstance(provider, TracerProvider), "another tracer provider was installed first"
    endpoint = otlp_traces_endpoint(settings, env)
    if endpoint is not None and endpoint not in _EXPORTING:
        # Imported only when exporting: the exporter pulls in protobuf and requests.
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        export_spans(provider, BatchSpanProcessor(OTLPSpanExporter(endpoint=endpoint)))
        _EXPORTING.add(endpoint)
        log.info("exporting traces over OTLP/HTTP")  # not the URL: it may carry credentials
    return provider


def export_spans(provider: TracerProvider, processor: SpanProcessor) -> None:
    """Send the provider's spans to `processor` too; from now on spans are recorded (module docstring)."""
    provider.add_span_processor(processor)
    _SAMPLER.exporting = True


@contextmanager
def server_span(ctx: CallContext, method: str, route: str) -> Iterator[Span]:
    """The current span of one HTTP request: a child of the caller's `traceparent`, or a new trace."""
    carrier = {"traceparent": ctx.traceparent} if ctx.traceparent else {}
    parent = _PROPAGATOR.extract(carrier)
    with _TRACER.start_as_current_span(
        f"{method} {route}",
        context=parent,
        kind=SpanKind.SERVER,
        attributes={"http.request.method": method, "http.route": route, "tessera.request_id": ctx.request_id},
    ) as span:
        yield span
