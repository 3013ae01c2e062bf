from __future__ import annotations

from datetime import date
from typing import Any

from domain.writes import contract_end
from tests.resolvers.mutations.cases import activated_contract
from tests.resolvers.mutations.documents import RENEW_CONTRACT
from tests.resolvers.mutations.helpers import profile, refused, run
from tests.resolvers.writer import WriteGateway, only


def _setup(writer: WriteGateway) -> tuple[str, Any]:
    customer = writer.customer_with(lambda c: activated_contract(c) is not None)
    return customer.account_id, activated_contract(customer)


def _input(customer_id: str, contract_id: str, **terms: Any) -> dict[str, Any]:
    return {"customerId": customer_id, "contractId": contract_id, "idempotencyKey": "renew-1", **terms}


async def test_a_term_extension_is_written_to_the_crm_and_read_back(writer: WriteGateway) -> None:
    customer_id, contract = _setup(writer)
    await profile(writer, customer_id)  # fills the cache

    result = await run(
        writer, RENEW_CONTRACT, "renewContract", **_input(customer_id, contract.id, termMonths=12)
    )
    after = await profile(writer, customer_id)

    expected_end = contract_end(contract.start_date, contract.term_months + 12).isoformat()
    assert result["__typename"] == "RenewContractSuccess"
    assert result["contract"]["termMonths"] == contract.term_months + 12
    assert result["contract"]["endDate"] == expected_end
    assert next(k for k in after["contracts"] if k["id"] == contract.id)["endDate"] == expected_end
    assert writer.writes() == only("crm", 1)
    (patch,) = writer.write_entries("crm")
    assert patch["method"] == "PATCH"
    assert patch["path"].endswith(f"/sobjects/Contract/{contract.id}")


async def test_a_new_end_date_on_a_month_boundary_is_accepted(writer: WriteGateway) -> None:
    customer_id, contract = _setup(writer)
    end = contract_end(contract.start_date, contract.term_months + 6)

    result = await run(
        writer,
        RENEW_CONTRACT,
        "renewContract",
        **_input(customer_id, contract.id, newEndDate=end.isoformat()),
    )

    assert result["contract"]["endDate"] == end.isoformat()
    assert writer.writes() == only("crm", 1)


async def test_an_end_date_before_the_current_one_is_refused(writer: WriteGateway) -> None:
    customer_id, contract = _setup(writer)

    result = await refused(
        writer, RENEW_CONTRACT, "renewContract", **_input(customer_id, contract.id, newEndDate="2001-01-31")
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "newEndDate")


async def test_an_end_date_off_a_month_boundary_is_refused_with_the_nearest_ones(
    writer: WriteGateway,
) -> None:
    customer_id, contract = _setup(writer)
    end = contract_end(contract.start_date, contract.term_months + 6)
    off = date.fromordinal(end.toordinal() - 3)

    result = await refused(
        writer,
        RENEW_CONTRACT,
        "renewContract",
        **_input(customer_id, contract.id, newEndDate=off.isoformat()),
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "newEndDate")
    assert end.isoformat() in result["message"]


async def test_both_or_neither_of_term_and_end_date_is_refused(writer: WriteGateway) -> None:
    customer_id, contract = _setup(writer)

    neither = await refused(writer, RENEW_CONTRACT, "renewContract", **_input(customer_id, contract.id))
    both = await refused(
        writer,
        RENEW_CONTRACT,
        "renewContract",
        **_input(customer_id, contract.id, termMonths=12, newEndDate="2040-01-31"),
    )

    assert neither["field"] == both["field"] == "termMonths"


async def test_an_out_of_range_term_is_refused(writer: WriteGateway) -> None:
    customer_id, contract = _setup(writer)

    result = await refused(
        writer, RENEW_CONTRACT, "renewContract", **_input(customer_id, contract.id, termMonths=0)
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "termMonths")


async def test_another_customers_contract_is_refused(writer: WriteGateway) -> None:
    _, contract = _setup(writer)
    other = writer.customer_with(
        lambda c: activated_contract(c) is not None and c.contracts[0].id != contract.id
    )

    result = await refused(
        writer, RENEW_CONTRACT, "renewContract", **_input(other.account_id, contract.id, termMonths=12)
    )

    assert (result["__typename"], result["field"]) == ("ValidationError", "contractId")
