"""Idempotency of writes: key -> (input fingerprint, outcome), so a repeated request never writes twice.

`IdempotencyStore` is the interface (a shared store such as Redis can implement it for many replicas);
`InProcessIdempotencyStore` is the embedded default: bounded, 24-hour TTL, one process.

`run(key, fingerprint, operation)`:
- the same key with the same fingerprint returns the stored outcome without calling `operation`;
- the same key with another fingerprint raises `IdempotencyKeyReused`;
- concurrent calls with one key run `operation` once; the others await its result (or its error);
- a failure that leaves the write's fate unknown (a timeout, a dropped connection, a 5xx, a cancellation:
  the upstream may have committed) is remembered, and the next call with the key gets
  `Attempt(reconcile=True)` so it first checks whether the change is already there instead of writing again;
- any other failure (a validation error, a rejection: nothing was written) is not stored.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

from cachetools import TTLCache

from sources.errors import SourceTimeout, SourceUnavailable

T = TypeVar("T")

DAY_S = 24 * 60 * 60

#: Failures after which a write may or may not have committed upstream.
OUTCOME_UNKNOWN = (SourceTimeout, SourceUnavailable)


class IdempotencyKeyReused(Exception):
    """The key was first used with other input: refused, nothing written."""

    code = "IDEMPOTENCY_KEY_REUSED"

    def __init__(self) -> None:
        super().__init__("this idempotency key was already used with different input")


class WriteOutcomeUnknown(Exception):
    """The attempt this request waited for was interrupted; its write may have committed: retry the key."""

    code = "WRITE_OUTCOME_UNKNOWN"

    def __init__(self) -> None:
        super().__init__("the write with this idempotency key was interrupted; retry with the same key")


@dataclass(slots=True)
class Attempt:
    """What `run` tells an operation about earlier attempts with its key."""

    reconcile: bool = False
    """An earlier attempt may have committed: check whether the change is already there before writing."""
    plan: Any = None
    """What the earlier attempt meant to write, as it called `remember` (plain data)."""

    def remember(self, plan: Any) -> None:
        """Record what this attempt is about to write, for a retry that must reconcile against it."""
        self.plan = plan


Operation = Callable[[Attempt], Awaitable[T]]


class IdempotencyStore(Protocol):
    """Runs each keyed write at most once (see the module docstring for the exact semantics)."""

    async def run(self, key: str, fingerprint: str, operation: Operation[T]) -> T:
        """The outcome of the write with this key: stored, awaited from a concurrent call, or run now."""
        ...


def fingerprint(operation: str, inputs: Mapping[str, Any]) -> str:
    """A stable digest of a write's name and inputs (what must match for a repeat to be the same request)."""
    canonical = json.dumps(
        {"op": operation, "in": inputs}, sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class _Record:
    fingerprint: str
    done: bool
    outcome: Any
    plan: Any


class InProcessIdempotencyStore:
    """The embedded store: at most `maxsize` keys, each kept `ttl_s` (24 hours) after its last attempt."""

    def __init__(
        self, *, maxsize: int = 100_000, ttl_s: float = DAY_S, timer: Callable[[], float] = time.monotonic
    ) -> None:
        self._records: TTLCache[str, _Record] = TTLCache(maxsize=maxsize, ttl=ttl_s, timer=timer)
        self._inflight: dict[str, tuple[str, asyncio.Future[Any]]] = {}

    async def run(self, key: str, fingerprint: str, operation: Operation[T]) -> T:
        """The outcome of the write with this key: stored, awaited from a concurrent call, or run now."""
        record = self._records.get(key)
        if record is not None and record.fingerprint != fingerprint:
            raise IdempotencyKeyReused()
        if record is not None and record.done:
            stored: T = record.outcome
            return stored
        running = self._inflight.get(key)
        if running is not None:
            if running[0] != fingerprint:
                raise IdempotencyKeyReused()
            shared: T = await asyncio.shield(running[1])
            return shared
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._inflight[key] = (fingerprint, future)
        attempt = Attempt(reconcile=record is not None, plan=record.plan if record is not None else None)
        try:
            outcome = await operation(attempt)
        except BaseException as exc:
            unknown = isinstance(exc, (*OUTCOME_UNKNOWN, asyncio.CancelledError))
            if unknown:
                self._records[key] = _Record(fingerprint, done=False, outcome=None, plan=attempt.plan)
            # An earlier unknown record stays as it was: this failure did not settle the write's fate.
            future.set_exception(WriteOutcomeUnknown() if isinstance(exc, asyncio.CancelledError) else exc)
            future.exception()  # retrieved, so a future nobody awaited does not log "never retrieved"
            raise
        finally:
            self._inflight.pop(key, None)
        self._records[key] = _Record(fingerprint, done=True, outcome=outcome, plan=attempt.plan)
        future.set_result(outcome)
        return outcome

    def __len__(self) -> int:
        return len(self._records)


def key_marker(key: str) -> str:
    """A short, stable marker of an idempotency key, written next to a change so a retry can find it."""
    return "tessera-key-" + hashlib.sha256(key.encode()).hexdigest()[:24]
