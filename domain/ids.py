"""Identifier formats of each system of record: validation, parsing and canonical forms.

Every parser returns the canonical form or raises `InvalidId`. Salesforce ids are canonical in their
18-character form (15-character ids are extended with the case-checksum suffix). Zendesk and NetSuite ids
are positive integers, carried as decimal strings without leading zeros.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import partial
from typing import Annotated, Any

from pydantic import BeforeValidator

from domain.systems import SourceSystem


class InvalidId(ValueError):
    """Raised when a value is not a valid identifier of the named system."""

    def __init__(self, system: SourceSystem, value: object, reason: str) -> None:
        super().__init__(f"invalid {system.value} id {value!r}: {reason}")
        self.system = system
        self.value = value
        self.reason = reason


# --- Salesforce (CRM) ---------------------------------------------------------------------------------

_SF_ID_RE = re.compile(r"^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$")
_SF_CHECKSUM_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"


class SalesforcePrefix(StrEnum):
    """Key prefixes (the first three characters) of the Salesforce objects Tessera uses."""

    ACCOUNT = "001"
    CONTRACT = "800"
    ENTITLEMENT = "550"
    OPPORTUNITY = "006"
    USER = "005"


def salesforce_checksum(id15: str) -> str:
    """Return the 3-character case-checksum suffix of a 15-character Salesforce id."""
    if len(id15) != 15:
        raise InvalidId(SourceSystem.CRM, id15, "checksum needs exactly 15 characters")
    suffix = []
    for start in (0, 5, 10):
        bits = 0
        for position, char in enumerate(id15[start : start + 5]):
            if "A" <= char <= "Z":
                bits |= 1 << position
        suffix.append(_SF_CHECKSUM_ALPHABET[bits])
    return "".join(suffix)


def parse_salesforce_id(value: object, *, prefix: SalesforcePrefix | None = None) -> str:
    """Validate a 15- or 18-character Salesforce id and return its canonical 18-character form."""
    if not isinstance(value, str) or not _SF_ID_RE.match(value):
        raise InvalidId(SourceSystem.CRM, value, "expected 15 or 18 alphanumeric characters")
    expected = salesforce_checksum(value[:15])
    if len(value) == 18 and value[15:] != expected:
        raise InvalidId(SourceSystem.CRM, value, f"checksum suffix should be {expected!r}")
    if prefix is not None and not value.startswith(prefix.value):
        raise InvalidId(
            SourceSystem.CRM, value, f"expected a {prefix.name.lower()} id (key prefix {prefix.value})"
        )
    return value[:15] + expected


def to_salesforce_18(value: str) -> str:
    """Convert a 15-character Salesforce id to 18 characters (18-character ids are checked and kept)."""
    return parse_salesforce_id(value)


def is_salesforce_id(value: object, *, prefix: SalesforcePrefix | None = None) -> bool:
    """Tell whether a value is a valid Salesforce id (optionally of one object type)."""
    try:
        parse_salesforce_id(value, prefix=prefix)
    except InvalidId:
        return False
    return True


def parse_customer_id(value: object) -> str:
    """Validate a customer id (a CRM Account id) and return its canonical 18-character form."""
    return parse_salesforce_id(value, prefix=SalesforcePrefix.ACCOUNT)


# --- Stripe (billing) ---------------------------------------------------------------------------------

_STRIPE_MAX_LEN = 255
_STRIPE_BODY_RE = re.compile(r"^[A-Za-z0-9]+$")
# Accounts may create prices and products with ids of their own choosing, underscores included.
_STRIPE_CATALOG_BODY_RE = re.compile(r"^[A-Za-z0-9_]+$")


class StripePrefix(StrEnum):
    """Prefixes of the Stripe object ids Tessera uses (the id is `<prefix>_<alphanumerics>`)."""

    CUSTOMER = "cus"
    SUBSCRIPTION = "sub"
    SUBSCRIPTION_ITEM = "si"
    INVOICE = "in"
    CREDIT_NOTE = "cn"
    PRICE = "price"
    PRODUCT = "prod"


def parse_stripe_id(value: object, prefix: StripePrefix) -> str:
    """Validate a Stripe id of the given object type and return it unchanged."""
    if not isinstance(value, str):
        raise InvalidId(SourceSystem.BILLING, value, "expected a string")
    if len(value) > _STRIPE_MAX_LEN:
        raise InvalidId(SourceSystem.BILLING, value, f"longer than {_STRIPE_MAX_LEN} characters")
    head, sep, body = value.partition("_")
    catalog = prefix in (StripePrefix.PRICE, StripePrefix.PRODUCT)
    body_re = _STRIPE_CATALOG_BODY_RE if catalog else _STRIPE_BODY_RE
    if not sep or head != prefix.value or not body_re.match(body):
        raise InvalidId(
            SourceSystem.BILLING, value, f"expected {prefix.value}_ followed by letters and digits"
        )
    return value


# --- Zendesk (support) and NetSuite (ERP): positive integers -------------------------------------------

_POSITIVE_DIGITS_RE = re.compile(r"^[1-9][0-9]*$")


def _parse_positive_int(system: SourceSystem, value: object) -> int:
    if isinstance(value, bool):
        raise InvalidId(system, value, "expected a positive integer")
    if isinstance(value, int):
        if value <= 0:
            raise InvalidId(system, value, "expected a positive integer")
        return value
    if isinstance(value, str) and _POSITIVE_DIGITS_RE.match(value):
        return int(value)
    raise InvalidId(system, value, "expected a positive integer (digits, no sign or leading zero)")


def parse_zendesk_id(value: object) -> int:
    """Validate a Zendesk id (an int or its digits) and return it as an int."""
    return _parse_positive_int(SourceSystem.SUPPORT, value)


def parse_netsuite_id(value: object) -> str:
    """Validate a NetSuite internal id (an int or its digits) and return it as a digit string."""
    return str(_parse_positive_int(SourceSystem.ERP, value))


# --- pydantic field types -----------------------------------------------------------------------------


def _zendesk_str(value: Any) -> str:
    return str(parse_zendesk_id(value))


CustomerId = Annotated[str, BeforeValidator(parse_customer_id)]
"""The customer's id in the graph: a CRM Account id, canonical 18-character form."""
SalesforceAccountId = CustomerId
SalesforceContractId = Annotated[
    str, BeforeValidator(partial(parse_salesforce_id, prefix=SalesforcePrefix.CONTRACT))
]
SalesforceEntitlementId = Annotated[
    str, BeforeValidator(partial(parse_salesforce_id, prefix=SalesforcePrefix.ENTITLEMENT))
]
SalesforceUserId = Annotated[str, BeforeValidator(partial(parse_salesforce_id, prefix=SalesforcePrefix.USER))]
SalesforceId = Annotated[str, BeforeValidator(parse_salesforce_id)]

StripeCustomerId = Annotated[str, BeforeValidator(partial(parse_stripe_id, prefix=StripePrefix.CUSTOMER))]
StripeSubscriptionId = Annotated[
    str, BeforeValidator(partial(parse_stripe_id, prefix=StripePrefix.SUBSCRIPTION))
]
StripeSubscriptionItemId = Annotated[
    str, BeforeValidator(partial(parse_stripe_id, prefix=StripePrefix.SUBSCRIPTION_ITEM))
]
StripeInvoiceId = Annotated[str, BeforeValidator(partial(parse_stripe_id, prefix=StripePrefix.INVOICE))]
StripeCreditNoteId = Annotated[
    str, BeforeValidator(partial(parse_stripe_id, prefix=StripePrefix.CREDIT_NOTE))
]
StripePriceId = Annotated[str, BeforeValidator(partial(parse_stripe_id, prefix=StripePrefix.PRICE))]
StripeProductId = Annotated[str, BeforeValidator(partial(parse_stripe_id, prefix=StripePrefix.PRODUCT))]

ZendeskId = Annotated[str, BeforeValidator(_zendesk_str)]
"""A Zendesk id carried as the decimal string of its integer."""
NetSuiteId = Annotated[str, BeforeValidator(parse_netsuite_id)]
"""A NetSuite internal id carried as a decimal string."""
