"""Validation results cached by query text: a repeated query is validated once per process.

strawberry's own `ValidationCache` keys its LRU cache by the parsed document, so every request pays for
hashing the whole syntax tree (about 5% of a full profile's execution); the query text is an equal key
(validation depends only on the schema, the document and the rules) that costs one string hash.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cachetools import LRUCache
from graphql import GraphQLError
from strawberry.extensions import SchemaExtension
from strawberry.schema.schema import validate_document

DEFAULT_MAXSIZE = 1024

_cache: LRUCache[tuple[Any, str, tuple[Any, ...]], list[GraphQLError]] = LRUCache(maxsize=DEFAULT_MAXSIZE)


class QueryValidationCache(SchemaExtension):
    """Validate a query text once per process (per schema and rules); later requests reuse the errors."""

    def on_validate(self) -> Iterator[None]:
        """Look the query text up; validate and remember it on a miss."""
        ctx = self.execution_context
        schema = ctx.schema._schema
        rules = tuple(ctx.validation_rules)
        if ctx.query is None or ctx.graphql_document is None:
            ctx.pre_execution_errors = validate_document(schema, ctx.graphql_document, rules)  # type: ignore[arg-type]
            yield
            return
        key = (schema, ctx.query, rules)
        errors = _cache.get(key)
        if errors is None:
            errors = _cache[key] = validate_document(schema, ctx.graphql_document, rules)
        ctx.pre_execution_errors = errors
        yield
