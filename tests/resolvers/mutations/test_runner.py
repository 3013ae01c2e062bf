from __future__ import annotations

import asyncio
from typing import Any

import pytest

from domain.ownership import WriteOperation
from resolvers.auth import Principal, Scope
from resolvers.mutations.runner import Target, WriteCall, forwarded_key, run_write
from sources.crm.client import CrmSource
from tests.resolvers.mutations.cases import CASES, IDS, MutationCase
from tests.resolvers.writer import NONE, WriteGateway, only


def payload(result: Any, case: MutationCase) -> dict[str, Any]:
    assert result.errors is None, result.errors
    data: dict[str, Any] = result.data[case.name]
    return data


# --- every mutation: one write on its owning system, none anywhere else ---------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_success_writes_once_on_the_owning_system_only(
    writer: WriteGateway, case: MutationCase
) -> None:
    result = payload(await writer.execute(case.document, input=case.input(writer.universe)), case)

    assert result["__typename"] == case.success
    assert writer.writes() == only(case.system, 1)


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_the_same_key_and_input_twice_writes_once_and_answers_the_same(
    writer: WriteGateway, case: MutationCase
) -> None:
    given = case.input(writer.universe)
    first = payload(await writer.execute(case.document, input=given), case)
    again = payload(await writer.execute(case.document, input=given), case)

    assert again == first
    assert first["__typename"] == case.success
    assert writer.writes() == only(case.system, 1)
    assert [r.outcome for r in writer.audit.records] == ["success", "replayed"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_the_same_key_with_other_input_is_refused_and_writes_nothing_more(
    writer: WriteGateway, case: MutationCase
) -> None:
    await writer.execute(case.document, input=case.input(writer.universe, variant=1))
    refused = payload(await writer.execute(case.document, input=case.input(writer.universe, variant=2)), case)

    assert refused["__typename"] == "IdempotencyKeyReusedError"
    assert refused["code"] == "IDEMPOTENCY_KEY_REUSED"
    assert writer.writes() == only(case.system, 1)
    assert writer.audit.records[-1].outcome == "IdempotencyKeyReusedError"


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_two_identical_concurrent_requests_write_once(writer: WriteGateway, case: MutationCase) -> None:
    given = case.input(writer.universe)
    first, second = await asyncio.gather(
        writer.execute(case.document, input=given), writer.execute(case.document, input=given)
    )

    assert payload(first, case) == payload(second, case)
    assert payload(first, case)["__typename"] == case.success
    assert writer.writes() == only(case.system, 1)
    assert sorted(r.outcome for r in writer.audit.records) == ["replayed", "success"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_a_timeout_after_commit_then_a_retry_writes_once(make_writer: Any, case: MutationCase) -> None:
    writer: WriteGateway = await make_writer(time_out=case.system)
    given = case.input(writer.universe)

    first = await writer.execute(case.document, input=given)
    assert writer.timeouts[case.system].fired
    if first.errors is not None:
        assert first.data[case.name] is None
        assert [e.extensions["code"] for e in first.errors] == ["SOURCE_TIMEOUT"]
    # else: the HTTP layer resent the keyed POST and Stripe answered the committed write (billing only).
    retried = payload(await writer.execute(case.document, input=given), case)
    again = payload(await writer.execute(case.document, input=given), case)

    assert retried["__typename"] == case.success
    assert again == retried
    assert writer.committed() == only(case.system, 1)
    if case.system != "billing":
        assert writer.writes() == only(case.system, 1)
        assert [r.outcome for r in writer.audit.records] == ["SOURCE_TIMEOUT", "success", "replayed"]


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_keys_are_scoped_per_caller(writer: WriteGateway, case: MutationCase) -> None:
    other = Principal("finance-script", frozenset(Scope))
    await writer.execute(case.document, input=case.input(writer.universe, variant=1))
    # Another caller's same key is its own request: not a reuse (its own write, on the same system).
    result = payload(
        await writer.execute(case.document, input=case.input(writer.universe, variant=2), principal=other),
        case,
    )

    assert result["__typename"] == case.success
    assert writer.writes() == only(case.system, 2)


@pytest.mark.parametrize("key", ["", "   ", "k" * 256], ids=["empty", "blank", "too-long"])
@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_a_missing_or_too_long_key_is_refused_before_any_call(
    writer: WriteGateway, case: MutationCase, key: str
) -> None:
    result = payload(await writer.execute(case.document, input=case.input(writer.universe, key=key)), case)

    assert result["__typename"] == "ValidationError"
    assert result["field"] == "idempotencyKey"
    assert writer.calls() == 0


async def test_an_absent_key_is_a_graphql_validation_error(writer: WriteGateway) -> None:
    case = CASES[0]
    given = case.input(writer.universe)
    del given["idempotencyKey"]

    result = await writer.execute(case.document, input=given)

    assert result.errors and "idempotencyKey" in result.errors[0].message
    assert writer.calls() == 0


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_an_unknown_customer_is_not_found_and_writes_nothing(
    writer: WriteGateway, case: MutationCase
) -> None:
    given = {**case.input(writer.universe), "customerId": "001000000000000AAA"}
    result = payload(await writer.execute(case.document, input=given), case)

    assert result["__typename"] in ("NotFoundError", "ValidationError")
    assert writer.writes() == NONE


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_a_malformed_customer_id_is_a_validation_error(
    writer: WriteGateway, case: MutationCase
) -> None:
    given = {**case.input(writer.universe), "customerId": "not-an-id"}
    result = payload(await writer.execute(case.document, input=given), case)

    assert (result["__typename"], result["field"]) == ("ValidationError", "customerId")
    assert writer.calls() == 0


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_a_system_down_is_a_coded_graphql_error_and_audited(
    writer: WriteGateway, case: MutationCase
) -> None:
    from sandbox.common.faults import Faults

    writer.apps[case.system].faults = Faults(down=True)
    result = await writer.execute(case.document, input=case.input(writer.universe))

    assert result.data[case.name] is None
    assert [(e.extensions["code"], e.extensions["source"]) for e in result.errors] == [
        ("SOURCE_UNAVAILABLE", case.system)
    ]
    # Nothing committed: at most the owning system saw (and refused, down) the write; no other was asked.
    assert all(e["status"] >= 500 for e in writer.write_entries(case.system))
    assert {k: v for k, v in writer.writes().items() if k != case.system} == {
        k: 0 for k in NONE if k != case.system
    }
    assert [r.outcome for r in writer.audit.records] == ["SOURCE_UNAVAILABLE"]


# --- audit --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=IDS)
async def test_each_attempt_leaves_one_audit_record_naming_the_principal(
    writer: WriteGateway, case: MutationCase
) -> None:
    given = case.input(writer.universe, key="order-7731")
    await writer.execute(case.document, input=given)

    (record,) = writer.audit.records
    data = record.as_dict()
    assert data["principal"] == "agent-console"
    assert data["mutation"] == case.name
    assert data["idempotency_key"] == "order-7731"
    assert data["system"] == case.system
    assert data["customer_id"] == given["customerId"]
    assert data["object_id"]
    assert data["outcome"] == "success"
    assert data["latency_ms"] >= 0
    assert data["time"].endswith("+00:00")


# --- routing ------------------------------------------------------------------------------------------


async def test_a_write_sent_to_a_system_that_does_not_own_the_fact_is_refused_before_any_io(
    writer: WriteGateway,
) -> None:
    context = await _context(writer)
    customer = writer.universe.customers[0]

    async def perform(call: WriteCall) -> Any:
        crm = call.owner(CrmSource)  # a credit note is billing's: the CRM must never be asked
        raise AssertionError(f"routed to {crm}")

    target = Target(WriteOperation.ISSUE_CREDIT, "issueCredit", customer.account_id, None)
    result = await run_write(context, target, "key-1", {}, perform)

    assert type(result).__name__ == "NotOwnerError"
    assert "crm does not own credit_note; billing does" in result.message
    assert writer.calls() == 0
    assert writer.audit.records[0].outcome == "NotOwnerError"


def test_the_forwarded_key_is_a_fixed_length_digest_of_the_scoped_key() -> None:
    assert forwarded_key("a:k") == forwarded_key("a:k")
    assert forwarded_key("a:k") != forwarded_key("b:k")
    assert len(forwarded_key("a:" + "k" * 255)) == len("tessera-") + 64


async def _context(writer: WriteGateway) -> Any:
    from resolvers.context import build_context
    from resolvers.mutations.runner import WritePath
    from sources.context import CallContext
    from tests.resolvers.writer import EVERY_SCOPE

    return build_context(
        sources=writer.sources,
        call=CallContext(request_id="req-runner"),
        principal=EVERY_SCOPE,
        writes=WritePath(writer.sources, writer.store, writer.audit),
    )
