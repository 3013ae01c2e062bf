"""graphql-core's executor, with planned completion of plain sub-trees and without its reference cycle.

Planned completion. Below the few resolver fields of a profile (the customer's parts) almost every field
is plain: a dataclass attribute completed as a scalar, an enum, a list or a nested object of plain fields
(invoices, money, cases, SLA targets: about 95% of the full profile's 400 fields). graphql-core completes
each one through the same general machinery as a resolver field (a resolve info, a path, awaitable checks,
the middleware manager), about 8 µs a field, most of a warm profile's CPU (bench/README.md). For a
completion whose type and selection are plain throughout, this executor builds a plan once (per selection
in the cached document: the response names, attribute getters and leaf coercions) and completes values
with it directly.

The plan reproduces graphql-core's result exactly or not at all: anything it does not complete the way
graphql-core would (null in a non-null position, a leaf its type refuses, a non-list value for a list, an
exception as a value) stops it, and graphql-core completes the same value again from the start, with its
own errors and null propagation. Reading a plain attribute has no side effect, so completing twice is
safe. A selection with directives (its fields would depend on variables), arguments, abstract types,
`is_type_of` checks, field extensions, resolvers or schema extensions that wrap resolvers is never
planned.

Kept views. A resolver marked `kept` names what its value depends on: values compared by equality (the
customer, the day) and objects compared by identity (the cached parts it reads). The executor keeps the
completed value of such a field, per selection, and answers it again while every one of those is the
same: a warm profile then runs neither the resolver (its domain rules, its conversions) nor the plan for
that field. The parts are the source cache's own objects, frozen and replaced (never changed) when
refreshed or invalidated, and the entry holds them, so an identity cannot be reused while it is kept. A
completed value is shared by the responses that reuse it: nothing after completion changes a result.

Reference cycle. graphql-core 3.3's executor keeps `async_helpers`, which holds two of the executor's own
bound methods: a cycle. Everything the request built hangs off it (the collected fields, the context, the
loaders, the profiles, about 720 objects for the full profile), so none of it is freed until the cyclic
garbage collector runs, and under load those collections cost up to a fifth of the process's CPU. Dropping
the helpers once a complete response is built breaks the cycle; with errors (work may still be settling)
or incremental delivery the executor is left as it is.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from enum import Enum
from math import isfinite
from operator import attrgetter
from typing import Any, Generic, TypeVar, cast

from cachetools import LRUCache
from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    ExecutionResult,
    FieldNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLField,
    GraphQLFloat,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLString,
    InlineFragmentNode,
    SelectionSetNode,
    Undefined,
)
from graphql.execution import ExperimentalIncrementalExecutionResults
from graphql.execution.collect_fields import FieldDetails, collect_subfields
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType
from strawberry.types.field import StrawberryField
from strawberry.types.unset import UNSET

#: Completes one resolved value into its response value, or raises when graphql-core must do it.
Completer = Callable[[Any], Any]

#: Plans kept (per selection of a cached document); past this many the cache starts over.
MAX_PLANS = 4096

#: Completed values of `kept` fields held at once by default (`keep_at_most`), the least recently used
#: dropped first: a full profile keeps 11, about 47 KB of completed values (what tracemalloc saw freed when
#: those of 100 profiles were dropped; the parts they refer to are the source cache's), so this bounds them
#: to about 370 profiles, 17 MB.
MAX_KEPT = 4096

#: What a kept field's completed value depends on: values compared by equality (hashable: the customer,
#: the day, ...), then objects compared by identity (the parts the resolver reads).
KeptKey = tuple[Hashable, tuple[object, ...]]

_STRAWBERRY_FIELD = "strawberry-definition"
_TYPENAME = "__typename"


class Unplanned(Exception):
    """A value the plan does not complete exactly as graphql-core would; graphql-core completes it."""


P = TypeVar("P")


class _PlanCache(Generic[P]):
    """What was built for a selection of a cached document, by the type and the field nodes it was built
    for: a node's id is its key, and the entry keeps the nodes and the type alive so that no id can be
    reused while it exists. Past MAX_PLANS entries the cache starts over."""

    def __init__(self) -> None:
        self._entries: dict[tuple[int, tuple[int, ...]], tuple[object, tuple[FieldNode, ...], P]] = {}

    def get(self, owner: object, nodes: tuple[FieldNode, ...], build: Callable[[], P]) -> P:
        """The value kept for (`owner`, `nodes`), built by `build` the first time."""
        key = (id(owner), tuple(map(id, nodes)))
        entry = self._entries.get(key)
        if entry is not None and all(kept is node for kept, node in zip(entry[1], nodes, strict=True)):
            return entry[2]
        value = build()
        if len(self._entries) >= MAX_PLANS:
            self._entries.clear()
        self._entries[key] = (owner, nodes, value)
        return value

    def clear(self) -> None:
        """Forget everything."""
        self._entries.clear()


_plans: _PlanCache[Completer | None] = _PlanCache()
_field_steps: _PlanCache[dict[str, Completer]] = _PlanCache()


class _Kept:
    """The process's kept values (`lru`: per (field step, equal part of its key), the identity part and the
    completed value; None: keep nothing), and how often a kept field was answered again (`hits`) and built
    and kept (`built`)."""

    __slots__ = ("built", "hits", "lru")

    def __init__(self) -> None:
        self.hits = 0
        self.built = 0
        self.lru: LRUCache[tuple[object, Hashable], tuple[tuple[object, ...], Any]] | None = None


_kept = _Kept()


def keep_at_most(values: int) -> None:
    """Hold at most `values` kept completed values in this process from now on (0: keep none, every kept
    field is built on every request); the values held so far are dropped."""
    if values < 0:
        raise ValueError(f"kept values must be 0 or more, not {values}")
    _kept.lru = LRUCache(maxsize=values) if values > 0 else None


keep_at_most(MAX_KEPT)


def kept_counts() -> tuple[int, int, int]:
    """(answered again, built and kept, values held now), for this process's metrics."""
    lru = _kept.lru
    return _kept.hits, _kept.built, 0 if lru is None else len(lru)


def kept_capacity() -> int:
    """How many completed values this process keeps at most now (`keep_at_most`)."""
    lru = _kept.lru
    return 0 if lru is None else int(lru.maxsize)


def clear_plans() -> None:
    """Forget every plan and kept value (tests; a schema rebuilt in the same process)."""
    _plans.clear()
    _field_steps.clear()
    if _kept.lru is not None:
        _kept.lru.clear()


def _general_leaf(leaf: GraphQLLeafType, *, non_null: bool) -> Completer:
    """graphql-core's leaf completion: null, an exception value or a value its type refuses stop the plan."""
    coerce = leaf.coerce_output_value

    def complete(value: Any) -> Any:
        if value is None:
            if non_null:
                raise Unplanned
            return None
        if isinstance(value, Exception):
            raise Unplanned
        coerced = coerce(value)
        if coerced is None or coerced is Undefined:
            raise Unplanned
        return coerced

    return complete


def _leaf(leaf: GraphQLLeafType, *, non_null: bool) -> Completer:
    """A leaf completer: for the built-in scalars and strawberry's enums, the common value type is returned
    as `coerce_output_value` returns it, in one check; any other value takes the general path."""
    general = _general_leaf(leaf, non_null=non_null)
    if leaf is GraphQLString or leaf is GraphQLID:
        return lambda value: value if type(value) is str else general(value)
    if leaf is GraphQLBoolean:
        return lambda value: value if type(value) is bool else general(value)
    if leaf is GraphQLInt:
        return lambda value: (
            value if type(value) is int and GRAPHQL_MIN_INT <= value <= GRAPHQL_MAX_INT else general(value)
        )
    if leaf is GraphQLFloat:
        return lambda value: value if type(value) is float and isfinite(value) else general(value)
    if isinstance(leaf, CustomGraphQLEnumType):
        # Each member's name, as strawberry's coercion finds it (a scan of the values per call).
        enum_class: type[Enum] = leaf.wrapped_cls  # type: ignore[assignment]  # strawberry types it EnumMeta
        names = {member: leaf.coerce_output_value(member) for member in enum_class}
        return lambda value: names[value] if type(value) is enum_class else general(value)
    return general


def _list(item: Completer, *, non_null: bool) -> Completer:
    def complete(value: Any) -> Any:
        if value is None:
            if non_null:
                raise Unplanned
            return None
        if type(value) is not list and type(value) is not tuple:
            raise Unplanned
        return [item(element) for element in value]

    return complete


def _object(fields: Sequence[tuple[str, Callable[[Any], Any], Completer]], *, non_null: bool) -> Completer:
    fields = tuple(fields)

    def complete(value: Any) -> Any:
        if value is None:
            if non_null:
                raise Unplanned
            return None
        if isinstance(value, Exception):
            raise Unplanned
        return {name: finish(get(value)) for name, get, finish in fields}

    return complete


def _constant(value: str) -> Callable[[Any], str]:
    return lambda _source: value


def _identity(value: Any) -> Any:
    return value


def _has_directives(
    selection_set: SelectionSetNode | None, fragments: dict[str, Any], seen: set[str]
) -> bool:
    """Whether any selection under `selection_set` (through fragments too) carries a directive."""
    if selection_set is None:
        return False
    for selection in selection_set.selections:
        if selection.directives:
            return True
        if isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            if name in seen:
                continue
            seen.add(name)
            details = fragments.get(name)
            if details is None or _has_directives(details.definition.selection_set, fragments, seen):
                return True
        elif isinstance(selection, (FieldNode, InlineFragmentNode)) and _has_directives(
            selection.selection_set, fragments, seen
        ):
            return True
    return False


def _strawberry_field(
    field_def: GraphQLField, node: FieldNode, *, defaults: bool = False
) -> StrawberryField | None:
    """The strawberry definition of a field selected without arguments and declaring none (`defaults`:
    or declaring only arguments with a default), else None."""
    if node.arguments or (field_def.args and not defaults):
        return None
    definition = field_def.extensions.get(_STRAWBERRY_FIELD)
    return definition if isinstance(definition, StrawberryField) else None


def _plain_getter(field_def: GraphQLField, node: FieldNode) -> Callable[[Any], Any] | None:
    """The attribute getter of a plain strawberry field (no resolver, arguments or extensions), else None."""
    definition = _strawberry_field(field_def, node)
    if definition is None or not definition.is_basic_field:
        return None
    if not getattr(field_def.resolve, "_is_default", False) or definition.default_resolver is not getattr:
        return None
    return attrgetter(definition.python_name)


#: The attribute `in_place` sets on a resolver function.
_IN_PLACE = "__tessera_in_place__"

F = TypeVar("F", bound=Callable[..., Any])


def in_place(function: F) -> F:
    """Mark a resolver the executor may call itself, in place of strawberry's wrappers and graphql-core's
    per-field path: a sync method taking only its object (and arguments with a plain default, when the
    selection passes none: the method's own defaults are then strawberry's), that is a pure read (called
    twice, it answers the same and changes nothing) and that returns either its value or a new awaitable
    (the executor closes a coroutine it got from it and lets graphql-core call it again and await that
    one)."""
    setattr(function, _IN_PLACE, True)
    return function


#: The attribute `kept` sets on a resolver function: its key.
_KEPT = "__tessera_kept__"


def kept(key: Callable[[Any], KeptKey | None]) -> Callable[[F], F]:
    """Mark an `in_place` resolver whose completed value the executor may keep and answer again (module
    docstring): `key(obj)` names everything the value depends on, or is None when it cannot be kept now
    (a part not in, or failed). The resolver's value must be a function of that key alone."""

    def mark(function: F) -> F:
        setattr(function, _KEPT, key)
        return function

    return mark


_PLAIN_DEFAULTS = (type(None), bool, int, float, str)


def _direct_resolver(field_def: GraphQLField, node: FieldNode) -> Callable[[Any], Any] | None:
    """The function of a resolver marked `in_place` that takes only its object (a sync method without
    info, root or parent parameter, no field extension, and no argument the selection passes or that
    lacks a plain default), called as strawberry calls it; else None."""
    definition = _strawberry_field(field_def, node, defaults=True)
    if definition is None or definition.extensions:
        return None
    resolver = definition.base_resolver
    if resolver is None or resolver.is_async or resolver.self_parameter is None:
        return None
    if any(arg.default is UNSET or type(arg.default) not in _PLAIN_DEFAULTS for arg in resolver.arguments):
        return None
    if resolver.info_parameter or resolver.root_parameter or resolver.parent_parameter:
        return None
    function = resolver.wrapped_func
    if isinstance(function, (staticmethod, classmethod)) or not getattr(function, _IN_PLACE, False):
        return None
    return function


def _merge(order: Iterable[str], done: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    """The fields completed here and those graphql-core completed, in the selection's order."""
    return {
        name: done[name] if name in done else data[name] for name in order if name in done or name in data
    }


def _resolving(
    call: Callable[[Any], Any], completer: Completer, key_of: Callable[[Any], KeptKey | None] | None
) -> Completer:
    """A field's completion from its object through an in-place resolver's `call`, keeping the completed
    value when the resolver is `kept` (`key_of`, its key)."""

    def resolved(source: Any) -> Any:
        return completer(call(source))

    return resolved if key_of is None else _keeping(resolved, key_of)


def _keeping(resolved: Completer, key_of: Callable[[Any], KeptKey | None]) -> Completer:
    """`resolved`, answering a completed value again while its key is the same (`kept`)."""
    step = object()  # this step's own entries: a rebuilt plan never meets an old one

    def keeping(source: Any) -> Any:
        lru = _kept.lru
        key = None if lru is None else key_of(source)
        if key is None or lru is None:
            return resolved(source)
        equal, parts = key
        slot = (step, equal)
        entry = lru.get(slot)
        if entry is not None:
            held, completed = entry
            if len(held) == len(parts) and all(a is b for a, b in zip(held, parts, strict=True)):
                _kept.hits += 1
                return completed
        completed = resolved(source)  # raises (and keeps nothing) where graphql-core must complete it
        lru[slot] = (parts, completed)
        _kept.built += 1
        return completed

    return keeping


class CycleFreeExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution context that breaks the executor's self-reference when the response is built."""

    def build_response(
        self, data: dict[str, Any] | None
    ) -> ExecutionResult | ExperimentalIncrementalExecutionResults:
        """The response; afterwards the executor no longer refers to itself."""
        response = super().build_response(data)
        if isinstance(response, ExecutionResult) and not response.errors:
            # Every field completed, so no resolve info is built after this point.
            self.async_helpers = None  # type: ignore[assignment]
        return response


class PlannedExecutionContext(CycleFreeExecutionContext):
    """The cycle-free execution context with planned completion of plain sub-trees (module docstring)."""

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Any,
        grouped_field_set: dict[str, list[FieldDetails]],
        position_context: Any,
    ) -> Any:
        """The object's fields: each plain field, and each resolver that takes only the object and answers
        at once, completed here; the others (and any of those whose value the plan does not take) by
        graphql-core, which then also completes the object as a whole (awaiting, errors, null propagation).
        Resolvers are pure reads of the request's loads, so one called here and again by graphql-core
        answers the same."""
        steps = self._steps(parent_type, grouped_field_set)
        if not steps:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        done: dict[str, Any] = {}
        rest: dict[str, list[FieldDetails]] = {}
        for name, details in grouped_field_set.items():
            step = steps.get(name)
            if step is not None:
                try:
                    done[name] = step(source_value)
                    continue
                except Exception:  # noqa: S110 - graphql-core executes the field instead
                    pass
            rest[name] = details
        if not rest:
            return done
        result = super().execute_fields(parent_type, source_value, path, rest, position_context)
        order = list(grouped_field_set)
        if self.is_awaitable(result):

            async def merged() -> dict[str, Any]:
                return _merge(order, done, await result)

            return merged()
        return _merge(order, done, cast("dict[str, Any]", result))

    def complete_value(
        self,
        return_type: GraphQLOutputType,
        field_details_list: list[FieldDetails],
        info: Any,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        """Complete by plan when the selection is plannable and the value fits it; else as graphql-core."""
        plan = self._plan(return_type, field_details_list)
        if plan is not None:
            try:
                return plan(result)
            except Exception:  # noqa: S110 - graphql-core completes it again, errors and all
                pass
        return super().complete_value(return_type, field_details_list, info, path, result, position_context)

    def _plan(
        self, return_type: GraphQLOutputType, field_details_list: list[FieldDetails]
    ) -> Completer | None:
        nodes = tuple(details.node for details in field_details_list)
        return _plans.get(
            return_type,
            nodes,
            lambda: (
                self._build(return_type, field_details_list) if self._plannable(field_details_list) else None
            ),
        )

    def _plannable(self, field_details_list: list[FieldDetails]) -> bool:
        manager = self.middleware_manager
        if manager is not None and manager.middlewares:
            return False
        return not any(
            details.fragment_variable_values is not None
            or _has_directives(details.node.selection_set, self.fragments, set())
            for details in field_details_list
        )

    def _build(
        self, return_type: GraphQLOutputType, field_details_list: list[FieldDetails]
    ) -> Completer | None:
        """A completer for values of `return_type` selected by `field_details_list`; None for a leaf at the
        top (graphql-core's own completion costs no more) or anything not plannable."""
        if not isinstance(return_type, (GraphQLNonNull, GraphQLList, GraphQLObjectType)):
            return None
        return self._completer(return_type, field_details_list, non_null=False)

    def _completer(
        self, return_type: GraphQLOutputType, field_details_list: list[FieldDetails], *, non_null: bool
    ) -> Completer | None:
        if isinstance(return_type, GraphQLNonNull):
            return self._completer(return_type.of_type, field_details_list, non_null=True)
        if isinstance(return_type, GraphQLList):
            item = self._completer(return_type.of_type, field_details_list, non_null=False)
            return None if item is None else _list(item, non_null=non_null)
        if isinstance(return_type, GraphQLLeafType):
            return _leaf(return_type, non_null=non_null)
        if isinstance(return_type, GraphQLObjectType) and return_type.is_type_of is None:
            fields = list(self._fields(return_type, field_details_list))
            if any(entry is None for entry in fields):
                return None
            return _object([entry for entry in fields if entry is not None], non_null=non_null)
        return None  # interfaces and unions: graphql-core resolves the runtime type

    def _fields(
        self, object_type: GraphQLObjectType, field_details_list: list[FieldDetails]
    ) -> Iterator[tuple[str, Callable[[Any], Any], Completer] | None]:
        """Each sub-field's (response name, getter, completer); None for one that is not plannable."""
        collected = collect_subfields(
            self.schema,
            self.fragments,
            self.variable_values,
            self.operation,
            object_type,
            field_details_list,
            self.hide_suggestions,
        )
        for response_name, sub_details in collected.grouped_field_set.items():
            node = sub_details[0].node
            name = node.name.value
            if name == _TYPENAME:
                yield response_name, _constant(object_type.name), _identity
                continue
            if name.startswith("__"):
                yield None
                return
            field_def = self.schema.get_field(object_type, name)
            if field_def is None:
                continue  # graphql-core leaves an unknown field out of the response
            planned = self._field_plan(field_def, sub_details)
            if planned is None:
                yield None
                return
            yield response_name, *planned

    def _steps(
        self, parent_type: GraphQLObjectType, grouped_field_set: dict[str, list[FieldDetails]]
    ) -> dict[str, Completer]:
        nodes = tuple(details.node for field in grouped_field_set.values() for details in field)
        return _field_steps.get(
            parent_type,
            nodes,
            lambda: {
                name: step
                for name, details in grouped_field_set.items()
                if (step := self._step(parent_type, details)) is not None
            },
        )

    def _step(self, parent_type: GraphQLObjectType, details: list[FieldDetails]) -> Completer | None:
        """How one field of `parent_type` completes from its object here, or None: by graphql-core."""
        if any(d.defer_usage is not None for d in details) or not self._plannable(details):
            return None
        node = details[0].node
        name = node.name.value
        if name == _TYPENAME:
            return _constant(parent_type.name)
        if name.startswith("__"):
            return None
        field_def = self.schema.get_field(parent_type, name)
        if field_def is None:
            return None
        planned = self._field_plan(field_def, details)
        if planned is None:
            return None
        getter, completer = planned
        return completer if getter is _identity else lambda source: completer(getter(source))

    def _field_plan(
        self, field_def: GraphQLField, details: list[FieldDetails]
    ) -> tuple[Callable[[Any], Any], Completer] | None:
        """How a field completes from its object, as (getter, completer of what it got): a plain field's
        attribute and its value's plan; for a resolver marked `in_place`, the object itself and a completer
        that calls the resolver (keeping its value when it is `kept`). None: graphql-core completes it."""
        node = details[0].node
        getter = _plain_getter(field_def, node)
        function = None if getter is not None else _direct_resolver(field_def, node)
        if getter is None and (function is None or not self._resolvers_called_directly()):
            return None
        completer = self._completer(field_def.type, details, non_null=False)
        if completer is None:
            return None
        if function is not None:
            call = self._in_place_call(function)
            return _identity, _resolving(call, completer, getattr(function, _KEPT, None))
        return cast("Callable[[Any], Any]", getter), completer  # a plain field: its getter is set

    def _in_place_call(self, function: Callable[[Any], Any]) -> Callable[[Any], Any]:
        """A resolver marked `in_place`, as the executor calls it: its value now, or `Unplanned`."""
        is_awaitable = self.is_awaitable

        def call(source: Any) -> Any:
            value = function(source)
            if is_awaitable(value):
                if asyncio.iscoroutine(value):
                    value.close()  # never started; graphql-core calls the resolver again and awaits that
                raise Unplanned
            return value

        return call

    def _resolvers_called_directly(self) -> bool:
        """Whether calling a resolver here is what strawberry would do: no exception handlers in the schema
        (they wrap every resolver's call)."""
        strawberry_schema = getattr(self.schema, "_strawberry_schema", None)
        return strawberry_schema is not None and not strawberry_schema.exception_handlers
