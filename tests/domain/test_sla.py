import itertools
from datetime import UTC, datetime, timedelta

import pytest

from domain.models import CasePriority, SlaPolicy, SlaTarget, Tier
from domain.sla import applicable_sla, select_policy, sla_clock
from tests.domain.builders import case

NOW = datetime(2024, 6, 1, 12, 0, tzinfo=UTC)


def target(priority: str, minutes: int, metric: str = "first_reply_time") -> SlaTarget:
    return SlaTarget(priority=priority, metric=metric, target_minutes=minutes, business_hours=False)


DEFAULT = SlaPolicy(id=1, title="Default", tier=None, position=3, targets=[target("normal", 480)])
ENTERPRISE = SlaPolicy(
    id=2,
    title="Enterprise",
    tier=Tier.ENTERPRISE,
    position=1,
    targets=[target("urgent", 30), target("urgent", 120, "next_reply_time"), target("high", 60)],
)
ENTERPRISE_LATER = SlaPolicy(id=4, title="Enterprise (old)", tier=Tier.ENTERPRISE, position=5)
POLICIES = [DEFAULT, ENTERPRISE_LATER, ENTERPRISE]


def test_policy_selection():
    assert select_policy(Tier.ENTERPRISE, POLICIES) == ENTERPRISE  # lowest position wins
    assert select_policy(Tier.BUSINESS, POLICIES) == DEFAULT  # falls back to the tierless default
    assert select_policy(None, POLICIES) == DEFAULT
    assert select_policy(Tier.BUSINESS, [ENTERPRISE]) is None
    unpositioned = SlaPolicy(id=9, title="x", tier=Tier.STANDARD)
    positioned = SlaPolicy(id=8, title="y", tier=Tier.STANDARD, position=7)
    assert select_policy(Tier.STANDARD, [unpositioned, positioned]) == positioned


def test_targets_by_priority():
    applied = applicable_sla(tier=Tier.ENTERPRISE, policies=POLICIES, open_cases=[], as_of=NOW)
    assert applied.policy == ENTERPRISE
    assert set(applied.targets_by_priority) == {CasePriority.URGENT, CasePriority.HIGH}
    assert [t.target_minutes for t in applied.targets_by_priority[CasePriority.URGENT]] == [30, 120]
    assert applied.breached == () and applied.at_risk == ()


def test_no_policy_at_all():
    applied = applicable_sla(tier=Tier.STANDARD, policies=[], open_cases=[], as_of=NOW)
    assert applied.policy is None and applied.targets_by_priority == {}


def test_breached_and_at_risk():
    cases = [
        case(1, "open", ("first_reply_time", "active", NOW - timedelta(minutes=5))),  # breached
        case(2, "pending", ("next_reply_time", "active", NOW)),  # breach_at == as_of: breached
        case(3, "open", ("first_reply_time", "active", NOW + timedelta(minutes=30))),  # at risk
        case(4, "open", ("first_reply_time", "active", NOW + timedelta(hours=1))),  # at risk, boundary
        case(5, "open", ("first_reply_time", "active", NOW + timedelta(hours=2))),  # fine
        case(6, "open", ("first_reply_time", "paused", NOW - timedelta(hours=1))),  # paused: no breach
        case(7, "open", ("first_reply_time", "achieved", NOW - timedelta(hours=1))),
        case(8, "solved", ("first_reply_time", "active", NOW - timedelta(hours=1))),  # not open
        case(9, "open", ("first_reply_time", "active", None)),
        case(
            10,
            "open",
            ("first_reply_time", "active", NOW - timedelta(minutes=1)),
            ("next_reply_time", "active", NOW + timedelta(minutes=10)),
        ),
    ]
    applied = applicable_sla(tier=Tier.ENTERPRISE, policies=POLICIES, open_cases=cases, as_of=NOW)
    assert applied.breached_case_ids == ("1", "2", "10")
    assert [a.case_id for a in applied.at_risk] == ["3", "4", "10"]
    assert applied.at_risk_case_ids == ("3", "4")
    first = applied.breached[0]
    assert first.minutes_remaining == -5 and first.subject == "case 1"
    assert applied.at_risk[0].minutes_remaining == 30


def test_custom_window_and_validation():
    cases = [case(1, "open", ("first_reply_time", "active", NOW + timedelta(hours=3)))]
    applied = applicable_sla(
        tier=None, policies=POLICIES, open_cases=cases, as_of=NOW, at_risk_within=timedelta(hours=4)
    )
    assert applied.at_risk_case_ids == ("1",)
    with pytest.raises(ValueError, match="timezone"):
        applicable_sla(tier=None, policies=[], open_cases=[], as_of=datetime(2024, 6, 1))
    with pytest.raises(ValueError):
        applicable_sla(tier=None, policies=[], open_cases=[], as_of=NOW, at_risk_within=timedelta(-1))


# The instants around every transition of these cases: each metric's due time, an hour before it (at
# risk), and the minute boundaries of its countdown, each with a second and a microsecond on either side.
CLOCK_CASES = [
    case(1, "open", ("first_reply_time", "active", NOW + timedelta(minutes=2, seconds=30))),
    case(2, "pending", ("next_reply_time", "active", NOW + timedelta(minutes=61, microseconds=7))),
    case(3, "open", ("first_reply_time", "paused", NOW + timedelta(minutes=1))),  # never moves
    case(4, "solved", ("first_reply_time", "active", NOW + timedelta(minutes=1))),  # never moves
]


def _instants() -> list[datetime]:
    marks = [NOW + timedelta(minutes=2, seconds=30), NOW + timedelta(minutes=61, microseconds=7)]
    instants = set()
    for due in marks:
        for anchor in [due - timedelta(hours=1), due, *(due - timedelta(minutes=m) for m in range(-3, 4))]:
            for step in (-1, 0, 1):
                instants.add(anchor + timedelta(seconds=step))
                instants.add(anchor + timedelta(microseconds=step))
    return sorted(instants)


def test_instants_with_the_same_clock_get_the_same_sla():
    instants = _instants()
    answers = {
        at: applicable_sla(tier=Tier.ENTERPRISE, policies=POLICIES, open_cases=CLOCK_CASES, as_of=at)
        for at in instants
    }
    clocks = {at: sla_clock(CLOCK_CASES, at) for at in instants}
    by_clock: dict[object, set[str]] = {}
    for at in instants:
        by_clock.setdefault(clocks[at], set()).add(answers[at].model_dump_json())
    assert all(len(distinct) == 1 for distinct in by_clock.values())
    changes = sum(answers[a] != answers[b] for a, b in itertools.pairwise(instants))
    assert changes > 10  # the instants do cross transitions: at risk, breached, minutes turning
    assert len(set(clocks.values())) > 10


def test_the_clock_counts_only_metrics_that_time_can_move():
    clock = sla_clock(CLOCK_CASES, NOW)
    assert clock == ((False, 2), None)  # case 1 at risk with 2 whole minutes left; case 2 beyond the hour
    assert sla_clock(CLOCK_CASES, NOW + timedelta(minutes=3)) == ((True, -1), (False, 58))
    assert sla_clock(CLOCK_CASES, NOW, at_risk_within=timedelta(hours=2)) == ((False, 2), (False, 61))
