"""Observability hooks of the sources layer, with no dependency on `app`: an observer told about every
upstream call, batch, cache event and circuit change, and an OpenTelemetry span per upstream attempt.

Labels are safe by construction: the system, an endpoint template (the path with ids replaced by `{id}`,
never the query), the method and a status or error code. Never a header, a credential or a body.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Literal, Protocol

import httpx
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from opentelemetry.trace.propagation.tracecontext import TraceContextTextMapPropagator

from domain.systems import SourceSystem
from sources.breaker import CircuitState
from sources.outgoing import plain_path

log = logging.getLogger("tessera.sources.telemetry")

CacheEvent = Literal["hit", "miss", "stale"]

_VERSION = re.compile(r"^v\d+(\.\d+)?$")
_PREFIXED_ID = re.compile(r"^[a-z]{2,6}_[A-Za-z0-9]+$")
# Vendor path words that look like prefixed ids but name a resource.
_RESOURCE_NAMES = frozenset({"credit_notes", "balance_transactions", "show_many", "subscription_items"})
_TRACER = trace.get_tracer("tessera.sources")
_PROPAGATOR = TraceContextTextMapPropagator()


@dataclass(frozen=True, slots=True)
class UpstreamCall:
    """One upstream attempt as it ended."""

    system: SourceSystem
    endpoint: str
    """The endpoint template, e.g. `/api/v2/organizations/{id}/tickets`."""
    method: str
    outcome: str
    """The HTTP status as text ("200", "503") or, when no usable answer came, the error code."""
    status: int | None
    error_code: str | None
    latency_ms: float
    attempt: int
    """1 for the first attempt of a call, 2 for its first retry, ..."""

    @property
    def retry(self) -> bool:
        """Whether this attempt was a retry."""
        return self.attempt > 1


class SourceObserver(Protocol):
    """Told about what the sources do; implementations must be quick and must not raise."""

    def upstream_call(self, call: UpstreamCall) -> None:
        """One upstream attempt ended."""

    def batch(self, system: SourceSystem, entity: str, size: int) -> None:
        """A batch method was asked for `size` keys."""

    def cache(self, system: SourceSystem, entity: str, event: CacheEvent, count: int) -> None:
        """`count` keys were served fresh from the cache (hit), had to be fetched (miss) or were served
        expired because the live call failed (stale)."""

    def circuit(self, system: SourceSystem, state: CircuitState) -> None:
        """A system's circuit breaker changed state."""


class NullObserver:
    """The default observer: ignores everything."""

    def upstream_call(self, call: UpstreamCall) -> None:
        """Ignore the call."""

    def batch(self, system: SourceSystem, entity: str, size: int) -> None:
        """Ignore the batch."""

    def cache(self, system: SourceSystem, entity: str, event: CacheEvent, count: int) -> None:
        """Ignore the cache event."""

    def circuit(self, system: SourceSystem, state: CircuitState) -> None:
        """Ignore the change."""


class GuardedObserver:
    """Wraps an observer so that its failure is logged, never raised into an upstream call."""

    def __init__(self, inner: SourceObserver) -> None:
        self.inner = inner

    def upstream_call(self, call: UpstreamCall) -> None:
        """Forward, logging a failure."""
        try:
            self.inner.upstream_call(call)
        except Exception:
            log.exception("source observer failed on an upstream call")

    def batch(self, system: SourceSystem, entity: str, size: int) -> None:
        """Forward, logging a failure."""
        try:
            self.inner.batch(system, entity, size)
        except Exception:
            log.exception("source observer failed on a batch")

    def cache(self, system: SourceSystem, entity: str, event: CacheEvent, count: int) -> None:
        """Forward, logging a failure."""
        try:
            self.inner.cache(system, entity, event, count)
        except Exception:
            log.exception("source observer failed on a cache event")

    def circuit(self, system: SourceSystem, state: CircuitState) -> None:
        """Forward, logging a failure."""
        try:
            self.inner.circuit(system, state)
        except Exception:
            log.exception("source observer failed on a circuit change")


def guarded(observer: SourceObserver | None) -> GuardedObserver:
    """The observer to call (the no-op one when none is given), shielded from its own failures."""
    if isinstance(observer, GuardedObserver):
        return observer
    return GuardedObserver(observer if observer is not None else NullObserver())


def endpoint_template(url: str) -> str:
    """The path of `url` with every id-like segment as `{id}` and no query: a bounded, secret-free label."""
    # A plain path is its own path (unless percent-encoded, which `URL.path` decodes): parsing it (about
    # 8 µs a call) would change nothing.
    path = url if plain_path(url) and "%" not in url else httpx.URL(url).path
    segments = []
    for segment in path.split("/"):
        if _VERSION.match(segment) or not segment or segment in _RESOURCE_NAMES:
            segments.append(segment)
        elif any(ch.isdigit() for ch in segment) or _PREFIXED_ID.match(segment):
            segments.append("{id}")
        else:
            segments.append(segment)
    return "/".join(segments)


@contextmanager
def upstream_span(
    system: SourceSystem, method: str, endpoint: str, attempt: int, traceparent: str | None = None
) -> Iterator[Span]:
    """An OpenTelemetry client span for one upstream attempt (a no-op span when no SDK is configured): a
    child of the current span, or else of the request's `traceparent`, so the call stays in its trace."""
    attributes: dict[str, str | int] = {
        "http.request.method": method,
        "url.template": endpoint,
        "tessera.source.system": system.value,
    }
    if attempt > 1:
        attributes["http.request.resend_count"] = attempt - 1
    parent = None
    if traceparent and not trace.get_current_span().get_span_context().is_valid:
        parent = _PROPAGATOR.extract({"traceparent": traceparent})
    with _TRACER.start_as_current_span(
        f"{method} {endpoint}",
        context=parent,
        kind=SpanKind.CLIENT,
        attributes=attributes,
        record_exception=False,
        set_status_on_exception=False,
    ) as span:
        yield span


def end_span(span: Span, status: int | None, error_code: str | None) -> None:
    """Record an attempt's outcome on its span: the HTTP status, and the error code when it failed."""
    if status is not None:
        span.set_attribute("http.response.status_code", status)
    if error_code is not None:
        span.set_attribute("error.type", error_code)
        span.set_status(Status(StatusCode.ERROR, error_code))


def propagation_headers() -> dict[str, str]:
    """W3C `traceparent` (and `tracestate`) of the current span, when a valid one is active; else empty."""
    carrier: dict[str, str] = {}
    if trace.get_current_span().get_span_context().is_valid:
        _PROPAGATOR.inject(carrier)
    return carrier
