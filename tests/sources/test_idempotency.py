from __future__ import annotations

import asyncio
from typing import Any

import pytest

from domain.systems import SourceSystem
from sources.billing.client import BillingSource
from sources.cache import SourceCache
from sources.config import BillingConfig, CacheConfig
from sources.errors import SourceRejected, SourceTimeout
from sources.idempotency import (
    Attempt,
    IdempotencyKeyReused,
    IdempotencyStore,
    InProcessIdempotencyStore,
    fingerprint,
    key_marker,
)
from tests.sources.conftest import WriteRig
from tests.sources.write_ops import CASES, CTX, WriteCase

# --- the store alone ----------------------------------------------------------------------------------


class Counter:
    def __init__(self, fail: list[BaseException] | None = None) -> None:
        self.calls: list[Attempt] = []
        self._fail = list(fail or [])

    async def __call__(self, attempt: Attempt) -> str:
        self.calls.append(Attempt(attempt.reconcile, attempt.plan))
        await asyncio.sleep(0)
        attempt.remember("plan-1")
        if self._fail:
            raise self._fail.pop(0)
        return f"outcome-{len(self.calls)}"


def test_in_process_store_is_an_idempotency_store() -> None:
    store: IdempotencyStore = InProcessIdempotencyStore()
    assert store is not None


def test_fingerprint_is_stable_and_input_sensitive() -> None:
    assert fingerprint("op", {"a": 1, "b": "x"}) == fingerprint("op", {"b": "x", "a": 1})
    assert fingerprint("op", {"a": 1}) != fingerprint("op", {"a": 2})
    assert fingerprint("op", {"a": 1}) != fingerprint("other", {"a": 1})


def test_key_marker_is_short_and_stable() -> None:
    assert key_marker("k" * 255) == key_marker("k" * 255)
    assert key_marker("a") != key_marker("b")
    assert len(key_marker("k" * 255)) < 40


async def test_replay_returns_the_first_outcome_without_running_again() -> None:
    store, op = InProcessIdempotencyStore(), Counter()
    assert await store.run("k", "fp", op) == "outcome-1"
    assert await store.run("k", "fp", op) == "outcome-1"
    assert len(op.calls) == 1


async def test_reused_key_with_other_input_is_refused() -> None:
    store, op = InProcessIdempotencyStore(), Counter()
    await store.run("k", "fp", op)
    with pytest.raises(IdempotencyKeyReused) as raised:
        await store.run("k", "other", op)
    assert raised.value.code == "IDEMPOTENCY_KEY_REUSED"
    assert len(op.calls) == 1


async def test_concurrent_calls_run_once() -> None:
    store, op = InProcessIdempotencyStore(), Counter()
    results = await asyncio.gather(*(store.run("k", "fp", op) for _ in range(5)))
    assert results == ["outcome-1"] * 5
    assert len(op.calls) == 1


async def test_concurrent_call_with_other_input_is_refused() -> None:
    store, op = InProcessIdempotencyStore(), Counter()
    first = asyncio.create_task(store.run("k", "fp", op))
    await asyncio.sleep(0)
    with pytest.raises(IdempotencyKeyReused):
        await store.run("k", "other", op)
    assert await first == "outcome-1"


async def test_rejection_is_not_stored() -> None:
    store = InProcessIdempotencyStore()
    op = Counter(fail=[SourceRejected(SourceSystem.BILLING, "no", field="amount")])
    with pytest.raises(SourceRejected):
        await store.run("k", "fp", op)
    assert await store.run("k", "fp", op) == "outcome-2"
    assert [a.reconcile for a in op.calls] == [False, False]


async def test_timeout_is_remembered_as_unknown_and_the_retry_reconciles_with_the_plan() -> None:
    store = InProcessIdempotencyStore()
    op = Counter(fail=[SourceTimeout(SourceSystem.CRM, "slow")])
    with pytest.raises(SourceTimeout):
        await store.run("k", "fp", op)
    assert await store.run("k", "fp", op) == "outcome-2"
    assert [(a.reconcile, a.plan) for a in op.calls] == [(False, None), (True, "plan-1")]
    with pytest.raises(IdempotencyKeyReused):
        await store.run("k", "other", op)


async def test_waiters_share_the_failure() -> None:
    store = InProcessIdempotencyStore()
    op = Counter(fail=[SourceTimeout(SourceSystem.ERP, "slow")])
    results = await asyncio.gather(store.run("k", "fp", op), store.run("k", "fp", op), return_exceptions=True)
    assert all(isinstance(r, SourceTimeout) for r in results)
    assert len(op.calls) == 1


async def test_records_expire_after_the_ttl() -> None:
    now = [0.0]
    store, op = InProcessIdempotencyStore(ttl_s=10, timer=lambda: now[0]), Counter()
    await store.run("k", "fp", op)
    now[0] = 11
    assert await store.run("k", "other", op) == "outcome-2"


async def test_store_is_bounded() -> None:
    store, op = InProcessIdempotencyStore(maxsize=2), Counter()
    for key in "abc":
        await store.run(key, "fp", op)
    assert len(store) == 2


# --- against the sandbox, for every write: one write on the owning system, none elsewhere ---------------

IDS = [c.name for c in CASES]


def _only(writes: dict[str, list[dict[str, Any]]], system: str, count: int) -> list[dict[str, Any]]:
    assert {name: len(found) for name, found in writes.items() if name != system} == {
        name: 0 for name in writes if name != system
    }
    assert len(writes[system]) == count, writes[system]
    return writes[system]


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_sequential_replay_writes_once(rig: WriteRig, case: WriteCase) -> None:
    store, op = InProcessIdempotencyStore(), case.build(rig, case.system, 1)
    first = await store.run("key-1", "fp", op)
    again = await store.run("key-1", "fp", op)
    assert again == first
    _only(await rig.writes(), case.system, 1)


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_reused_key_with_other_input_writes_nothing_more(rig: WriteRig, case: WriteCase) -> None:
    store = InProcessIdempotencyStore()
    await store.run("key-1", "fp-1", case.build(rig, case.system, 1))
    with pytest.raises(IdempotencyKeyReused):
        await store.run("key-1", "fp-2", case.build(rig, case.system, 2))
    _only(await rig.writes(), case.system, 1)


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_two_concurrent_identical_requests_write_once(rig: WriteRig, case: WriteCase) -> None:
    store, op = InProcessIdempotencyStore(), case.build(rig, case.system, 1)
    first, second = await asyncio.gather(store.run("key-1", "fp", op), store.run("key-1", "fp", op))
    assert first == second
    _only(await rig.writes(), case.system, 1)


UNKEYED = [c for c in CASES if c.system != "billing"]
KEYED = [c for c in CASES if c.system == "billing"]


@pytest.mark.parametrize("case", KEYED, ids=[c.name for c in KEYED])
async def test_timeout_after_commit_is_retried_with_the_same_key(rig: WriteRig, case: WriteCase) -> None:
    """Stripe honours Idempotency-Key: the helper retries the timed-out POST with the same key and the
    vendor replays its first answer instead of writing again."""
    store = InProcessIdempotencyStore()
    op = case.build(rig, f"{case.system}-timeout", 1)
    outcome = await store.run("key-1", "fp", op)
    assert rig.timeouts[case.system].fired
    first, retry = _only(await rig.writes(), case.system, 2)
    assert first["headers"]["idempotency-key"] == retry["headers"]["idempotency-key"] == "key-1"
    assert first["body"] == retry["body"]
    assert await store.run("key-1", "fp", op) == outcome
    if case.name == "issue_credit":
        invoice_id = outcome.invoice_id
        source = BillingSource(rig.clients["billing"], BillingConfig(), SourceCache(CacheConfig()))
        notes = await source._credit_notes(invoice_id, CTX)
        assert [n.id for n in notes if n.id == outcome.id] == [outcome.id]
        assert len({n.id for n in notes}) == len(notes)


@pytest.mark.parametrize("case", UNKEYED, ids=[c.name for c in UNKEYED])
async def test_timeout_after_commit_then_retry_writes_once(rig: WriteRig, case: WriteCase) -> None:
    store = InProcessIdempotencyStore()
    op = case.build(rig, f"{case.system}-timeout", 1)
    with pytest.raises(SourceTimeout):
        await store.run("key-1", "fp", op)
    assert rig.timeouts[case.system].fired
    outcome = await store.run("key-1", "fp", op)
    assert outcome is not None
    _only(await rig.writes(), case.system, 1)
    assert await store.run("key-1", "fp", op) == outcome
