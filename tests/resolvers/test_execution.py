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

from resolvers.execution import CycleFreeExecutionContext, PlannedExecutionContext, clear_plans, in_place
from resolvers.schema import build_schema
from resolvers.types.scalars import DecimalScalar
from sandbox.common.faults import Faults
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


@dataclass
class Parts:
    """What the resolvers of a `Mixed` answer: a value, an exception to raise, or a function making the
    answer anew on each call (a fresh awaitable, as an in-place resolver must return)."""

    label: Any = "L"
    count: Any = 3
    leaf: Any = None

    def get(self, name: str) -> Any:
        value = getattr(self, name)
        return value() if callable(value) else value


async def _later(value: Any) -> Any:
    if isinstance(value, Exception):
        raise value
    return value


@strawberry.type
class Mixed:
    """Plain fields, resolvers that take only the object, and one with an argument."""

    name: str
    parts: strawberry.Private[Parts]

    @strawberry.field
    @in_place
    def label(self) -> str:
        value = self.parts.get("label")
        if isinstance(value, Exception):
            raise value
        return value  # type: ignore[no-any-return]

    @strawberry.field
    @in_place
    def count(self) -> int | None:
        return self.parts.get("count")  # type: ignore[no-any-return]

    @strawberry.field
    @in_place
    def first_leaf(self) -> Leaf | None:
        return self.parts.get("leaf")  # type: ignore[no-any-return]

    @strawberry.field
    def not_marked(self) -> str:
        return self.name.upper()

    @strawberry.field
    @in_place
    def scaled(self, by: int = 2) -> int | None:
        count = self.parts.count  # as stored: a function making an awaitable is not called here
        return None if not isinstance(count, int) else count * by


Either = Annotated[Leaf | Other, strawberry.union("Either")]


@dataclass
class Scenario:
    """What the resolvers of the test schema answer (each test sets its own)."""

    inner: Any = None
    either: Any = None
    mixed: Any = None


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
    def mixed(self, info: strawberry.Info[Scenario, None]) -> list[Mixed]:
        value: list[Mixed] = info.context.mixed
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


def schema_with(context_class: type[CycleFreeExecutionContext]) -> strawberry.Schema:
    return strawberry.Schema(
        query=Query,
        config=StrawberryConfig(scalar_map={Decimal: DecimalScalar}),
        execution_context_class=context_class,
    )


def schemas() -> tuple[strawberry.Schema, strawberry.Schema]:
    return schema_with(PlannedExecutionContext), schema_with(CycleFreeExecutionContext)


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
    schema = schema_with(Counting)
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


MIXED = f"""
{{
  mixed {{
    name
    label
    again: label
    count
    scaled(by: 3)
    notMarked
    firstLeaf {{ {LEAF_FIELDS} }}
    __typename
  }}
}}
"""


def mixed(**overrides: Any) -> list[Mixed]:
    return [Mixed(name="a", parts=Parts(leaf=leaf())), Mixed(name="b", parts=Parts(**overrides))]


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({}, id="every field answers at once"),
        pytest.param({"label": ValueError("no label")}, id="a resolver raises into a non-null field"),
        pytest.param({"count": "7"}, id="a value the plan refuses"),
        pytest.param({"count": None}, id="null in a nullable field"),
        pytest.param({"count": 2**40}, id="an int graphql-core refuses"),
        pytest.param({"leaf": leaf(text=None)}, id="null deeper in a non-null field"),
    ],
)
async def test_objects_with_resolvers_answer_as_graphql_core_answers(overrides: dict[str, Any]) -> None:
    got, expected = await both(MIXED, lambda: Scenario(mixed=mixed(**overrides)))

    assert got == expected


async def test_resolvers_that_answer_later_are_awaited_as_graphql_core_awaits_them() -> None:
    def scenario() -> Scenario:
        return Scenario(mixed=mixed(count=lambda: _later(5), leaf=lambda: _later(leaf())))

    got, expected = await both(MIXED, scenario)

    assert got == expected
    assert got[0]["mixed"][1]["count"] == 5


async def test_resolvers_that_take_only_the_object_are_called_in_place() -> None:
    executed: list[str] = []

    class Counting(PlannedExecutionContext):
        def execute_field(self, parent_type: Any, source: Any, details: Any, *args: Any) -> Any:
            executed.append(f"{parent_type.name}.{details[0].node.name.value}")
            return super().execute_field(parent_type, source, details, *args)

    clear_plans()
    schema = schema_with(Counting)
    result = await schema.execute(MIXED, context_value=Scenario(mixed=mixed()))

    assert result.errors is None
    # Only the root field, the resolver with an argument and the one not marked in_place go through
    # graphql-core's execute_field.
    assert executed == ["Query.mixed", *["Mixed.scaled", "Mixed.notMarked"] * 2]


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


@pytest.mark.parametrize("system", ["crm", "erp", "billing", "support"])
async def test_a_failing_system_answers_the_same_with_and_without_plans(
    make_gateway: Callable[..., Any], sandbox: Sandbox, system: str
) -> None:
    sandbox.apps[system].faults = Faults(down=True)
    planned, general = build_schema(), build_schema(planned_completion=False)
    ids = [sandbox.customer(index).account_id for index in range(0, 12, 3)]

    for query, variables in ((FULL_CUSTOMER, {"id": ids[0]}), (FULL_CUSTOMERS, {"ids": ids})):
        answers = []
        for schema in (planned, general):
            gateway = await make_gateway(cache=False)  # its own circuit breakers: each run sees the failure
            result = await schema.execute(query, variable_values=variables, context_value=gateway.context())
            data, _ = shape(result)
            # Errors in the order of their paths: which of two failed calls fails first is timing.
            errors = sorted(
                (str(e.path), e.message, (e.extensions or {}).get("code")) for e in result.errors or ()
            )
            answers.append((_without_latency(data), errors))
        assert answers[0] == answers[1]
        assert answers[0][1], "the failing system left no error"


def _without_latency(data: Any) -> Any:
    """The answer less what differs between two live calls (latency, age)."""
    if isinstance(data, dict):
        return {k: _without_latency(v) for k, v in data.items() if k not in ("latencyMs", "ageS")}
    if isinstance(data, list):
        return [_without_latency(v) for v in data]
    return data
