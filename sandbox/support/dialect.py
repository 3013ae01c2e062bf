"""Zendesk's auth, error shapes and rate-limit headers."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping

from starlette.responses import PlainTextResponse, Response

from sandbox.common.auth import basic_credentials, bearer_token, same
from sandbox.common.credentials import Credentials
from sandbox.common.responses import JSONResponse
from sandbox.common.system import Dialect

# Zendesk Enterprise's account-wide limit, per minute.
DEFAULT_RATE_LIMIT = 700
RATE_WINDOW_SECONDS = 60


class ZendeskDialect(Dialect):
    """Basic `{email}/token:{api_token}` or Bearer OAuth; `{"error","description"}` bodies; X-Rate-Limit."""

    name = "support"

    def __init__(self, credentials: Credentials, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._credentials = credentials
        self._monotonic = monotonic
        self._window = -1
        self._used = 0

    def authenticate(self, headers: Mapping[str, str]) -> bool:
        """Accept the API token (Basic, user `{email}/token`) or the OAuth access token (Bearer)."""
        token = bearer_token(headers)
        if token is not None:
            return same(token, self._credentials.support_oauth_token)
        basic = basic_credentials(headers)
        if basic is None:
            return False
        user, secret = basic
        email, sep, kind = user.rpartition("/")
        # Emails compare case-insensitively in Zendesk; both checks always run (no early exit on the email).
        email_ok = same(email.lower(), self._credentials.support_email.lower())
        token_ok = same(secret, self._credentials.support_api_token)
        return bool(sep) and kind == "token" and email_ok and token_ok

    def error(self, status: int, code: str, message: str) -> Response:
        """Zendesk's classic error body."""
        return JSONResponse({"error": code, "description": message}, status_code=status)

    def unauthorized(self) -> Response:
        """Zendesk's 401 body has no description."""
        return JSONResponse(
            {"error": "Couldn't authenticate you"},
            status_code=401,
            headers={"WWW-Authenticate": 'Basic realm="Web Password"'},
        )

    def unavailable(self) -> Response:
        """503 while the system is down."""
        return self.error(503, "ServiceUnavailable", "The service is temporarily unavailable.")

    def rate_limited(self, retry_after: int) -> Response:
        """Zendesk answers an exhausted limit in plain text, with Retry-After in seconds."""
        return PlainTextResponse(
            "Number of allowed API requests per minute exceeded",
            status_code=429,
            headers={"Retry-After": str(retry_after)},
        )

    def rate_limit_headers(self, limit: float | None, remaining: int) -> dict[str, str]:
        """X-Rate-Limit on every answer: the fault's limit when set, else 700 a minute, counted here."""
        if limit is not None:
            return {"X-Rate-Limit": str(math.floor(limit)), "X-Rate-Limit-Remaining": str(remaining)}
        window = math.floor(self._monotonic() / RATE_WINDOW_SECONDS)
        if window != self._window:
            self._window, self._used = window, 0
        self._used += 1
        left = max(0, DEFAULT_RATE_LIMIT - self._used)
        return {"X-Rate-Limit": str(DEFAULT_RATE_LIMIT), "X-Rate-Limit-Remaining": str(left)}
