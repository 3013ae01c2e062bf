"""Prometheus metrics of one gateway instance, in its own registry, and the `/metrics` endpoint.

Requests by operation and outcome, upstream calls by system, endpoint template, method and outcome, retries,
batch sizes, cache hits, misses and stale serves, circuit state per system, mutations and idempotent
replays. Every label value is bounded and secret-free: operation names are GraphQL names (at most
`MAX_OPERATION_NAMES` distinct ones, later ones count as `other`), endpoints are templates with ids
replaced, outcomes are HTTP statuses or error codes.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from prometheus_client import CollectorRegistry, Counter, Enum, Histogram, generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response

from domain.systems import SourceSystem
from resolvers.audit import REPLAYED, AuditRecord, AuditSink
from resolvers.execution import kept_counts
from sources.breaker import CircuitState
from sources.telemetry import CacheEvent, UpstreamCall

log = logging.getLogger("tessera.upstream")

#: Distinct operation names counted by name; beyond them, `other` (a client must not grow the registry).
MAX_OPERATION_NAMES = 200
OTHER = "other"
ANONYMOUS = "anonymous"
UNKNOWN = "unknown"
CIRCUIT_STATES = ["closed", "half_open", "open"]

_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
_BATCH_BUCKETS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)
# Shared by a counter and a histogram that are fed the same label values in one call.
_REQUEST_LABELS = ("operation_type", "operation", "outcome")
_UPSTREAM_LABELS = ("system", "endpoint", "method")


class Metrics:
    """Every metric of one app instance, registered in its own `CollectorRegistry`."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.requests = self._counter(
            "tessera_requests",
            "GraphQL requests by operation type, operation name and outcome (ok, partial, error, "
            "unauthenticated).",
            _REQUEST_LABELS,
        )
        self.request_seconds = self._histogram(
            "tessera_request_duration_seconds",
            "GraphQL request latency by operation type, operation name and outcome.",
            _REQUEST_LABELS,
        )
        self.upstream = self._counter(
            "tessera_upstream_requests",
            "Upstream attempts by system, endpoint template, method and outcome (HTTP status or error code).",
            (*_UPSTREAM_LABELS, "outcome"),
        )
        self.upstream_seconds = self._histogram(
            "tessera_upstream_request_duration_seconds",
            "Upstream attempt latency by system, endpoint template and method.",
            _UPSTREAM_LABELS,
        )
        self.retries = self._counter(
            "tessera_upstream_retries",
            "Upstream attempts that were retries, by system, endpoint template and method.",
            _UPSTREAM_LABELS,
        )
        self.batch_size = self._histogram(
            "tessera_batch_size",
            "Keys asked of one source batch method, by system and entity.",
            ("system", "entity"),
            buckets=_BATCH_BUCKETS,
        )
        self.cache = self._counter(
            "tessera_cache_lookups",
            "Cache lookups by system, entity and result: hit (fresh), miss (fetched), stale (expired, served "
            "because the live call failed).",
            ("system", "entity", "result"),
        )
        self.circuit = Enum(
            "tessera_circuit_state",
            "Each system's circuit breaker state.",
            ["system"],
            states=CIRCUIT_STATES,
            registry=self.registry,
        )
        self.circuit_changes = self._counter(
            "tessera_circuit_transitions",
            "Circuit breaker state changes by system and the state entered.",
            ("system", "state"),
        )
        self.mutations = self._counter(
            "tessera_mutations",
            "Mutation attempts by mutation and outcome (success, replayed, a failure type or an error code).",
            ("mutation", "outcome"),
        )
        self.replays = self._counter(
            "tessera_idempotent_replays",
            "Mutations answered from the idempotency store (a retried key), not written again.",
            ("mutation", "system"),
        )
        self.registry.register(KeptValuesCollector())
        self._operations: set[str] = set()
        # Labelled children by (metric, label values): `labels()` validates and locks on every call (~3 µs,
        # a dozen times per request); the label sets are few (operation names are bounded, systems,
        # entities, endpoint templates). The metrics live as long as this object: their ids stay theirs.
        self._children: dict[tuple[int, tuple[str, ...]], Any] = {}
        for system in SourceSystem:
            self.circuit.labels(system=system.value).state("closed")

    def _counter(self, name: str, documentation: str, labels: tuple[str, ...]) -> Counter:
        return Counter(name, documentation, labels, registry=self.registry)

    def _histogram(
        self,
        name: str,
        documentation: str,
        labels: tuple[str, ...],
        buckets: tuple[float, ...] = _LATENCY_BUCKETS,
    ) -> Histogram:
        return Histogram(name, documentation, labels, buckets=buckets, registry=self.registry)

    def child(self, metric: Counter | Histogram, *values: str) -> Any:
        """`metric.labels(*values)`, made once per label set."""
        key = (id(metric), values)
        found = self._children.get(key)
        if found is None:
            found = self._children[key] = metric.labels(*values)
        return found

    def operation_label(self, name: str | None) -> str:
        """A bounded label for a client-given operation name."""
        if not name:
            return ANONYMOUS
        if not _NAME.fullmatch(name):
            return OTHER
        if name not in self._operations:
            if len(self._operations) >= MAX_OPERATION_NAMES:
                return OTHER
            self._operations.add(name)
        return name

    def request(self, operation_type: str, operation: str | None, outcome: str, seconds: float) -> None:
        """Count one GraphQL request and observe its latency."""
        labels = (operation_type, self.operation_label(operation), outcome)
        self.child(self.requests, *labels).inc()
        self.child(self.request_seconds, *labels).observe(seconds)

    def circuits(self, states: dict[SourceSystem, CircuitState]) -> None:
        """Set every system's circuit state (read at scrape time: open turns half-open by the clock)."""
        for system, state in states.items():
            self.circuit.labels(system=system.value).state(state)

    def render(self) -> bytes:
        """The registry in the Prometheus text format."""
        return generate_latest(self.registry)


class KeptValuesCollector(Collector):
    """The executor's kept completed values (`resolvers.execution.kept`), read at scrape time: how often a
    kept field was answered again or built and kept, and how many values are held. Process-wide: the
    values are kept per process, whatever app instance answered."""

    def collect(self) -> list[Metric]:
        """The families, from the counts at this moment."""
        hits, built, held = kept_counts()
        lookups = CounterMetricFamily(
            "tessera_kept_values",
            "Customer fields built from cached answers: answered again from a kept completed value (hit) "
            "or built and kept (built).",
            labels=["result"],
        )
        lookups.add_metric(["hit"], hits)
        lookups.add_metric(["built"], built)
        size = GaugeMetricFamily(
            "tessera_kept_values_held", "Completed values kept now (at most TESSERA_KEPT_VALUES)."
        )
        size.add_metric([], held)
        return [lookups, size]


class MetricsObserver:
    """The `SourceObserver` of the app: feeds the metrics and logs failed attempts and circuit changes."""

    def __init__(self, metrics: Metrics) -> None:
        self._m = metrics

    def upstream_call(self, call: UpstreamCall) -> None:
        """Count the attempt, observe its latency, count it as a retry when it was one."""
        m = self._m
        system = call.system.value
        m.child(m.upstream, system, call.endpoint, call.method, call.outcome).inc()
        m.child(m.upstream_seconds, system, call.endpoint, call.method).observe(call.latency_ms / 1000)
        if call.retry:
            m.child(m.retries, system, call.endpoint, call.method).inc()
        if call.error_code is not None:
            log.info(
                "upstream call failed",
                extra={
                    "system": system,
                    "endpoint": call.endpoint,
                    "method": call.method,
                    "status": call.status,
                    "error_code": call.error_code,
                    "attempt": call.attempt,
                    "latency_ms": round(call.latency_ms, 1),
                },
            )

    def batch(self, system: SourceSystem, entity: str, size: int) -> None:
        """Observe a batch's size."""
        self._m.child(self._m.batch_size, system.value, entity).observe(size)

    def cache(self, system: SourceSystem, entity: str, event: CacheEvent, count: int) -> None:
        """Count cache hits, misses or stale serves."""
        if count:
            self._m.child(self._m.cache, system.value, entity, event).inc(count)

    def circuit(self, system: SourceSystem, state: CircuitState) -> None:
        """Record and log a circuit change."""
        self._m.circuit.labels(system=system.value).state(state)
        self._m.circuit_changes.labels(system.value, state).inc()
        level = logging.INFO if state == "closed" else logging.WARNING
        log.log(level, "circuit %s", state, extra={"system": system.value, "circuit": state})


class MetricsAuditSink:
    """Counts every mutation attempt (and idempotent replays) from its audit record, then passes it on.

    The mutation runner leaves exactly one audit record per attempt, outcome `replayed` when the
    idempotency store answered it, so the audit trail is the runner's hook for these metrics."""

    def __init__(self, inner: AuditSink, metrics: Metrics) -> None:
        self._inner = inner
        self._m = metrics

    def record(self, entry: AuditRecord) -> None:
        """Count, then keep the record in the inner sink."""
        try:
            self._m.mutations.labels(entry.mutation, entry.outcome).inc()
            if entry.outcome == REPLAYED:
                self._m.replays.labels(entry.mutation, entry.system).inc()
        except Exception:
            log.exception("counting a mutation failed")
        self._inner.record(entry)


async def metrics_endpoint(request: Request) -> Response:
    """`GET /metrics`: the instance's metrics (no key needed; no label carries a secret)."""
    runtime = request.app.state.runtime
    metrics: Metrics = runtime.metrics
    metrics.circuits(runtime.sources.circuit_states())
    return Response(metrics.render(), media_type=CONTENT_TYPE_LATEST)
