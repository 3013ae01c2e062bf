"""New object ids in Stripe's form: a type prefix, an underscore and 24 random alphanumerics."""

from __future__ import annotations

import secrets
import string

_ALPHABET = string.ascii_letters + string.digits


def new_id(prefix: str) -> str:
    """A fresh id such as `cn_1Pgc75B7WZ01zgkWJMPt5riP`."""
    return prefix + "_" + "".join(secrets.choice(_ALPHABET) for _ in range(24))


def request_id() -> str:
    """A `Request-Id` header value."""
    return "req_" + "".join(secrets.choice(_ALPHABET) for _ in range(14))
