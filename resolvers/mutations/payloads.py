"""The expected failures every mutation can answer, as types of its result union (never GraphQL errors)."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from domain.money import Money as DomainMoney


@strawberry.interface(description="Why a mutation wrote nothing: an expected answer, not an incident.")
class MutationError:
    """What every expected failure of a mutation carries."""

    message: str
    code: str = strawberry.field(description="A stable, machine-readable reason.")


@strawberry.type(description="An input was refused before any write; `field` names it (e.g. `amount`).")
class ValidationError(MutationError):
    """Code VALIDATION_FAILED."""

    field: str


@strawberry.type(description="The customer or the object the mutation names does not exist.")
class NotFoundError(MutationError):
    """Code NOT_FOUND."""


@strawberry.type(description="The system of record refused the write as conflicting with its current state.")
class ConflictError(MutationError):
    """Code CONFLICT."""


@strawberry.type(description="The write was aimed at a system that does not own the fact; nothing was sent.")
class NotOwnerError(MutationError):
    """Code NOT_OWNER."""


@strawberry.type(
    description=(
        "The idempotency key was already used (by this API key) with different input: refused, nothing "
        "written. Use a new key for a new request."
    )
)
class IdempotencyKeyReusedError(MutationError):
    """Code IDEMPOTENCY_KEY_REUSED."""


def validation_error(field: str, message: str) -> ValidationError:
    """A validation failure naming the input field."""
    return ValidationError(message=message, code="VALIDATION_FAILED", field=field)


def not_found(message: str) -> NotFoundError:
    """A not-found failure."""
    return NotFoundError(message=message, code="NOT_FOUND")


def conflict(message: str) -> ConflictError:
    """A conflict failure."""
    return ConflictError(message=message, code="CONFLICT")


def not_owner(message: str) -> NotOwnerError:
    """A refusal to write where the fact is not owned."""
    return NotOwnerError(message=message, code="NOT_OWNER")


def key_reused(message: str) -> IdempotencyKeyReusedError:
    """A refusal of a reused idempotency key."""
    return IdempotencyKeyReusedError(message=message, code="IDEMPOTENCY_KEY_REUSED")


Failure = ValidationError | NotFoundError | ConflictError | NotOwnerError | IdempotencyKeyReusedError


@strawberry.input(description='An exact amount: `amount` is a Decimal string ("25.00"), never a float.')
class MoneyInput:
    """An amount and its ISO 4217 currency."""

    amount: Decimal
    currency: str

    def to_domain(self) -> DomainMoney:
        """The input as domain Money; ValueError when the currency is not a known ISO 4217 code."""
        return DomainMoney.of(self.amount, self.currency)
