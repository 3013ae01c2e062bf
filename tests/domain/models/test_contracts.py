from datetime import date

from domain.models import Entitlement, EntitlementStatus, is_contract_in_force
from tests.domain.builders import contract


def test_contract_in_force_only_when_activated_and_within_dates():
    active = contract()
    assert active.id == "800000000000001AAA"
    assert is_contract_in_force(active, date(2024, 5, 1))
    assert is_contract_in_force(active, date(2025, 4, 30))
    assert not is_contract_in_force(active, date(2025, 5, 1))
    assert not is_contract_in_force(active, date(2024, 4, 30))
    assert contract(end=None).is_in_force(date(2030, 1, 1))
    assert not contract("draft").is_in_force(date(2024, 6, 1))
    assert not contract("expired").is_in_force(date(2024, 6, 1))


def test_entitlement():
    ent = Entitlement(
        id="550000000000001",
        name="Premier",
        status=EntitlementStatus.ACTIVE,
        is_per_incident=True,
        cases_per_entitlement=10,
        remaining_cases=-1,
    )
    assert ent.id.endswith("AAA") and ent.remaining_cases == -1
