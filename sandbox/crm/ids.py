"""Salesforce record ids: the 15/18-character forms, the case-checksum suffix, key prefixes."""

from __future__ import annotations

import re
import string

from sandbox.seed.ids import salesforce_checksum

_ID_RE = re.compile(r"^[a-zA-Z0-9]{15}(?:[a-zA-Z0-5]{3})?$")
_CHECKSUM = string.ascii_uppercase + "012345"

KEY_PREFIXES: dict[str, str] = {
    "Account": "001",
    "Contract": "800",
    "Opportunity": "006",
    "Entitlement": "550",
}


def normalize_id(value: str) -> str | None:
    """The canonical 18-character form of a 15- or 18-character id, or None when it is malformed.

    An 18-character id is case-insensitive: its suffix records which of the first 15 characters are
    upper case, so the canonical form is rebuilt from it.
    """
    if not _ID_RE.match(value):
        return None
    if len(value) == 15:
        return value + salesforce_checksum(value)
    chars = list(value[:15])
    for chunk, suffix_char in enumerate(value[15:].upper()):
        bits = _CHECKSUM.index(suffix_char)
        for position in range(5):
            index = chunk * 5 + position
            upper = bool(bits & (1 << position))
            char = chars[index]
            if char.isalpha():
                chars[index] = char.upper() if upper else char.lower()
            elif upper:
                return None
    id15 = "".join(chars)
    return id15 + salesforce_checksum(id15)


def id_of(object_name: str, value: str) -> str | None:
    """The canonical id when `value` is a well-formed id of this object, else None."""
    full = normalize_id(value)
    return full if full is not None and full.startswith(KEY_PREFIXES[object_name]) else None
