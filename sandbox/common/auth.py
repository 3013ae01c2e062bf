"""Credential checks shared by the dialects, constant-time."""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Mapping


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The token of an `Authorization: Bearer ...` header, if there is one."""
    scheme, _, token = headers.get("authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def basic_credentials(headers: Mapping[str, str]) -> tuple[str, str] | None:
    """The (user, password) of an `Authorization: Basic ...` header, if it is well formed."""
    scheme, _, encoded = headers.get("authorization", "").partition(" ")
    if scheme.lower() != "basic":
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def same(given: str | None, expected: str) -> bool:
    """Compare a presented secret with the expected one in constant time."""
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())
