"""The one error type of the ERP sandbox: a NetSuite REST error with its `o:errorDetails`."""

from __future__ import annotations

from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from sandbox.common.responses import JSONResponse

ERROR_MEDIA_TYPE = "application/vnd.oracle.resource+json; type=error"

_RFC9110_4XX = {status: f"15.5.{status - 399}" for status in range(400, 418)} | {
    421: "15.5.20",
    422: "15.5.21",
    426: "15.5.22",
}
_RFC9110_5XX = {status: f"15.6.{status - 499}" for status in range(500, 506)}

SUITEQL_PREFIX = "Invalid search query. Detailed unprocessed description follows. "


def problem_type(status: int) -> str:
    """The `type` URI NetSuite puts on an error of this status."""
    if status == 429:
        return "https://www.rfc-editor.org/rfc/rfc6585.html#section-4"
    section = _RFC9110_4XX.get(status) or _RFC9110_5XX.get(status) or ("15.5" if status < 500 else "15.6")
    return f"https://www.rfc-editor.org/rfc/rfc9110.html#section-{section}"


@dataclass(frozen=True)
class Detail:
    """One entry of `o:errorDetails`; at most one of the locating fields is usually set."""

    detail: str
    code: str
    path: str | None = None
    query_param: str | None = None
    header: str | None = None

    def body(self) -> dict[str, str]:
        """The entry as NetSuite writes it."""
        entry = {"detail": self.detail}
        if self.path is not None:
            entry["o:errorPath"] = self.path
        if self.query_param is not None:
            entry["o:errorQueryParam"] = self.query_param
        if self.header is not None:
            entry["o:errorHeader"] = self.header
        entry["o:errorCode"] = self.code
        return entry


@dataclass
class NetSuiteError(Exception):
    """A failure NetSuite reports as `{type, title, status, o:errorDetails}`."""

    status: int
    details: list[Detail] = field(default_factory=list)

    def body(self) -> dict[str, Any]:
        """The error document."""
        return {
            "type": problem_type(self.status),
            "title": _title(self.status),
            "status": self.status,
            "o:errorDetails": [d.body() for d in self.details],
        }

    def response(self) -> JSONResponse:
        """The error as an HTTP answer."""
        return JSONResponse(self.body(), status_code=self.status, media_type=ERROR_MEDIA_TYPE)


def error(status: int, code: str, detail: str, **where: str) -> NetSuiteError:
    """An error with a single detail; `where` takes path, query_param or header."""
    return NetSuiteError(status, [Detail(detail, code, **where)])


def not_found() -> NetSuiteError:
    """The 404 NetSuite gives for a record id that does not exist."""
    return error(
        404, "NONEXISTENT_ID", "The record instance does not exist. Provide a valid record instance ID."
    )


def invalid_query(message: str) -> NetSuiteError:
    """A SuiteQL query NetSuite refuses (outside the subset, unknown names, bad syntax)."""
    return error(400, "INVALID_PARAMETER", SUITEQL_PREFIX + message, query_param="q")


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
