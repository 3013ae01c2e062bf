from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any, cast

import pytest

from domain.systems import SourceSystem
from resolvers.ledger import Entity, Ledger
from resolvers.loaders import Loaders
from resolvers.profile import START_ORDER, CustomerProfile
from sources.errors import SourceUnavailable
from sources.results import Fetched
from tests.domain.builders import account

CUSTOMER = "001000000000001AAA"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)


class Recorder:
    """A loader that answers at once (or when released) and notes the order it was asked in."""

    def __init__(
        self, entity: Entity, asked: list[Entity], value: Any, gate: asyncio.Event | None = None
    ) -> None:
        self.entity, self.asked, self.value, self.gate = entity, asked, value, gate

    def load(self, key: str) -> asyncio.Future[Any]:
        self.asked.append(self.entity)
        return asyncio.ensure_future(self._answer())

    async def _answer(self) -> Any:
        if self.gate is not None:
            await self.gate.wait()
        if isinstance(self.value, Exception):
            raise self.value
        return self.value


class CrmRecorder:
    """The CRM loader, keyed by (part, customer id): each part answered by its own recorder."""

    def __init__(self, *parts: Recorder) -> None:
        self.parts = {part.entity: part for part in parts}

    def load(self, key: tuple[Entity, str]) -> asyncio.Future[Any]:
        entity, customer_id = key
        return self.parts[entity].load(customer_id)


def loaders(
    asked: list[Entity],
    gate: asyncio.Event | None = None,
    cached: dict[Entity, Any] | None = None,
    **values: Any,
) -> Loaders:
    crm = account(id=CUSTOMER, erp_customer_id="42", billing_customer_id="cus_A", support_org_id="7")

    def make(entity: Entity, default: Any) -> Any:
        return Recorder(entity, asked, values.get(entity.value, default), gate)

    return cast(
        Loaders,
        type(
            "FakeLoaders",
            (),
            {
                "ledger": Ledger(),
                "crm": CrmRecorder(
                    make(Entity.ACCOUNTS, crm),
                    make(Entity.CONTRACTS, []),
                    make(Entity.ENTITLEMENTS, []),
                ),
                "erp_legal": make(Entity.LEGAL, None),
                "billing_subscriptions": make(Entity.SUBSCRIPTIONS, []),
                "billing_invoices": make(Entity.INVOICES, []),
                "support_cases": make(Entity.CASES, []),
                "support_policies": make(Entity.SLA_POLICIES, []),
                # `cached`: what the source cache holds fresh (by default nothing: every part is loaded).
                "peek": lambda self, entity, key: (
                    Fetched(cached[entity], "cache", 0.0, 1.0) if cached and entity in cached else None
                ),
            },
        )(),
    )


async def _all_in(profile: CustomerProfile) -> None:
    """Wait until every started load is done."""
    statuses = profile.when_ready(None, profile.statuses_now)
    if not isinstance(statuses, list):
        await statuses


async def test_the_account_is_asked_first_and_what_waits_for_it_heaviest_first() -> None:
    asked: list[Entity] = []
    profile = CustomerProfile(CUSTOMER, loaders(asked), NOW)

    profile.start(frozenset(Entity))
    await _all_in(profile)

    assert asked[0] is Entity.ACCOUNTS
    waiting_for_the_account = [
        e for e in asked if e.system is not SourceSystem.CRM and e is not Entity.SLA_POLICIES
    ]
    assert waiting_for_the_account == [Entity.INVOICES, Entity.SUBSCRIPTIONS, Entity.CASES, Entity.LEGAL]
    assert sorted(asked) == sorted(START_ORDER) == sorted(Entity)


async def test_a_part_is_built_in_place_once_loaded_and_awaited_before() -> None:
    asked: list[Entity] = []
    gate = asyncio.Event()
    profile = CustomerProfile(CUSTOMER, loaders(asked, gate, contracts=["c1"]), NOW)
    profile.start({Entity.ACCOUNTS, Entity.CONTRACTS})

    pending = profile.when_ready((Entity.CONTRACTS,), profile.contracts_now)
    assert asyncio.iscoroutine(pending)
    gate.set()
    assert await pending == ["c1"]

    ready: Any = profile.when_ready((Entity.CONTRACTS,), profile.contracts_now)
    assert ready == ["c1"]


async def test_a_failed_part_raises_its_error_in_place() -> None:
    asked: list[Entity] = []
    down = SourceUnavailable(SourceSystem.BILLING, "billing is down")
    profile = CustomerProfile(CUSTOMER, loaders(asked, invoices=down), NOW)
    profile.start({Entity.ACCOUNTS, Entity.INVOICES})
    await _all_in(profile)

    with pytest.raises(SourceUnavailable) as raised:
        profile.when_ready((Entity.INVOICES,), profile.invoices_now)
    assert raised.value is down


async def test_a_kept_key_names_the_customer_the_day_and_the_cached_answers() -> None:
    contracts, invoices = ["c1"], ["i1"]
    crm = account(id=CUSTOMER, erp_customer_id="42", billing_customer_id="cus_A", support_org_id="7")
    cached = {Entity.ACCOUNTS: crm, Entity.CONTRACTS: contracts, Entity.INVOICES: invoices}
    profile = CustomerProfile(CUSTOMER, loaders([], cached=cached), NOW)
    profile.start({Entity.ACCOUNTS, Entity.CONTRACTS, Entity.INVOICES})

    daily = profile.kept_key((Entity.ACCOUNTS, Entity.INVOICES), daily=True)
    plain = profile.kept_key((Entity.CONTRACTS,))

    assert daily is not None and plain is not None
    assert daily[0] == (CUSTOMER, NOW.date(), ())
    assert [type(part) for part in daily[1]] == [type(crm), list]
    assert daily[1][0] is crm and daily[1][1] is invoices  # the cache's own objects: compared by identity
    assert plain == ((CUSTOMER, None, ()), (contracts,))


async def test_no_kept_key_while_a_part_is_loaded_rather_than_read_from_the_cache() -> None:
    asked: list[Entity] = []
    crm = account(id=CUSTOMER, erp_customer_id="42", billing_customer_id="cus_A", support_org_id="7")
    profile = CustomerProfile(CUSTOMER, loaders(asked, cached={Entity.ACCOUNTS: crm}), NOW)
    profile.start({Entity.ACCOUNTS, Entity.CONTRACTS})
    await _all_in(profile)

    assert asked == [Entity.CONTRACTS]  # the account from the cache, the contracts loaded
    assert profile.kept_key((Entity.ACCOUNTS,)) == ((CUSTOMER, None, ()), (crm,))
    assert profile.kept_key((Entity.ACCOUNTS, Entity.CONTRACTS)) is None  # a live answer: not kept
    assert profile.kept_key((Entity.LEGAL,)) is None  # never started
    assert profile.kept_key((Entity.ACCOUNTS,), if_started=(Entity.CONTRACTS,)) is None  # started, live


async def test_a_part_read_only_when_selected_counts_in_the_key_only_when_started() -> None:
    crm = account(id=CUSTOMER, erp_customer_id="42", billing_customer_id="cus_A", support_org_id="7")
    legal = object()
    cached = {Entity.ACCOUNTS: crm, Entity.LEGAL: legal}
    alone = CustomerProfile(CUSTOMER, loaders([], cached=cached), NOW)
    alone.start({Entity.ACCOUNTS})
    with_legal = CustomerProfile(CUSTOMER, loaders([], cached=cached), NOW)
    with_legal.start({Entity.ACCOUNTS, Entity.LEGAL})

    assert alone.kept_key((Entity.ACCOUNTS,), if_started=(Entity.LEGAL,)) == ((CUSTOMER, None, ()), (crm,))
    assert with_legal.kept_key((Entity.ACCOUNTS,), if_started=(Entity.LEGAL,)) == (
        (CUSTOMER, None, (Entity.LEGAL,)),
        (crm, legal),
    )


async def test_all_in_waits_for_every_started_load_and_never_raises_their_errors() -> None:
    gate = asyncio.Event()
    down = SourceUnavailable(SourceSystem.BILLING, "billing is down")
    profile = CustomerProfile(CUSTOMER, loaders([], gate, invoices=down, contracts=["c1"]), NOW)
    assert profile.all_in() is None  # nothing started

    profile.start({Entity.ACCOUNTS, Entity.CONTRACTS, Entity.INVOICES})
    settling = profile.all_in()
    assert settling is not None
    waiter = asyncio.ensure_future(settling)
    await asyncio.sleep(0)
    assert not waiter.done()  # the gate holds every load
    gate.set()
    await waiter

    assert profile.all_in() is None
    contracts: list[Any] = profile.contracts_now()
    assert contracts == ["c1"]
    with pytest.raises(SourceUnavailable):
        profile.invoices_now()
