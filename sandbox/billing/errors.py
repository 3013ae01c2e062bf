"""The one error type of the billing sandbox: a Stripe error object with its HTTP status."""

from __future__ import annotations

from typing import Any

DOC_BASE = "https://stripe.com/docs/error-codes/"


class StripeError(Exception):
    """A failure Stripe reports as `{"error": {"type", "code", "message", "param", "doc_url"}}`."""

    def __init__(
        self,
        message: str,
        *,
        status: int = 400,
        type: str = "invalid_request_error",
        code: str | None = None,
        param: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.type = type
        self.code = code
        self.param = param

    def body(self) -> dict[str, Any]:
        """The error envelope; like Stripe, keys without a value are left out."""
        error: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.code is not None:
            error["code"] = self.code
            error["doc_url"] = DOC_BASE + self.code.replace("_", "-")
        if self.param is not None:
            error["param"] = self.param
        return {"error": error}


def resource_missing(
    kind: str, object_id: str, *, status: int = 404, param: str | None = None
) -> StripeError:
    """`No such customer: 'cus_x'`: 404 on a path id, 400 when the id came in a parameter."""
    return StripeError(f"No such {kind}: '{object_id}'", status=status, code="resource_missing", param=param)


def parameter_unknown(param: str) -> StripeError:
    """A parameter the endpoint does not take."""
    return StripeError(f"Received unknown parameter: {param}", code="parameter_unknown", param=param)


def parameter_missing(param: str) -> StripeError:
    """A required parameter that was not sent."""
    return StripeError(f"Missing required param: {param}.", code="parameter_missing", param=param)


def invalid(message: str, param: str | None = None) -> StripeError:
    """Any other invalid_request_error about the request's content."""
    return StripeError(message, param=param)


def api_error(message: str = "An unknown error occurred") -> StripeError:
    """A 500 on Stripe's side."""
    return StripeError(message, status=500, type="api_error")
