"""The project's own upstream errors: every vendor failure is mapped to one of these, once, at the edge.

Messages are safe to show a caller: they never carry a credential, a full URL with a query or a vendor
payload; `code` is what GraphQL errors expose as `extensions.code`.
"""

from __future__ import annotations

from domain.systems import SourceSystem


class SourceError(Exception):
    """An upstream system failed to give a usable answer."""

    code = "SOURCE_ERROR"

    def __init__(self, system: SourceSystem, message: str) -> None:
        super().__init__(message)
        self.system = system
        self.message = message

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.system.value!r}, {self.message!r})"


class SourceUnavailable(SourceError):
    """The system answered 5xx or could not be reached."""

    code = "SOURCE_UNAVAILABLE"


class SourceTimeout(SourceError):
    """The system did not answer within its timeout."""

    code = "SOURCE_TIMEOUT"


class SourceBadResponse(SourceError):
    """The system answered something unusable: malformed JSON, the wrong shape, an unexpected status."""

    code = "SOURCE_BAD_RESPONSE"


class SourceAuthFailed(SourceError):
    """The system refused the gateway's credentials."""

    code = "SOURCE_AUTH_FAILED"


class SourceRateLimited(SourceError):
    """The system said the gateway is over its rate limit."""

    code = "SOURCE_RATE_LIMITED"

    def __init__(self, system: SourceSystem, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(system, message)
        self.retry_after = retry_after


class SourceCircuitOpen(SourceError):
    """The gateway is not calling the system for now: its circuit breaker opened after repeated failures.

    Nothing was sent. `retry_after` is how long until the breaker lets a probe call through (0 while a probe
    is already in flight).
    """

    code = "SOURCE_CIRCUIT_OPEN"

    def __init__(self, system: SourceSystem, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(system, message)
        self.retry_after = retry_after


class SourceNotFound(SourceError):
    """The system has no such object."""

    code = "NOT_FOUND"


class SourceRejected(SourceError):
    """The system refused a request as invalid (a write's validation error)."""

    code = "SOURCE_REJECTED"

    def __init__(self, system: SourceSystem, message: str, *, field: str | None = None) -> None:
        super().__init__(system, message)
        self.field = field


class SourceConflict(SourceError):
    """The system refused a write that conflicts with its current state (HTTP 409 or its equivalent)."""

    code = "CONFLICT"
