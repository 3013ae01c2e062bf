from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
import strawberry

from resolvers.execution import CycleFreeExecutionContext


class Owner:
    """A request's context, to see when it is freed."""


@strawberry.type
class Item:
    name: str


@strawberry.type
class Query:
    @strawberry.field
    async def items(self) -> list[Item]:
        return [Item(name="a"), Item(name="b")]

    @strawberry.field
    async def broken(self) -> str | None:
        raise ValueError("boom")


@pytest.fixture
def no_collector() -> Iterator[None]:
    enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


async def test_a_complete_request_is_freed_without_the_collector(no_collector: None) -> None:
    schema = strawberry.Schema(query=Query, execution_context_class=CycleFreeExecutionContext)
    owner = Owner()
    freed = weakref.ref(owner)

    result = await schema.execute("{ items { name } }", context_value=owner)
    del owner

    assert result.errors is None
    assert result.data == {"items": [{"name": "a"}, {"name": "b"}]}
    assert freed() is None


async def test_a_request_with_errors_answers_as_before() -> None:
    schema = strawberry.Schema(query=Query, execution_context_class=CycleFreeExecutionContext)
    plain = strawberry.Schema(query=Query)
    query = "{ items { name } broken }"

    result = await schema.execute(query, context_value=Owner())
    expected = await plain.execute(query, context_value=Owner())

    assert result.data == expected.data == {"items": [{"name": "a"}, {"name": "b"}], "broken": None}
    assert [e.message for e in result.errors or ()] == [e.message for e in expected.errors or ()] == ["boom"]
