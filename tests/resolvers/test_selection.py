"""Which loads a customer selection needs."""

from __future__ import annotations

from graphql import parse
from graphql.language import FieldNode, OperationDefinitionNode
from strawberry.types.nodes import SelectedField, Selection

from resolvers.ledger import Entity
from resolvers.selection import customer_needs


def _selections(text: str) -> list[Selection]:
    """Plain selections built from a document (fragments inlined by hand in these tests)."""

    def convert(node: FieldNode) -> SelectedField:
        children = [convert(c) for c in (node.selection_set.selections if node.selection_set else ())]  # type: ignore[arg-type]
        return SelectedField(name=node.name.value, directives={}, arguments={}, selections=list(children))

    operation = parse(text).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    return [convert(node) for node in operation.selection_set.selections]  # type: ignore[arg-type]


def test_account_alone_needs_only_the_crm_account() -> None:
    assert customer_needs(_selections("{ id account { name } }")) == {Entity.ACCOUNTS}


def test_legal_under_account_needs_the_erp() -> None:
    assert customer_needs(_selections("{ account { legal { erpId } } }")) == {Entity.ACCOUNTS, Entity.LEGAL}


def test_derived_fields_need_their_inputs() -> None:
    assert customer_needs(_selections("{ delinquency { status } }")) == {
        Entity.ACCOUNTS,
        Entity.LEGAL,
        Entity.SUBSCRIPTIONS,
        Entity.INVOICES,
    }
    assert customer_needs(_selections("{ sla { tier } }")) == {
        Entity.ACCOUNTS,
        Entity.SLA_POLICIES,
        Entity.CASES,
    }


def test_skipped_fields_need_nothing() -> None:
    skipped = SelectedField(name="invoices", directives={"skip": {"if": True}}, arguments={}, selections=[])
    assert customer_needs([skipped]) == {Entity.ACCOUNTS}
