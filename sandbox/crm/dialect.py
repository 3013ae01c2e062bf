"""Salesforce's auth and error conventions: bearer tokens, error arrays, 403 over the limit, api-usage."""

from __future__ import annotations

from collections.abc import Mapping

from starlette.responses import Response

from sandbox.common.auth import bearer_token, same
from sandbox.common.responses import JSONResponse
from sandbox.common.system import Dialect

API_DAILY_LIMIT = 100_000
# Injected faults carry the code Salesforce uses for that status where it has one.
_FAULT_CODES = {500: "UNKNOWN_EXCEPTION", 502: "SERVER_UNAVAILABLE", 503: "SERVER_UNAVAILABLE"}


class SalesforceDialect(Dialect):
    """Salesforce REST: `Authorization: Bearer <access token>`, `[{"message","errorCode"}]` errors."""

    name = "crm"

    def __init__(self, access_token: str) -> None:
        self._access_token = access_token
        self.api_usage = 0

    def authenticate(self, headers: Mapping[str, str]) -> bool:
        """Whether the bearer token is the org's access token."""
        return same(bearer_token(headers), self._access_token)

    def error(self, status: int, code: str, message: str) -> Response:
        """Salesforce's error array."""
        if code == "INJECTED_FAULT":
            code = _FAULT_CODES.get(status, code)
        return JSONResponse([{"message": message, "errorCode": code}], status_code=status)

    def unauthorized(self) -> Response:
        """Salesforce's answer to a missing, wrong or expired token."""
        return self.error(401, "INVALID_SESSION_ID", "Session expired or invalid")

    def unavailable(self) -> Response:
        """Salesforce's answer while the instance is down (maintenance or outage)."""
        return self.error(503, "SERVER_UNAVAILABLE", "Server unavailable. Please try again later.")

    def rate_limited(self, retry_after: int) -> Response:
        """Salesforce answers 403, not 429, when the org is over its API request limit."""
        return self.error(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")

    def rate_limit_headers(self, limit: float | None, remaining: int) -> dict[str, str]:
        """`Sforce-Limit-Info` with the org's API usage, counting every dialect answer."""
        self.api_usage += 1
        return {"Sforce-Limit-Info": f"api-usage={self.api_usage}/{API_DAILY_LIMIT}"}
