"""`strawberry.field` with arguments, typed for mypy strict (strawberry's own overload for it returns Any)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import strawberry
from strawberry.extensions.field_extension import FieldExtension

F = TypeVar("F", bound=Callable[..., Any])


def field(
    *, description: str, graphql_type: Any | None = None, extensions: list[FieldExtension] | None = None
) -> Callable[[F], F]:
    """Declare a resolver field with a description (and, if given, its GraphQL type and extensions)."""
    decorator: Callable[[F], F] = strawberry.field(
        description=description, graphql_type=graphql_type, extensions=extensions
    )
    return decorator
