"""How every mutation runs: validate the key, route to the owning system, run once per key, audit the attempt.

A mutation module supplies `perform(call)`: it reads what its checks need, validates with `domain.writes`,
then writes through `call.owner(...)`, the one connector `route_write` allows. This module turns the
outcome into the result union: the success value, or an expected failure as a type; unexpected failures
(a system down or slow, a bug) stay GraphQL errors with codes. Every attempt leaves one audit record.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from domain.ids import InvalidId, parse_customer_id
from domain.models import Account
from domain.ownership import WRITE_TARGETS, NotOwner, WriteOperation, assert_owner, route_write
from domain.writes import WriteInvalid, check_belongs, check_idempotency_key
from resolvers.audit import REPLAYED, SUCCESS, AuditRecord, AuditSink
from resolvers.auth import FORBIDDEN
from resolvers.errors import INTERNAL, GatewayError
from resolvers.mutations.payloads import (
    Failure,
    conflict,
    key_reused,
    not_found,
    not_owner,
    validation_error,
)
from sources.context import CallContext
from sources.errors import SourceConflict, SourceError, SourceNotFound, SourceRejected
from sources.idempotency import (
    Attempt,
    IdempotencyKeyReused,
    IdempotencyStore,
    WriteOutcomeUnknown,
    fingerprint,
)
from sources.registry import Sources

if TYPE_CHECKING:
    from resolvers.context import Context

T = TypeVar("T")
C = TypeVar("C")


@dataclass(frozen=True)
class WritePath:
    """What mutations share across requests: the connectors, the idempotency store, the audit sink."""

    sources: Sources
    idempotency: IdempotencyStore
    audit: AuditSink


class Missing(Exception):
    """An object the mutation names does not exist (answered as NotFoundError)."""


class WriteInterrupted(GatewayError):
    """A concurrent attempt with this key was interrupted; its write may have committed: retry the key."""

    code = WriteOutcomeUnknown.code


class WritePathUnavailable(GatewayError):
    """The request's context has no write path (a read-only context); nothing was attempted."""

    code = "WRITES_UNAVAILABLE"


def forwarded_key(scoped_key: str) -> str:
    """The key sent upstream: a digest of the caller-scoped key (fixed length, no caller text in headers)."""
    return "tessera-" + hashlib.sha256(scoped_key.encode()).hexdigest()


@dataclass
class Target:
    """What one attempt is aimed at; `object_id` may be filled in as the attempt learns it (for the audit)."""

    operation: WriteOperation
    mutation: str
    customer_id: str
    object_id: str | None


@dataclass
class WriteCall:
    """What `perform` gets: the attempt, the key to forward, the sources, and helpers for the common reads."""

    attempt: Attempt
    key: str
    customer_id: str
    target: Target
    sources: Sources
    ctx: CallContext

    def owner(self, kind: type[C]) -> C:
        """The connector of the one system that owns this write's fact; NotOwner for any other connector."""
        fact = WRITE_TARGETS[self.target.operation]
        for system, connector in self.sources.by_system().items():
            if isinstance(connector, kind):
                assert_owner(fact, system)
                return connector
        raise TypeError(f"no connector of type {kind.__name__}")

    async def account(self) -> Account:
        """The customer's CRM account (the cross-reference); Missing when the CRM has no such customer."""
        outcome = (await self.sources.crm.accounts([self.customer_id], self.ctx))[self.customer_id]
        if isinstance(outcome, SourceError):
            raise outcome
        if outcome.value is None:
            raise Missing(f"no customer with id {self.customer_id}")
        return outcome.value


Perform = Callable[[WriteCall], Awaitable[T]]


def _failure(exc: Exception) -> Failure | None:
    """The expected failure an exception stands for; None when it is unexpected."""
    if isinstance(exc, WriteInvalid):
        return validation_error(exc.field, exc.message)
    if isinstance(exc, SourceRejected):
        return validation_error(exc.field or "input", exc.message)
    if isinstance(exc, Missing):
        return not_found(str(exc))
    if isinstance(exc, SourceNotFound):
        return not_found(exc.message)
    if isinstance(exc, SourceConflict):
        return conflict(exc.message)
    if isinstance(exc, NotOwner):
        return not_owner(str(exc))
    if isinstance(exc, IdempotencyKeyReused):
        return key_reused(str(exc))
    return None


def check_owned(owner_id: str | None, customer_ref: str | None, field: str) -> None:
    """Refuse an object whose owner is not the customer's id in its system (or the customer has none)."""
    if customer_ref is None:
        raise WriteInvalid(field, "does not belong to this customer (it has no account in that system)")
    check_belongs(owner_id, customer_ref, field)


def parse_input_id(field: str, parse: Callable[[str], object], raw: str) -> str:
    """An id argument checked by its `domain.ids` parser, or a validation failure on `field`."""
    try:
        return str(parse(raw))
    except InvalidId as exc:
        raise WriteInvalid(field, f"not a valid id: {exc.reason}") from None


async def run_write(
    context: Context, target: Target, key: str | None, inputs: Mapping[str, Any], perform: Perform[T]
) -> T | Failure:
    """Run one mutation attempt end to end and audit it (see the module docstring)."""
    started = time.perf_counter()
    principal = context.principal
    outcome = INTERNAL
    ran = False
    try:
        writes = context.writes
        if writes is None or principal is None:
            raise WritePathUnavailable("this request cannot write")
        checked_key = check_idempotency_key(key)
        customer_id = parse_input_id("customerId", parse_customer_id, target.customer_id)
        scoped = f"{principal.name}:{checked_key}"
        digest = fingerprint(target.mutation, {"customerId": customer_id, **inputs})

        async def operation(attempt: Attempt) -> T:
            nonlocal ran
            ran = True
            call = WriteCall(
                attempt, forwarded_key(scoped), customer_id, target, writes.sources, context.call
            )
            return await perform(call)

        result = await writes.idempotency.run(scoped, digest, operation)
        outcome = SUCCESS if ran else REPLAYED
        return result
    except Exception as exc:
        failure = _failure(exc)
        if failure is not None:
            outcome = type(failure).__name__
            return failure
        if isinstance(exc, WriteOutcomeUnknown):
            outcome = WriteInterrupted.code
            raise WriteInterrupted(str(exc)) from None
        if isinstance(exc, (SourceError, GatewayError)):
            outcome = exc.code
        raise
    finally:
        _audit(context, target, key, outcome, started)


def audit_forbidden(mutation: str, operation: WriteOperation) -> Callable[[Any, dict[str, Any]], None]:
    """An `on_denied` hook for a mutation field: the refused attempt still leaves its audit record."""

    def record(context: Any, arguments: dict[str, Any]) -> None:
        given = arguments.get("input")
        customer = getattr(given, "customer_id", None)
        target = Target(operation, mutation, str(customer) if customer is not None else "", None)
        _audit(context, target, getattr(given, "idempotency_key", None), FORBIDDEN, time.perf_counter())

    return record


def _audit(context: Context, target: Target, key: str | None, outcome: str, started: float) -> None:
    writes = context.writes
    if writes is None:
        return
    record = AuditRecord(
        time=datetime.now(UTC).isoformat(),
        request_id=context.call.request_id,
        principal=None if context.principal is None else context.principal.name,
        mutation=target.mutation,
        idempotency_key=key,
        system=route_write(target.operation).value,
        object_id=target.object_id,
        customer_id=target.customer_id,
        outcome=outcome,
        latency_ms=round((time.perf_counter() - started) * 1000, 2),
    )
    writes.audit.record(record)
