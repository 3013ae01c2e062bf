"""Which loads a customer's selection set needs, so only the systems whose fields are asked get called."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final

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
