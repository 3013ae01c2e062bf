"""The gateway's own GraphQL errors, and the one place that turns any exception into a safe, coded error."""

from __future__ import annotations

from typing import Any, Final

from sources.errors import SourceError

INTERNAL: Final = "INTERNAL"
INTERNAL_MESSAGE: Final = "Internal error"


class GatewayError(Exception):
    """An expected failure of a request, shown to the caller with its code (and system, if any)."""

    code = "GATEWAY_ERROR"

    def __init__(self, message: str, *, source: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.source = source


class BadUserInput(GatewayError):
    """An argument is malformed or out of range; nothing upstream was called."""

    code = "BAD_USER_INPUT"


class NotFound(GatewayError):
    """No such customer (the CRM, owner of identity, has no such account)."""

    code = "NOT_FOUND"


class CrossReferenceUnavailable(GatewayError):
    """A system could not be asked because the CRM cross-reference naming its id did not answer."""

    code = "CROSS_REFERENCE_UNAVAILABLE"


def describe(error: Exception | None) -> tuple[str, dict[str, Any]] | None:
    """The safe message and extensions for an expected error; None when it must be masked."""
    if isinstance(error, SourceError):
        return error.message, {"code": error.code, "source": error.system.value}
    if isinstance(error, GatewayError):
        extensions: dict[str, Any] = {"code": error.code}
        if error.source is not None:
            extensions["source"] = error.source
        return error.message, extensions
    return None
