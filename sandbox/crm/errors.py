"""The one error type of the CRM sandbox: a Salesforce error with its status, code and fields."""

from __future__ import annotations

from typing import Any


class SalesforceError(Exception):
    """A failure the API reports as `[{"message", "errorCode", "fields"}]` with an HTTP status."""

    def __init__(
        self, code: str, message: str, *, status: int = 400, fields: list[str] | None = None
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status
        self.fields = fields

    def body(self) -> list[dict[str, Any]]:
        """The error array Salesforce answers with."""
        entry: dict[str, Any] = {"message": self.message, "errorCode": self.code}
        if self.fields is not None:
            entry["fields"] = self.fields
        return [entry]

    def save_error(self) -> dict[str, Any]:
        """The same failure as an entry of a SaveResult's `errors` (which says `statusCode`)."""
        return {"statusCode": self.code, "message": self.message, "fields": self.fields or []}


def not_found() -> SalesforceError:
    """The 404 Salesforce gives for a record or resource that does not exist."""
    return SalesforceError("NOT_FOUND", "The requested resource does not exist", status=404)


def no_such_column(field: str, entity: str) -> str:
    """Salesforce's message for an unknown field of a known object."""
    return (
        f"No such column '{field}' on entity '{entity}'. If you are attempting to use a custom field, be "
        "sure to append the '__c' after the custom field name. Please reference your WSDL or the describe "
        "call for the appropriate names."
    )


def unsupported_type(name: str) -> str:
    """Salesforce's message for an unknown object."""
    return (
        f"sObject type '{name}' is not supported. If you are attempting to use a custom object, be sure to "
        "append the '__c' after the entity name. Please reference your WSDL or the describe call for the "
        "appropriate names."
    )


def unknown_relationship(name: str) -> str:
    """Salesforce's message for a subquery's FROM that is no child relationship of the outer object."""
    return (
        f"Didn't understand relationship '{name}' in FROM part of query call. If you are attempting to use a "
        "custom relationship, be sure to append the '__r' after the custom relationship name. Please "
        "reference your WSDL or the describe call for the appropriate names."
    )
