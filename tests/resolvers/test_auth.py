from __future__ import annotations

import pytest

from resolvers.auth import ALL_SCOPES, Principal, Scope
from tests.resolvers.mutations.cases import CASES, IDS, MutationCase
from tests.resolvers.writer import NONE, WriteGateway

PROFILE = "query($id: ID!) { customer(id: $id) { id account { name } } }"
READ_ONLY = Principal("dashboard", frozenset({Scope.PROFILE_READ}))
CREDITS_ONLY = Principal("refund-bot", frozenset({Scope.CREDITS_WRITE}))
SCOPE_OF = {
    "amendSubscription": Scope.SUBSCRIPTIONS_WRITE,
    "issueCredit": Scope.CREDITS_WRITE,
    "renewContract": Scope.CONTRACTS_WRITE,
    "escalateCase": Scope.CASES_WRITE,
    "setCreditHold": Scope.CREDIT_HOLD_WRITE,
}


def _codes(result: object) -> list[str]:
    return [e.extensions["code"] for e in result.errors]  # type: ignore[attr-defined]


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_a_read_only_key_cannot_mutate_and_nothing_is_written(
    writer: WriteGateway, case: MutationCase
) -> None:
    result = await writer.execute(case.document, input=case.input(writer.universe), principal=READ_ONLY)

    assert result.data[case.name] is None
    assert _codes(result) == ["FORBIDDEN"]
    assert SCOPE_OF[case.name].value in result.errors[0].message
    assert writer.calls() == 0
    assert writer.writes() == NONE
    (record,) = writer.audit.records
    assert (record.principal, record.mutation, record.outcome) == ("dashboard", case.name, "FORBIDDEN")


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_each_mutation_needs_its_own_scope(writer: WriteGateway, case: MutationCase) -> None:
    everything_else = Principal("almost", ALL_SCOPES - {SCOPE_OF[case.name]})

    result = await writer.execute(case.document, input=case.input(writer.universe), principal=everything_else)

    assert _codes(result) == ["FORBIDDEN"]
    assert writer.calls() == 0


async def test_a_credits_only_key_cannot_read_the_profile(writer: WriteGateway) -> None:
    customer = writer.universe.customers[0]

    result = await writer.execute(PROFILE, id=customer.account_id, principal=CREDITS_ONLY)

    assert result.data == {"customer": None}
    assert _codes(result) == ["FORBIDDEN"]
    assert writer.calls() == 0


@pytest.mark.parametrize(
    "query",
    [
        '{ customers(ids: ["001000000000000AAA"]) { id } }',
        '{ customerByExternalId(system: BILLING, id: "cus_abc") { id } }',
        '{ searchCustomers(name: "a") { id } }',
        '{ _entities(representations: [{__typename: "Customer", id: "001000000000000AAA"}]) { __typename } }',
    ],
    ids=["customers", "byExternalId", "search", "entities"],
)
async def test_every_read_entry_point_needs_profile_read(writer: WriteGateway, query: str) -> None:
    result = await writer.execute(query, principal=CREDITS_ONLY)

    assert _codes(result) == ["FORBIDDEN"]
    assert writer.calls() == 0


async def test_no_principal_reads_nothing(writer: WriteGateway) -> None:
    result = await writer.execute(PROFILE, id=writer.universe.customers[0].account_id, principal=None)

    assert _codes(result) == ["FORBIDDEN"]
    assert writer.calls() == 0


def test_a_principal_allows_only_its_scopes() -> None:
    assert READ_ONLY.allows(Scope.PROFILE_READ)
    assert not READ_ONLY.allows(Scope.CREDITS_WRITE)
    assert {s.value for s in Scope} == {
        "profile:read",
        "subscriptions:write",
        "credits:write",
        "contracts:write",
        "cases:write",
        "credit-hold:write",
    }
