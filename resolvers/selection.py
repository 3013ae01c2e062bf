"""Which loads a customer's selection set needs, so only the systems whose fields are asked get called."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

from graphql import (
    BooleanValueNode,
    DirectiveNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionNode,
    SelectionSetNode,
    VariableNode,
)
from strawberry import Info
from strawberry.types.nodes import FragmentSpread, InlineFragment, SelectedField, Selection

from resolvers.ledger import Entity

_FIELD_NEEDS: Final[Mapping[str, frozenset[Entity]]] = {
    "account": frozenset({Entity.ACCOUNTS}),
    "contracts": frozenset({Entity.CONTRACTS}),
    "entitlements": frozenset({Entity.ENTITLEMENTS}),
    "subscriptions": frozenset({Entity.SUBSCRIPTIONS}),
    "subscriptionStatus": frozenset({Entity.SUBSCRIPTIONS}),
    "invoices": frozenset({Entity.INVOICES}),
    "delinquency": frozenset({Entity.LEGAL, Entity.SUBSCRIPTIONS, Entity.INVOICES}),
    "sla": frozenset({Entity.SLA_POLICIES, Entity.CASES}),
    "cases": frozenset({Entity.CASES}),
    "discrepancies": frozenset({Entity.LEGAL, Entity.CONTRACTS, Entity.SUBSCRIPTIONS, Entity.INVOICES}),
}


def _skipped(directives: Mapping[str, Any]) -> bool:
    skip = directives.get("skip")
    include = directives.get("include")
    return bool(skip and skip.get("if")) or bool(include is not None and not include.get("if"))


def fields(selections: Iterable[Selection]) -> Iterator[SelectedField]:
    """The fields of a selection set, fragments flattened and @skip/@include honoured."""
    for selection in selections:
        if _skipped(selection.directives):
            continue
        if isinstance(selection, SelectedField):
            yield selection
        elif isinstance(selection, (InlineFragment, FragmentSpread)):
            yield from fields(selection.selections)


def customer_needs(selections: Iterable[Selection]) -> frozenset[Entity]:
    """The loads a customer's selection set needs; the CRM account (identity, cross-reference) always."""
    needs = {Entity.ACCOUNTS}
    for field in fields(selections):
        needs |= _FIELD_NEEDS.get(field.name, frozenset())
        if field.name == "account" and any(sub.name == "legal" for sub in fields(field.selections)):
            needs.add(Entity.LEGAL)
    return frozenset(needs)


def selected_customer_fields(root_fields: Iterable[Selection]) -> list[Selection]:
    """The selections under the resolving field(s): what is asked of each customer it returns."""
    return [selection for field in fields(root_fields) for selection in field.selections]


def _flag(directive: DirectiveNode, variables: Mapping[str, Any]) -> bool:
    for argument in directive.arguments or ():
        if argument.name.value == "if":
            value = argument.value
            if isinstance(value, VariableNode):
                return bool(variables.get(value.name.value))
            if isinstance(value, BooleanValueNode):
                return value.value
    return False


def _included(node: SelectionNode, variables: Mapping[str, Any]) -> bool:
    for directive in node.directives or ():
        name = directive.name.value
        if (name == "skip" and _flag(directive, variables)) or (
            name == "include" and not _flag(directive, variables)
        ):
            return False
    return True


def _ast_fields(
    selection_set: SelectionSetNode | None,
    fragments: Mapping[str, FragmentDefinitionNode],
    variables: Mapping[str, Any],
) -> Iterator[FieldNode]:
    if selection_set is None:
        return
    for selection in selection_set.selections:
        if not _included(selection, variables):
            continue
        if isinstance(selection, FieldNode):
            yield selection
        elif isinstance(selection, InlineFragmentNode):
            yield from _ast_fields(selection.selection_set, fragments, variables)
        elif isinstance(selection, FragmentSpreadNode):
            fragment = fragments.get(selection.name.value)
            if fragment is not None:
                yield from _ast_fields(fragment.selection_set, fragments, variables)


def needs_of(info: Info[Any, Any]) -> frozenset[Entity]:
    """The loads each customer returned by the resolving field needs, read from the query's syntax tree.

    Same answer as `customer_needs(selected_customer_fields(info.selected_fields))`, without converting the
    whole selection tree into strawberry objects (a tenth of a full profile's execution time).
    """
    raw = info._raw_info
    # strawberry hands resolvers the plain coerced dict; graphql-core types it as its VariableValues.
    values: Any = raw.variable_values
    variables: Mapping[str, Any] = values if isinstance(values, Mapping) else getattr(values, "coerced", {})
    fragments = raw.fragments
    needs = {Entity.ACCOUNTS}
    for root in raw.field_nodes:
        for field in _ast_fields(root.selection_set, fragments, variables):
            name = field.name.value
            needs |= _FIELD_NEEDS.get(name, frozenset())
            if name == "account" and any(
                sub.name.value == "legal" for sub in _ast_fields(field.selection_set, fragments, variables)
            ):
                needs.add(Entity.LEGAL)
    return frozenset(needs)
