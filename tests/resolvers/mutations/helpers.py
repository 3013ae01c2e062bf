"""Small helpers shared by the mutation tests."""

from __future__ import annotations

from typing import Any

from tests.resolvers.mutations import documents
from tests.resolvers.writer import NONE, WriteGateway


async def run(writer: WriteGateway, document: str, field: str, **given: Any) -> dict[str, Any]:
    result = await writer.execute(document, input=given)
    assert result.errors is None, result.errors
    payload: dict[str, Any] = result.data[field]
    return payload


async def refused(writer: WriteGateway, document: str, field: str, **given: Any) -> dict[str, Any]:
    """Run a mutation that must be refused: its failure payload, with no write on any system."""
    payload = await run(writer, document, field, **given)
    assert payload["__typename"] != "Success"
    assert writer.writes() == NONE
    return payload


async def profile(writer: WriteGateway, customer_id: str) -> dict[str, Any]:
    """The customer's profile, read twice: the first read loads (or reads the cache), the second reads the
    cache, where fields built from cached answers are kept and answered again while those answers stay
    the same objects. Both must agree, and the kept newest invoices and cases must agree with the same
    lists read with arguments (never kept): a write that left a kept value standing would show here."""
    first, second = await _read(writer, customer_id), await _read(writer, customer_id)
    assert second == first
    for recent, full in (("recentInvoices", "invoices"), ("recentCases", "cases")):
        by_id = {item["id"]: item for item in second[full]}
        assert all(item == by_id[item["id"]] for item in second[recent])
    return second


async def _read(writer: WriteGateway, customer_id: str) -> dict[str, Any]:
    result = await writer.execute(documents.PROFILE, id=customer_id)
    assert result.errors is None, result.errors
    customer: dict[str, Any] = result.data["customer"]
    return customer
