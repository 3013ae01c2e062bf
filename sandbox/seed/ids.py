"""Vendor-shaped identifiers for seeded records."""

from __future__ import annotations

import random
import string

_BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase
_CHECKSUM = string.ascii_uppercase + "012345"
_ALNUM = string.ascii_letters + string.digits


def salesforce_checksum(id15: str) -> str:
    """The 3-character suffix that makes a 15-character Salesforce id case-insensitive."""
    suffix = ""
    for chunk in range(3):
        bits = 0
        for position, char in enumerate(id15[chunk * 5 : chunk * 5 + 5]):
            if "A" <= char <= "Z":
                bits |= 1 << position
        suffix += _CHECKSUM[bits]
    return suffix


def salesforce_id(prefix: str, number: int) -> str:
    """An 18-character Salesforce id: key prefix, a fixed pod part, the number in base 62, checksum."""
    digits = ""
    while number:
        number, rem = divmod(number, 62)
        digits = _BASE62[rem] + digits
    id15 = f"{prefix}5T0{digits.rjust(9, '0')}"
    return id15 + salesforce_checksum(id15)


def stripe_id(prefix: str, rng: random.Random, length: int = 14) -> str:
    """A Stripe-style id such as `cus_Nf3kP0aZq81LxY`."""
    return prefix + "_" + "".join(rng.choices(_ALNUM, k=length))
