"""Authentication at the HTTP edge: `Authorization: Bearer <api key>` -> the key's `Principal`, or a 401.

Keys and their scopes come from settings (`TESSERA_API_KEYS`). A presented key is hashed and compared in
constant time against every configured key, with no early exit, so neither timing nor order says which
key (or how much of one) matched. Only the key's name travels further; the key itself never does.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field, SecretStr
from starlette.requests import Request
from starlette.responses import JSONResponse

from resolvers.auth import ALL_SCOPES, Principal, Scope

UNAUTHENTICATED = "UNAUTHENTICATED"
MIN_KEY_LENGTH = 16
DEMO_KEY_NAME = "demo"


class ApiKeyConfig(BaseModel):
    """One configured API key: the secret and the scopes it grants."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: SecretStr = Field(min_length=MIN_KEY_LENGTH)
    scopes: frozenset[Scope] = frozenset()


def _digest(value: str) -> bytes:
    # Comparing digests keeps every comparison the same length, so compare_digest leaks nothing about length.
    return hashlib.sha256(value.encode()).digest()


class Authenticator:
    """Maps a presented bearer key to its principal; None for no key or an unknown one."""

    def __init__(self, keys: Mapping[str, ApiKeyConfig]) -> None:
        self._entries = [
            (_digest(config.key.get_secret_value()), Principal(name, config.scopes))
            for name, config in keys.items()
        ]

    def __bool__(self) -> bool:
        return bool(self._entries)

    def authenticate(self, authorization: str | None) -> Principal | None:
        """The principal whose key is the bearer token of an `Authorization` header value."""
        token = bearer_token(authorization)
        if token is None:
            return None
        presented = _digest(token)
        found: Principal | None = None
        for digest, principal in self._entries:
            # Every configured key is compared, whatever matched before.
            if hmac.compare_digest(presented, digest):
                found = principal
        return found


def bearer_token(authorization: str | None) -> str | None:
    """The token of `Bearer <token>` (scheme case-insensitive); None for anything else."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def needs_authentication(request: Request) -> bool:
    """Whether a /graphql request must carry a key: all do, except a GET with no query (the GraphiQL page)."""
    return not (request.method == "GET" and "query" not in request.query_params)


def unauthenticated(message: str, *, request_id: str | None = None) -> JSONResponse:
    """HTTP 401 with a GraphQL-shaped body (with the request's id), answered before any execution."""
    extensions = {"code": UNAUTHENTICATED}
    if request_id is not None:
        extensions["requestId"] = request_id
    return JSONResponse(
        {"errors": [{"message": message, "extensions": extensions}]},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer realm="tessera"'},
    )


def demo_key() -> tuple[str, ApiKeyConfig]:
    """A fresh random key with every scope, for `tessera demo`."""
    return DEMO_KEY_NAME, ApiKeyConfig(key=SecretStr(secrets.token_urlsafe(32)), scopes=ALL_SCOPES)
