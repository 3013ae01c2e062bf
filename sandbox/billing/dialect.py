"""Stripe's auth and error conventions for the control plane's answers (401, 429, 503, injected faults)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from starlette.responses import Response

from sandbox.billing.errors import StripeError
from sandbox.billing.ids import request_id
from sandbox.common.auth import basic_credentials, bearer_token, same
from sandbox.common.responses import JSONResponse
from sandbox.common.system import Dialect

_KEY_PREFIX = re.compile(r"^(?:sk|rk|pk)_(?:test|live)_")
_STRIPE_CODE = re.compile(r"^[a-z_]+$")

NO_KEY_MESSAGE = (
    "You did not provide an API key. You need to provide your API key in the Authorization header, using "
    "Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). "
    "See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/."
)


def mask_key(key: str) -> str:
    """Stripe's way of naming a wrong key: its prefix and last four characters, never the whole of it."""
    prefix_match = _KEY_PREFIX.match(key)
    prefix = prefix_match.group(0) if prefix_match else ""
    rest = key[len(prefix) :]
    if len(rest) <= 8:
        return prefix + "*" * len(rest)
    return prefix + "*" * (len(rest) - 4) + rest[-4:]


def presented_key(headers: Mapping[str, str]) -> str | None:
    """The secret key of a request: Bearer token, or Basic user name (`curl -u sk_test_...:`)."""
    token = bearer_token(headers)
    if token is not None:
        return token
    basic = basic_credentials(headers)
    return basic[0] if basic and basic[0] else None


class StripeDialect(Dialect):
    """Secret key as a bearer token; errors as `{"error": {...}}` with a Request-Id header."""

    name = "billing"

    def __init__(self, secret_key: str) -> None:
        self._secret_key = secret_key
        # SystemApp calls unauthorized() right after a failed authenticate(), with no await between, so the
        # key just presented is still the one to name in the message.
        self._last_presented: str | None = None

    def authenticate(self, headers: Mapping[str, str]) -> bool:
        """Whether the request carries the sandbox's secret key."""
        self._last_presented = presented_key(headers)
        return same(self._last_presented, self._secret_key)

    def error(self, status: int, code: str, message: str) -> Response:
        """An error answer in Stripe's shape; only Stripe-style (lower-case) codes are kept."""
        error = StripeError(
            message,
            status=status,
            type="api_error" if status >= 500 else "invalid_request_error",
            code=code if _STRIPE_CODE.match(code) else None,
        )
        return stripe_error(error)

    def unauthorized(self) -> Response:
        """401: which key was wrong (masked), or that none was given."""
        key = self._last_presented
        message = NO_KEY_MESSAGE if not key else f"Invalid API Key provided: {mask_key(key)}"
        response = stripe_error(StripeError(message, status=401))
        response.headers["WWW-Authenticate"] = 'Basic realm="Stripe"'
        return response

    def unavailable(self) -> Response:
        """503 while the system is down."""
        return self.error(503, "", "Stripe is temporarily unavailable. Please try again later.")

    def rate_limited(self, retry_after: int) -> Response:
        """429 with code `rate_limit`, as Stripe answers (it sends no Retry-After header)."""
        return stripe_error(
            StripeError(
                "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
                status=429,
                code="rate_limit",
            )
        )


def stripe_error(error: StripeError) -> Response:
    """A standalone error answer carrying its own Request-Id."""
    return JSONResponse(error.body(), status_code=error.status, headers={"Request-Id": request_id()})
