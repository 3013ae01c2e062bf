"""Authorization in the schema: the caller's `Principal`, the scopes, the permission each root field needs.

Authentication (which key, which principal) happens at the HTTP edge in `app`; here a field only asks
whether the request's principal holds the scope it requires, and answers FORBIDDEN otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import strawberry
from strawberry.permission import BasePermission, PermissionExtension

from resolvers.errors import GatewayError


class Scope(StrEnum):
    """What a key may do: read profiles, or perform one kind of mutation."""

    PROFILE_READ = "profile:read"
    SUBSCRIPTIONS_WRITE = "subscriptions:write"
    CREDITS_WRITE = "credits:write"
    CONTRACTS_WRITE = "contracts:write"
    CASES_WRITE = "cases:write"
    CREDIT_HOLD_WRITE = "credit-hold:write"


ALL_SCOPES = frozenset(Scope)

FORBIDDEN = "FORBIDDEN"


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller: the key's configured name (never the key) and its scopes."""

    name: str
    scopes: frozenset[Scope]

    def allows(self, scope: Scope) -> bool:
        """Whether this caller holds `scope`."""
        return scope in self.scopes


class RequireScope(BasePermission):
    """Grants a field only to a principal holding `scope`; anything else is a FORBIDDEN error."""

    error_extensions = {"code": FORBIDDEN}

    def __init__(self, scope: Scope, on_denied: OnDenied | None = None) -> None:
        self.scope = scope
        self.message = f"this API key lacks the {scope.value} scope"
        self._on_denied = on_denied

    def has_permission(self, source: Any, info: strawberry.Info[Any, Any], **kwargs: Any) -> bool:
        """True when the request's principal holds the scope."""
        principal = getattr(info.context, "principal", None)
        allowed = isinstance(principal, Principal) and principal.allows(self.scope)
        if not allowed and self._on_denied is not None:
            self._on_denied(info.context, kwargs)
        return allowed


#: Called with the context and the field's arguments when a field is refused (a mutation audits it).
OnDenied = Callable[[Any, dict[str, Any]], None]


def requires(scope: Scope, *, on_denied: OnDenied | None = None) -> PermissionExtension:
    """The field extension that checks `scope` before the field resolves (no schema directive)."""
    return PermissionExtension(permissions=[RequireScope(scope, on_denied)], use_directives=False)


class Forbidden(GatewayError):
    """The caller's key lacks the scope this part of the schema needs."""

    code = FORBIDDEN


def check_scope(context: object, scope: Scope) -> None:
    """Raise FORBIDDEN unless the context's principal holds `scope` (for resolvers outside root fields)."""
    principal = getattr(context, "principal", None)
    if not (isinstance(principal, Principal) and principal.allows(scope)):
        raise Forbidden(f"this API key lacks the {scope.value} scope")
