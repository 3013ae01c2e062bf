"""A schema extension that gives every error a code and masks anything unexpected."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from resolvers.errors import INTERNAL, INTERNAL_MESSAGE, describe


def _recode(error: GraphQLError) -> GraphQLError:
    original = error.original_error
    if original is None or isinstance(original, GraphQLError):
        # Syntax and validation errors, or errors raised already shaped: shown as they are.
        return error
    described = describe(original)
    if described is None:
        message, extensions = INTERNAL_MESSAGE, {"code": INTERNAL}
    else:
        message, extensions = described
    # A fresh error without original_error: no traceback, URL or credential can travel further.
    return GraphQLError(
        message,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions=extensions,
    )


class CodedErrors(SchemaExtension):
    """Give expected errors their `extensions.code` (and `source`); mask the rest as INTERNAL."""

    def on_operation(self) -> Iterator[None]:
        """Rewrite the result's errors once execution is done."""
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            result.errors = [_recode(error) for error in errors]
