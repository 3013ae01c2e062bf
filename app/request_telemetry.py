"""What the gateway records of each GraphQL request: its metrics, its server span's name and outcome, and one
access log line (operation, outcome, error codes, latency; the request id comes from the log context).

Outcomes: `ok` (no errors), `partial` (errors, but some data), `error` (errors and no data: every root
field null, or nothing executed) and `unauthenticated` (refused before parsing).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from typing import Any

from graphql import GraphQLError
from opentelemetry import trace
from opentelemetry.trace import Status, StatusCode
from strawberry.extensions import SchemaExtension

from app.metrics import UNKNOWN, Metrics

access_log = logging.getLogger("tessera.access")

OK = "ok"
PARTIAL = "partial"
ERROR = "error"
UNAUTHENTICATED = "unauthenticated"


def outcome_of(data: dict[str, Any] | None, errors: list[GraphQLError] | None) -> str:
    """ok, partial or error, from a result's data and errors."""
    if not errors:
        return OK
    if not data or all(value is None for value in data.values()):
        return ERROR
    return PARTIAL


def _codes(errors: list[GraphQLError] | None) -> list[str]:
    codes = {str((error.extensions or {}).get("code", "GRAPHQL_ERROR")) for error in errors or ()}
    return sorted(codes)


def record_request(
    metrics: Metrics,
    *,
    operation_type: str,
    operation: str | None,
    outcome: str,
    seconds: float,
    codes: list[str] | None = None,
) -> None:
    """Count the request, finish its span's story and write its access log line."""
    metrics.request(operation_type, operation, outcome, seconds)
    span = trace.get_current_span()
    span.set_attribute("graphql.operation.type", operation_type)
    span.set_attribute("tessera.outcome", outcome)
    if operation:
        span.set_attribute("graphql.operation.name", metrics.operation_label(operation))
    if outcome in (ERROR, UNAUTHENTICATED):
        span.set_status(Status(StatusCode.ERROR, outcome))
    access_log.info(
        "graphql request",
        extra={
            "operation_type": operation_type,
            "operation": metrics.operation_label(operation),
            "outcome": outcome,
            "error_codes": codes or [],
            "latency_ms": round(seconds * 1000, 1),
        },
    )


class RequestTelemetry(SchemaExtension):
    """Measures each operation and records it once it is done (errors already coded by `CodedErrors`)."""

    def __init__(self, *, metrics: Metrics) -> None:
        self._metrics = metrics

    def on_operation(self) -> Iterator[None]:
        """Time the operation, then record it."""
        started = time.perf_counter()
        try:
            yield
        finally:
            # Also after a parse error, which strawberry raises through this hook and answers afterwards.
            self._record(time.perf_counter() - started)

    def _record(self, seconds: float) -> None:
        ec = self.execution_context
        try:
            operation_type = ec.operation_type.value
        except Exception:  # no document (a parse error) or no such operation
            operation_type = UNKNOWN
        try:
            operation = ec.operation_name
        except Exception:
            operation = None
        result = ec.result
        data = getattr(result, "data", None)
        errors = getattr(result, "errors", None) or ec.pre_execution_errors
        try:
            record_request(
                self._metrics,
                operation_type=operation_type,
                operation=operation,
                outcome=outcome_of(data, errors) if result is not None else ERROR,
                seconds=seconds,
                codes=_codes(errors),
            )
        except Exception:  # telemetry must never fail a request
            access_log.exception("recording a request failed")


def telemetry_extension(metrics: Metrics) -> Callable[[], SchemaExtension]:
    """A factory of the extension for `build_schema` (strawberry builds one per request)."""
    return lambda: RequestTelemetry(metrics=metrics)
