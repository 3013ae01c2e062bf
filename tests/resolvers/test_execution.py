from __future__ import annotations

import enum
import gc
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import pytest
import strawberry
from strawberry.schema.config import StrawberryConfig

from resolvers.execution import CycleFreeExecutionContext, PlannedExecutionContext, clear_plans
from resolvers.schema import build_schema
from resolvers.types.scalars import DecimalScalar
from tests.resolvers.conftest import Gateway
from tests.resolvers.queries import FULL_CUSTOMER, FULL_CUSTOMERS
from tests.support.sandbox import Sandbox


class Owner:
    """A request's context, to see when it is freed."""


@strawberry.enum
class Colour(enum.Enum):
    RED = "red"
    DARK_BLUE = "dark-blue"


@strawberry.type
class Leaf:
    text: str
    number: int
    ratio: float
    flag: bool
    key: strawberry.ID
    colour: Colour
    amount: Decimal
    day: date
    maybe: str | None = None


@strawberry.type
class Inner:
    leaves: list[Leaf]
    tags: list[str]
    optional_tags: list[str | None] | None = None
    first: Leaf | None = None


@strawberry.type
class Other:
    note: str


Either = Annotated[Leaf | Other, strawberry.union("Either")]


@dataclass
class Scenario:
    """What the resolvers of the test schema answer (each test sets its own)."""

    inner: Any = None
    either: Any = None


def leaf(**overrides: Any) -> Leaf:
    values: dict[str, Any] = {
        "text": "t",
        "number": 7,
        "ratio": 0.5,
        "flag": True,
        "key": strawberry.ID("k1"),
        "colour": Colour.DARK_BLUE,
        "amount": Decimal("12.30"),
        "day": date(2026, 11, 25),
        "maybe": None,
    }
    values.update(overrides)
    built = Leaf(**{k: v for k, v in values.items() if k != "maybe"})
    built.maybe = values["maybe"]
    return built


def fine() -> Inner:
    return Inner(
        leaves=[leaf(), leaf(text="u", number=-3, colour=Colour.RED, maybe="m")],
        tags=["a", "b"],
        optional_tags=["x", None],
        first=leaf(flag=False),
    )


@strawberry.type
class Query:
    @strawberry.field
    async def items(self) -> list[Other]:
        return [Other(note="a"), Other(note="b")]

    @strawberry.field
    async def broken(self) -> str | None:
        raise ValueError("boom")

    @strawberry.field
    async def inner(self, info: strawberry.Info[Scenario, None]) -> Inner | None:
        value: Inner | None = info.context.inner
        return value

    @strawberry.field
    def either(self, info: strawberry.Info[Scenario, None]) -> Either | None:
        return info.context.either  # type: ignore[no-any-return]


LEAF_FIELDS = "text number ratio flag key colour amount day maybe __typename"
INNER = f"""
query($withTags: Boolean! = true) {{
  inner {{
    __typename
    leaves {{ {LEAF_FIELDS} }}
    again: leaves {{ text ...More }}
    tags @include(if: $withTags)
    optionalTags
    first {{ ... on Leaf {{ colour day }} number }}
  }}
}}
fragment More on Leaf {{ number colour }}
"""
WITHOUT_DIRECTIVES = f"""
{{
  inner {{
    __typename
    leaves {{ {LEAF_FIELDS} }}
    again: leaves {{ text ...More }}
    tags
    optionalTags
    first {{ ... on Leaf {{ colour day }} number }}
  }}
}}
fragment More on Leaf {{ number colour }}
"""


def schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    config = StrawberryConfig(scalar_map={Decimal: DecimalScalar})
    planned = strawberry.Schema(query=Query, config=config, execution_context_class=PlannedExecutionContext)
    general = strawberry.Schema(query=Query, config=config, execution_context_class=CycleFreeExecutionContext)
    return planned, general


def shape(result: Any) -> tuple[Any, list[tuple[str, Any, Any]]]:
    errors = [(e.message, e.path, e.locations) for e in result.errors or ()]
    return result.data, errors


async def both(
    query: str, scenario: Callable[[], Scenario], variables: dict[str, Any] | None = None
) -> tuple[Any, Any]:
    """The planned answer (checked equal when the plans are cached) and graphql-core's, each over a fresh
    scenario from `scenario`."""
    clear_plans()
    planned, general = schemas()
    first = await planned.execute(query, context_value=scenario(), variable_values=variables)
    again = await planned.execute(query, context_value=scenario(), variable_values=variables)  # plans cached
    expected = await general.execute(query, context_value=scenario(), variable_values=variables)
    assert shape(again) == shape(first)
    return shape(first), shape(expected)


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
    schema, _ = schemas()
    owner = Owner()
    freed = weakref.ref(owner)

    result = await schema.execute("{ items { note } }", context_value=owner)
    del owner

    assert result.errors is None
    assert result.data == {"items": [{"note": "a"}, {"note": "b"}]}
    assert freed() is None


async def test_a_request_with_errors_answers_as_before() -> None:
    got, expected = await both("{ items { note } broken }", Scenario)

    assert got == expected
    assert got[0] == {"items": [{"note": "a"}, {"note": "b"}], "broken": None}
    assert [message for message, _, _ in got[1]] == ["boom"]


@pytest.mark.parametrize("query", [INNER, WITHOUT_DIRECTIVES])
async def test_plain_values_complete_exactly_as_graphql_core_does(query: str) -> None:
    got, expected = await both(query, lambda: Scenario(inner=fine()))

    assert got == expected
    assert got[1] == []
    leaves = got[0]["inner"]["leaves"]
    assert leaves[0] == {
        "text": "t",
        "number": 7,
        "ratio": 0.5,
        "flag": True,
        "key": "k1",
        "colour": "DARK_BLUE",
        "amount": "12.30",
        "day": "2026-11-25",
        "maybe": None,
        "__typename": "Leaf",
    }
    assert got[0]["inner"]["again"][1] == {"text": "u", "number": -3, "colour": "RED"}


async def test_a_plain_subtree_is_completed_by_plan_not_field_by_field() -> None:
    completed: list[str] = []

    class Counting(PlannedExecutionContext):
        def collect_and_execute_subfields(self, return_type: Any, *args: Any, **kwargs: Any) -> Any:
            completed.append(return_type.name)
            return super().collect_and_execute_subfields(return_type, *args, **kwargs)

    clear_plans()
    schema = strawberry.Schema(
        query=Query,
        config=StrawberryConfig(scalar_map={Decimal: DecimalScalar}),
        execution_context_class=Counting,
    )
    result = await schema.execute(WITHOUT_DIRECTIVES, context_value=Scenario(inner=fine()))

    assert result.errors is None
    assert completed == []  # Inner, its leaves and `first` never reach graphql-core's object completion


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(lambda inner: setattr(inner.leaves[1], "text", None), id="null in a non-null field"),
        pytest.param(lambda inner: setattr(inner.leaves[0], "number", 2**31), id="int beyond 32 bits"),
        pytest.param(lambda inner: setattr(inner.leaves[0], "ratio", float("nan")), id="nan float"),
        pytest.param(lambda inner: setattr(inner.leaves[0], "number", "12"), id="numeric string for an int"),
        pytest.param(lambda inner: setattr(inner.leaves[0], "number", True), id="bool for an int"),
        pytest.param(lambda inner: setattr(inner.leaves[0], "text", 3), id="int for a string"),
        pytest.param(lambda inner: setattr(inner.leaves[0], "colour", "RED"), id="name for an enum"),
        pytest.param(lambda inner: setattr(inner.leaves[0], "colour", "purple"), id="unknown enum value"),
        pytest.param(lambda inner: setattr(inner.leaves[0], "text", ValueError("x")), id="exception value"),
        pytest.param(lambda inner: setattr(inner, "tags", None), id="null list in a non-null field"),
        pytest.param(lambda inner: setattr(inner, "tags", iter(["g", "h"])), id="iterator for a list"),
        pytest.param(lambda inner: setattr(inner, "tags", "ab"), id="string for a list"),
        pytest.param(lambda inner: setattr(inner, "first", Other(note="n")), id="wrong object"),
        pytest.param(lambda inner: setattr(inner.leaves[0], "key", 42), id="int for an id"),
    ],
)
async def test_values_the_plan_does_not_take_answer_as_graphql_core_answers(broken: Any) -> None:
    def scenario() -> Scenario:
        inner = fine()
        broken(inner)
        return Scenario(inner=inner)

    got, expected = await both(WITHOUT_DIRECTIVES, scenario)

    assert got == expected


async def test_directives_and_abstract_types_answer_as_graphql_core_answers() -> None:
    query = (
        "query($t: Boolean!) { inner { tags @include(if: $t) optionalTags } either { ... on Leaf { text } } }"
    )
    for flag in (True, False):
        got, expected = await both(query, lambda: Scenario(inner=fine(), either=leaf()), {"t": flag})
        assert got == expected
        assert ("tags" in got[0]["inner"]) is flag


async def test_the_gateway_profile_is_the_same_with_and_without_plans(
    gateway: Gateway, sandbox: Sandbox
) -> None:
    planned, general = build_schema(), build_schema(planned_completion=False)
    ids = [sandbox.customer(index).account_id for index in range(0, 60, 3)]

    for query, variables in ((FULL_CUSTOMER, {"id": ids[0]}), (FULL_CUSTOMERS, {"ids": ids})):
        # Every answer from the cache, so that `sources` (origin, latency) is the same in each.
        await gateway.execute(query, **variables)
        answers = []
        for schema in (planned, general, planned):
            result = await schema.execute(query, variable_values=variables, context_value=gateway.context())
            answers.append(shape(result))
        assert answers[0] == answers[1] == answers[2]
        assert answers[0][1] == []
