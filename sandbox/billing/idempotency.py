"""Idempotency-Key storage: the first answer per (API key, idempotency key), kept for 24 hours.

Keys live in SQLite so they survive a restart. The saved request fingerprint (method, path and parsed
parameters) is compared on reuse; another fingerprint is an `idempotency_error`.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sandbox.billing.errors import StripeError
from sandbox.common.auth import basic_credentials, bearer_token

MAX_KEY_LENGTH = 255
RETENTION_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Saved:
    """A stored first answer."""

    request: str
    status: int
    body: str


def scope_of(headers: Mapping[str, str]) -> str:
    """Keys are per API key: a digest of the presented secret (never the secret itself)."""
    basic = basic_credentials(headers)
    secret = bearer_token(headers) or (basic[0] if basic else "")
    return hashlib.sha256(secret.encode()).hexdigest()[:32]


def fingerprint(method: str, path: str, params: Any) -> str:
    """What must match for a retry to be the same request."""
    return json.dumps(
        {"method": method, "path": path, "params": params}, sort_keys=True, separators=(",", ":")
    )


def check_key(key: str) -> None:
    """Refuse a key Stripe would not accept (nothing is stored for it)."""
    if not key or len(key) > MAX_KEY_LENGTH:
        raise StripeError(
            f"Idempotency-Key must be between 1 and {MAX_KEY_LENGTH} characters long; yours is {len(key)}.",
            param="Idempotency-Key",
        )


def mismatch(key: str) -> StripeError:
    """A key reused with other parameters or on another endpoint."""
    return StripeError(
        "Keys for idempotent requests can only be used with the same parameters they were first used with. "
        f"Try using a key other than '{key}' if you meant to execute a different request.",
        type="idempotency_error",
    )


def in_use(key: str) -> StripeError:
    """A key whose first request is still executing: 409, nothing saved, safe to retry."""
    return StripeError(
        "There is currently another in-progress request using this Idempotent Key (that probably means you "
        f"submitted twice, and the other request is still going through): {key}. Please try again later.",
        status=409,
        code="idempotency_key_in_use",
    )


def prune(conn: sqlite3.Connection, now: int) -> None:
    """Forget keys older than the retention window."""
    conn.execute("DELETE FROM idempotency_keys WHERE created < ?", (now - RETENTION_SECONDS,))


def lookup(conn: sqlite3.Connection, scope: str, key: str) -> Saved | None:
    """The saved answer for a key, if any."""
    row = conn.execute(
        "SELECT request, status, body FROM idempotency_keys WHERE scope = ? AND key = ?", (scope, key)
    ).fetchone()
    return None if row is None else Saved(row["request"], row["status"], row["body"])


def save(conn: sqlite3.Connection, scope: str, key: str, saved: Saved, now: int) -> None:
    """Store the first answer (the caller's transaction; a duplicate raises sqlite3.IntegrityError)."""
    conn.execute(
        "INSERT INTO idempotency_keys (scope, key, request, status, body, created) VALUES (?, ?, ?, ?, ?, ?)",
        (scope, key, saved.request, saved.status, saved.body, now),
    )
