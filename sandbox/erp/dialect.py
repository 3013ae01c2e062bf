"""NetSuite's auth and error conventions for the sandbox frame."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import Response

from sandbox.common.auth import bearer_token, same
from sandbox.common.credentials import Credentials
from sandbox.common.system import Dialect
from sandbox.erp.errors import error

_LOGIN_DETAIL = (
    "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at "
    "Setup > Users/Roles > User Management > View Login Audit Trail."
)


class NetSuiteDialect(Dialect):
    """OAuth 2.0 bearer tokens and `o:errorDetails` error documents."""

    name = "erp"

    def __init__(self, credentials: Credentials) -> None:
        self._token = credentials.erp_access_token

    def authenticate(self, headers: Mapping[str, str]) -> bool:
        """Whether the request carries the sandbox's OAuth 2.0 access token."""
        return same(bearer_token(headers), self._token)

    def error(self, status: int, code: str, message: str) -> Response:
        """An error document with one detail."""
        return error(status, code, message).response()

    def unauthorized(self) -> Response:
        """NetSuite's answer to a missing or wrong token."""
        return error(401, "INVALID_LOGIN", _LOGIN_DETAIL).response()

    def unavailable(self) -> Response:
        """A 503 in NetSuite's error shape."""
        return error(
            503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable. Try again later."
        ).response()

    def rate_limited(self, retry_after: int) -> Response:
        """NetSuite's over-limit answer: 429 without a Retry-After header (NetSuite sends none)."""
        return error(
            429, "CONCURRENCY_LIMIT_EXCEEDED", "Concurrent request limit exceeded. Request blocked."
        ).response()
