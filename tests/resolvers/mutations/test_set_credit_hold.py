from __future__ import annotations

from tests.resolvers.mutations.documents import SET_CREDIT_HOLD
from tests.resolvers.mutations.helpers import profile, refused, run
from tests.resolvers.writer import WriteGateway, only


async def test_the_hold_is_set_in_the_erp_and_the_next_profile_read_shows_it(writer: WriteGateway) -> None:
    customer = writer.customer_with(lambda c: c.credit_hold != "ON")
    before = await profile(writer, customer.account_id)
    assert before["account"]["legal"]["creditHold"] != "ON"

    result = await run(
        writer,
        SET_CREDIT_HOLD,
        "setCreditHold",
        customerId=customer.account_id,
        hold="ON",
        reason="collections review",
        idempotencyKey="hold-1",
    )
    after = await profile(writer, customer.account_id)

    assert result["__typename"] == "SetCreditHoldSuccess"
    assert result["legalEntity"] == {"erpId": str(customer.erp_id), "creditHold": "ON", "onCreditHold": True}
    assert after["account"]["legal"] == {"creditHold": "ON", "onCreditHold": True}
    assert writer.writes() == only("erp", 1)
    (patch,) = writer.write_entries("erp")
    assert (patch["method"], patch["path"]) == (
        "PATCH",
        f"/services/rest/record/v1/customer/{customer.erp_id}",
    )


async def test_a_blank_reason_is_refused(writer: WriteGateway) -> None:
    customer = writer.universe.customers[0]

    result = await refused(
        writer,
        SET_CREDIT_HOLD,
        "setCreditHold",
        customerId=customer.account_id,
        hold="OFF",
        reason=" ",
        idempotencyKey="hold-1",
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "reason")
