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
    result = await writer.execute(documents.PROFILE, id=customer_id)
    assert result.errors is None, result.errors
    customer: dict[str, Any] = result.data["customer"]
    return customer
