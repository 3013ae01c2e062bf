"""Zendesk's two error shapes, and the exception routes raise to answer with one."""

from __future__ import annotations

from typing import Any

from sandbox.common.responses import JSONResponse


class ZendeskError(Exception):
    """An error answer in Zendesk's shape; the app turns it into the response."""

    def __init__(self, status: int, body: dict[str, Any], headers: dict[str, str] | None = None) -> None:
        super().__init__(f"{status}: {body}")
        self.status = status
        self.body = body
        self.headers = headers or {}

    def response(self) -> JSONResponse:
        """The JSON response for this error."""
        return JSONResponse(self.body, status_code=self.status, headers=self.headers)


def classic(status: int, error: str, description: str) -> ZendeskError:
    """The `{"error", "description"}` shape most Support endpoints use."""
    return ZendeskError(status, {"error": error, "description": description})


def listed(status: int, code: str, title: str, detail: str | None = None) -> ZendeskError:
    """The `{"errors": [{code, title, status, detail}]}` shape of newer endpoints (cursor paging too)."""
    error: dict[str, Any] = {"code": code, "title": title, "status": str(status)}
    if detail is not None:
        error["detail"] = detail
    return ZendeskError(status, {"errors": [error]})


def not_found() -> ZendeskError:
    """A record that does not exist."""
    return classic(404, "RecordNotFound", "Not found")


def invalid_endpoint() -> ZendeskError:
    """A path the API does not serve."""
    return classic(404, "InvalidEndpoint", "Not found")


def record_invalid(details: dict[str, list[dict[str, str]]]) -> ZendeskError:
    """422 for a write that fails validation; `details` maps a field to its errors."""
    body = {"error": "RecordInvalid", "description": "Record validation errors", "details": details}
    return ZendeskError(422, body)


def bad_request(description: str) -> ZendeskError:
    """400 for a parameter the sandbox (or Zendesk) cannot accept."""
    return classic(400, "InvalidValue", description)


def invalid_pagination(title: str) -> ZendeskError:
    """400 for a bad `page[...]` parameter, in the shape Zendesk's cursor paging uses."""
    return listed(400, "InvalidPaginationParameter", title)
