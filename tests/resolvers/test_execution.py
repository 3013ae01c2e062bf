from __future__ import annotations

import enum
import gc
import weakref
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Any

import pytest
import strawberry
from strawberry.extensions import ParserCache
from strawberry.schema.config import StrawberryConfig

from resolvers.context import build_context
from resolvers.execution import (
    MAX_KEPT,
    CycleFreeExecutionContext,
    KeptKey,
    PlannedExecutionContext,
    clear_plans,
    in_place,
    keep_at_most,
    kept,
    kept_counts,
)
from resolvers.schema import build_schema
from resolvers.types.scalars import DecimalScalar
from sandbox.common.faults import Faults
from sources.context import CallContext
from tests.resolvers.conftest import EVERY_SCOPE, NOW, Gateway
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

    @strawberry.field
    @in_place
    def times(self, by: int) -> int | None:
        count = self.parts.count
        return None if not isinstance(count, int) else count * by


@dataclass
class Shelf:
    """What a `Stocked` object's resolver reads: a part (its key compares it by identity, None: no key) and
    the day (compared by equality); `builds` counts the resolver's calls."""

    part: Any
    day: date = date(2026, 11, 25)
    builds: int = 0


def _shelf_key(stocked: Stocked) -> KeptKey | None:
    part = stocked.shelf.part
    return None if part is None else ((stocked.name, stocked.shelf.day), (part,))


@strawberry.type
class Stocked:
    """An object with a `kept` resolver."""

    name: str
    shelf: strawberry.Private[Shelf]

    @strawberry.field
    @in_place
    @kept(_shelf_key)
    def summary(self) -> Inner | None:
        self.shelf.builds += 1
        part = self.shelf.part
        if isinstance(part, Exception):
            raise part
        if part is None:
            return None
        return Inner(leaves=list(part.leaves), tags=[*part.tags, str(self.shelf.day)], first=part.first)


Either = Annotated[Leaf | Other, strawberry.union("Either")]


@dataclass
class Scenario:
    """What the resolvers of the test schema answer (each test sets its own)."""

    inner: Any = None
    either: Any = None
    mixed: Any = None
    stocked: list[Stocked] = field(default_factory=list)


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

    @strawberry.field
    def stocked(self, info: strawberry.Info[Scenario, None]) -> list[Stocked]:
        return info.context.stocked


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


def counting_field_executions() -> tuple[strawberry.Schema, list[str]]:
    """A planned schema (plans cleared) and the fields graphql-core's `execute_field` executes in it."""
    executed: list[str] = []

    class Counting(PlannedExecutionContext):
        def execute_field(self, parent_type: Any, source: Any, details: Any, *args: Any) -> Any:
            executed.append(f"{parent_type.name}.{details[0].node.name.value}")
            return super().execute_field(parent_type, source, details, *args)

    clear_plans()
    return schema_with(Counting), executed


async def test_resolvers_that_take_only_the_object_are_called_in_place() -> None:
    schema, executed = counting_field_executions()
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


async def test_a_resolver_whose_arguments_have_defaults_is_called_in_place_when_none_is_passed() -> None:
    query = "{ mixed { scaled doubled: scaled(by: 2) times(by: 3) } }"
    schema, executed = counting_field_executions()
    result = await schema.execute(query, context_value=Scenario(mixed=mixed()))
    got, expected = await both(query, lambda: Scenario(mixed=mixed()))

    assert result.errors is None
    assert result.data == {"mixed": [{"scaled": 6, "doubled": 6, "times": 9}] * 2}
    assert got == expected
    # `scaled` without arguments is called in place; with one, or lacking a default, by graphql-core.
    assert executed == ["Query.mixed", *["Mixed.scaled", "Mixed.times"] * 2]


STOCKED = "{ stocked { name summary { tags leaves { text number } first { colour } } } }"


_STOCKED_SCHEMAS: list[strawberry.Schema] = []


async def _stocked(query: str, *stocked: Stocked) -> Any:
    """The planned answer, from one schema for the module (its parsed documents cached, as a server's)."""
    if not _STOCKED_SCHEMAS:
        _STOCKED_SCHEMAS.append(
            strawberry.Schema(
                query=Query,
                config=StrawberryConfig(scalar_map={Decimal: DecimalScalar}),
                execution_context_class=PlannedExecutionContext,
                extensions=[lambda: ParserCache()],
            )
        )
    result = await _STOCKED_SCHEMAS[0].execute(query, context_value=Scenario(stocked=list(stocked)))
    return shape(result)


async def test_a_kept_field_is_built_once_while_its_key_holds() -> None:
    clear_plans()
    shelf = Shelf(part=fine())
    _, general = schemas()

    answers = [await _stocked(STOCKED, Stocked(name="a", shelf=shelf)) for _ in range(3)]
    expected = await general.execute(
        STOCKED, context_value=Scenario(stocked=[Stocked(name="a", shelf=shelf)])
    )

    assert answers[0] == answers[1] == answers[2] == shape(expected)
    assert answers[0][0]["stocked"][0]["summary"]["tags"] == ["a", "b", "2026-11-25"]
    assert shelf.builds == 2  # once kept by the planned executor, once by graphql-core's


async def test_a_kept_field_is_built_again_when_a_part_is_replaced_or_the_key_changes() -> None:
    clear_plans()
    shelf = Shelf(part=fine())
    await _stocked(STOCKED, Stocked(name="a", shelf=shelf))

    shelf.part = fine()  # equal, but another object: the cache refreshed it
    shelf.part.tags = ["c"]
    replaced = await _stocked(STOCKED, Stocked(name="a", shelf=shelf))
    shelf.day = date(2026, 11, 26)
    next_day = await _stocked(STOCKED, Stocked(name="a", shelf=shelf))
    other = await _stocked(STOCKED, Stocked(name="b", shelf=shelf))

    assert replaced[0]["stocked"][0]["summary"]["tags"] == ["c", "2026-11-25"]
    assert next_day[0]["stocked"][0]["summary"]["tags"] == ["c", "2026-11-26"]
    assert other[0]["stocked"][0] == {"name": "b", "summary": next_day[0]["stocked"][0]["summary"]}
    assert shelf.builds == 4


@pytest.fixture
def kept_capacity() -> Iterator[Callable[[int], None]]:
    """Set the process's capacity of kept values for a test; the default comes back afterwards."""
    yield keep_at_most
    keep_at_most(MAX_KEPT)


async def test_at_most_the_set_number_of_values_is_kept_the_least_recent_dropped(
    kept_capacity: Callable[[int], None],
) -> None:
    clear_plans()
    kept_capacity(2)
    first, second, third = (Shelf(part=fine()) for _ in range(3))
    for name, shelf in (("a", first), ("b", second), ("c", third)):
        await _stocked(STOCKED, Stocked(name=name, shelf=shelf))
    assert kept_counts()[2] == 2

    for name, shelf in (("c", third), ("b", second), ("a", first)):
        await _stocked(STOCKED, Stocked(name=name, shelf=shelf))

    # c and b were answered again; a, the least recently used, had been dropped and was built again.
    assert (first.builds, second.builds, third.builds) == (2, 1, 1)
    assert kept_counts()[2] == 2
    kept_capacity(2)
    assert kept_counts()[2] == 0  # set again: what was kept is dropped


async def test_with_no_capacity_nothing_is_kept_and_the_answers_stay_the_same(
    kept_capacity: Callable[[int], None],
) -> None:
    clear_plans()
    kept_capacity(0)
    shelf = Shelf(part=fine())
    hits, built, _ = kept_counts()

    answers = [await _stocked(STOCKED, Stocked(name="a", shelf=shelf)) for _ in range(3)]

    assert answers[0] == answers[1] == answers[2]
    assert shelf.builds == 3  # built on every request
    assert kept_counts() == (hits, built, 0)
    with pytest.raises(ValueError, match="0 or more"):
        keep_at_most(-1)


async def test_a_kept_value_belongs_to_its_selection() -> None:
    clear_plans()
    shelf = Shelf(part=fine())
    narrow = "{ stocked { summary { tags } } }"

    wide = await _stocked(STOCKED, Stocked(name="a", shelf=shelf))
    only_tags = await _stocked(narrow, Stocked(name="a", shelf=shelf))
    wide_again = await _stocked(STOCKED, Stocked(name="a", shelf=shelf))

    assert only_tags[0] == {"stocked": [{"summary": {"tags": ["a", "b", "2026-11-25"]}}]}
    assert wide_again == wide
    assert shelf.builds == 2  # one per selection; the wide one answered again


@pytest.mark.parametrize(
    "part",
    [
        pytest.param(None, id="no key"),
        pytest.param(ValueError("part failed"), id="the resolver raises"),
    ],
)
async def test_nothing_is_kept_without_a_key_or_from_a_failure(part: Any) -> None:
    clear_plans()
    shelf = Shelf(part=part)
    _, general = schemas()

    answers, builds = [], []
    for _ in range(3):
        answers.append(await _stocked(STOCKED, Stocked(name="a", shelf=shelf)))
        builds.append(shelf.builds)
    expected = await general.execute(
        STOCKED, context_value=Scenario(stocked=[Stocked(name="a", shelf=shelf)])
    )

    assert answers[0] == answers[1] == answers[2] == shape(expected)
    assert answers[0][0] == {"stocked": [{"name": "a", "summary": None}]}
    assert 0 < builds[0] < builds[1] < builds[2]  # built again on every request


async def test_an_account_selected_without_its_legal_customer_is_kept_too(
    gateway: Gateway, sandbox: Sandbox
) -> None:
    query = "query($id: ID!) { customer(id: $id) { account { id name tier } } }"
    customer = sandbox.customer(4).account_id
    await gateway.execute(query, id=customer)  # loaded live: nothing kept
    await gateway.execute(query, id=customer)  # from the cache: built and kept
    hits, built, _ = kept_counts()

    again = await gateway.execute(query, id=customer)

    assert again.errors is None
    assert again.data["customer"]["account"]["id"] == customer
    assert kept_counts()[:2] == (hits + 1, built)  # answered again, not built


_SLA_AND_CASES = """query($id: ID!) { customer(id: $id) {
  cases(first: 100) { id status sla { metric stage breachAt } }
  sla { tier breachedCaseIds atRiskCaseIds breached { caseId metric minutesRemaining }
        atRisk { caseId metric minutesRemaining } }
} }"""
_SLA_ONLY = """query($id: ID!) { customer(id: $id) { sla {
  tier breachedCaseIds atRiskCaseIds breached { caseId metric minutesRemaining }
  atRisk { caseId metric minutesRemaining } } } }"""


async def _at(gateway: Gateway, query: str, customer: str, instant: datetime) -> Any:
    context = build_context(
        sources=gateway.sources, call=CallContext(request_id="req-sla"), now=instant, principal=EVERY_SCOPE
    )
    result = await gateway.schema.execute(query, variable_values={"id": customer}, context_value=context)
    assert result.errors is None, result.errors
    assert result.data is not None
    return result.data["customer"]


async def _a_timed_metric(gateway: Gateway, sandbox: Sandbox) -> tuple[str, datetime]:
    """A customer with an open case whose SLA metric is active, and that metric's breach time."""
    for entry in sandbox.universe.customers:
        customer = entry.account_id
        found = await _at(gateway, _SLA_AND_CASES, customer, NOW)
        for case in found["cases"]:
            for metric in case["sla"] if case["status"] in ("NEW", "OPEN", "PENDING", "HOLD") else ():
                if metric["stage"] == "ACTIVE" and metric["breachAt"]:
                    return customer, datetime.fromisoformat(metric["breachAt"])
    pytest.fail("no customer of the sandbox has an open case with an active SLA metric")


async def test_the_sla_is_kept_while_its_clock_stands_and_built_again_when_it_moves(
    make_gateway: Callable[..., Awaitable[Gateway]], sandbox: Sandbox
) -> None:
    gateway, uncached = await make_gateway(), await make_gateway(cache=False)
    customer, due = await _a_timed_metric(gateway, sandbox)
    at_risk = due - timedelta(minutes=30, seconds=20)  # 30 whole minutes left
    same_minute = at_risk + timedelta(seconds=15)
    breached = due + timedelta(minutes=2)

    first = await _at(gateway, _SLA_ONLY, customer, at_risk)  # every part now cached: built and kept
    hits, built, _ = kept_counts()
    again = await _at(gateway, _SLA_ONLY, customer, same_minute)
    assert kept_counts()[:2] == (hits + 1, built)  # the same clock: answered again, not built
    later = await _at(gateway, _SLA_ONLY, customer, breached)
    assert kept_counts()[:2] == (hits + 1, built + 1)  # the clock moved: built again

    # Each answer is the one the SLA rule gives at its own instant, built without any cache.
    assert again == first == await _at(uncached, _SLA_ONLY, customer, same_minute)
    assert later == await _at(uncached, _SLA_ONLY, customer, breached)
    assert later != first
    assert any(alert["minutesRemaining"] == 30 for alert in first["sla"]["atRisk"])
    assert any(alert["minutesRemaining"] == -2 for alert in later["sla"]["breached"])
