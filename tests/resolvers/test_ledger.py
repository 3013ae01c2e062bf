"""The ledger's per-system summary."""

from __future__ import annotations

from domain.systems import SourceSystem
from resolvers.ledger import Entity, Entry, Ledger, summarise
from sources.errors import SourceTimeout
from sources.results import Fetched


def test_records_outcomes_by_entity_and_key() -> None:
    ledger = Ledger()
    ledger.record(Entity.INVOICES, "cus_A", Fetched([], "live", 12.5))
    ledger.record(Entity.SUBSCRIPTIONS, "cus_A", SourceTimeout(SourceSystem.BILLING, "slow"))
    assert ledger.get(Entity.INVOICES, "cus_A") == Entry("live", 12.5, None)
    assert ledger.get(Entity.SUBSCRIPTIONS, "cus_A") == Entry(None, None, "SOURCE_TIMEOUT")
    assert ledger.get(Entity.CASES, "1") is None


def test_summary_is_live_if_any_load_was_live_and_latency_is_the_max() -> None:
    status = summarise(SourceSystem.CRM, [Entry("cache", 0.1, None), Entry("live", 30.0, None)])
    assert (status.answered, status.origin, status.latency_ms, status.error_code) == (
        True,
        "live",
        30.0,
        None,
    )
    assert summarise(SourceSystem.CRM, [Entry("cache", 0.1, None)]).origin == "cache"


def test_any_failure_means_not_answered() -> None:
    status = summarise(SourceSystem.BILLING, [Entry("live", 5.0, None), Entry(None, None, "SOURCE_TIMEOUT")])
    assert (status.answered, status.error_code) == (False, "SOURCE_TIMEOUT")


def test_entities_know_their_system() -> None:
    assert {e.system for e in Entity} == set(SourceSystem)
