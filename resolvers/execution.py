"""graphql-core's executor without its reference cycle, so a finished request is freed by reference counting.

graphql-core 3.3's executor keeps `async_helpers`, which holds two of the executor's own bound methods: a
cycle. Everything the request built hangs off it (the collected fields, the context, the loaders, the
profiles, about 720 objects for the full profile), so none of it is freed until the cyclic garbage
collector runs, and under load those collections (a full one scans the whole heap) cost up to a fifth of
the process's CPU (bench/README.md). Dropping the helpers once a complete response is built breaks the
cycle; with errors (work may still be settling) or incremental delivery the executor is left as it is.
"""

from __future__ import annotations

from typing import Any

from graphql import ExecutionResult
from graphql.execution import ExperimentalIncrementalExecutionResults
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext


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
