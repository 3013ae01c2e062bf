"""The schema: federation enabled, parse and validation cached, errors coded, unexpected ones masked."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

import strawberry
from graphql import GraphQLError
from strawberry.extensions import ParserCache, SchemaExtension
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext
from strawberry.utils.logging import StrawberryLogger

from resolvers.errors import describe
from resolvers.execution import CycleFreeExecutionContext, PlannedExecutionContext
from resolvers.extensions import CodedErrors
from resolvers.mutation import Mutation
from resolvers.query import Query
from resolvers.types.scalars import DecimalScalar
from resolvers.validation import QueryValidationCache


class TesseraSchema(strawberry.federation.Schema):
    """Federation schema that logs only unexpected errors (expected ones are answers, not incidents)."""

    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """Log errors whose cause is neither a GraphQL error nor an expected upstream or gateway error."""
        for error in errors:
            original = error.original_error
            if original is None or isinstance(original, GraphQLError) or describe(original) is not None:
                continue
            StrawberryLogger.error(error, execution_context)


def build_schema(
    *, outer: Sequence[Callable[[], SchemaExtension]] = (), planned_completion: bool = True
) -> strawberry.federation.Schema:
    """The gateway's schema; `outer` extensions wrap the others (they see the errors already coded).
    With `planned_completion` off, every field takes graphql-core's general path (resolvers/execution.py)."""
    return TesseraSchema(
        query=Query,
        mutation=Mutation,
        config=StrawberryConfig(scalar_map={Decimal: DecimalScalar}),
        extensions=[*outer, lambda: ParserCache(maxsize=1024), QueryValidationCache, CodedErrors],
        execution_context_class=PlannedExecutionContext if planned_completion else CycleFreeExecutionContext,
    )
