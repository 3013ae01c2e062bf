from __future__ import annotations

from typing import Any

from tests.resolvers.mutations.cases import open_ticket
from tests.resolvers.mutations.documents import ESCALATE_CASE
from tests.resolvers.mutations.helpers import profile, refused, run
from tests.resolvers.writer import WriteGateway, only


def _setup(writer: WriteGateway) -> tuple[str, Any]:
    customer = writer.customer_with(lambda c: open_ticket(c) is not None)
    return customer.account_id, open_ticket(customer)


def _input(customer_id: str, case_id: str, **extra: Any) -> dict[str, Any]:
    return {
        "customerId": customer_id,
        "caseId": case_id,
        "priority": "URGENT",
        "comment": "customer is blocked",
        "idempotencyKey": "escalate-1",
        **extra,
    }


async def test_the_case_is_escalated_in_support_and_the_next_profile_read_shows_it(
    writer: WriteGateway,
) -> None:
    customer_id, ticket = _setup(writer)
    before = await profile(writer, customer_id)
    assert next(c for c in before["cases"] if c["id"] == str(ticket.id))["priority"] != "URGENT"

    result = await run(writer, ESCALATE_CASE, "escalateCase", **_input(customer_id, str(ticket.id)))
    after = await profile(writer, customer_id)

    assert result["__typename"] == "EscalateCaseSuccess"
    assert result["case"]["priority"] == "URGENT"
    assert next(c for c in after["cases"] if c["id"] == str(ticket.id))["priority"] == "URGENT"
    assert writer.writes() == only("support", 1)
    (put,) = writer.write_entries("support")
    assert (put["method"], put["path"]) == ("PUT", f"/api/v2/tickets/{ticket.id}")
    assert '"public":false' in put["body"].replace(" ", "")


async def test_a_blank_comment_is_refused(writer: WriteGateway) -> None:
    customer_id, ticket = _setup(writer)

    result = await refused(
        writer, ESCALATE_CASE, "escalateCase", **_input(customer_id, str(ticket.id), comment="  ")
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "comment")


async def test_another_customers_case_is_refused(writer: WriteGateway) -> None:
    customer_id, ticket = _setup(writer)
    other = writer.customer_with(lambda c: c.account_id != customer_id and c.support_org_exists)

    result = await refused(writer, ESCALATE_CASE, "escalateCase", **_input(other.account_id, str(ticket.id)))

    assert (result["__typename"], result["field"]) == ("ValidationError", "caseId")


async def test_an_unknown_case_is_not_found(writer: WriteGateway) -> None:
    customer_id, _ = _setup(writer)

    result = await refused(writer, ESCALATE_CASE, "escalateCase", **_input(customer_id, "99999999"))

    assert result["__typename"] == "NotFoundError"
