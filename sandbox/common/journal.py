"""The request journal: every dialect request a system answered, for counting calls and proving writes."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Header values that must never be kept verbatim, even in a sandbox.
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie"})


def redact_header(name: str, value: str) -> str:
    """Keep an auth header's scheme (so tests can see which was used) and drop the credential."""
    if name.lower() not in _SECRET_HEADERS:
        return value
    scheme, _, _secret = value.partition(" ")
    return f"{scheme} [redacted]" if _secret else "[redacted]"


@dataclass
class Journal:
    """A bounded, in-memory list of journal entries, oldest first."""

    max_entries: int = 200_000
    _entries: deque[dict[str, Any]] = field(init=False)

    def __post_init__(self) -> None:
        self._entries = deque(maxlen=self.max_entries)

    def record(
        self,
        *,
        method: str,
        path: str,
        query: str,
        headers: dict[str, str],
        body: bytes,
        status: int,
        duration_ms: float,
    ) -> None:
        """Append one answered request (`duration_ms`: from its arrival to its answer, injected latency
        included: the upstream latency a caller saw, less the network)."""
        self._entries.append(
            {
                "time": datetime.now(UTC).isoformat(),
                "method": method,
                "path": path,
                "query": query,
                "headers": {k: redact_header(k, v) for k, v in headers.items()},
                "body": body.decode("utf-8", errors="replace"),
                "status": status,
                "duration_ms": round(duration_ms, 3),
            }
        )

    def entries(self) -> list[dict[str, Any]]:
        """All entries, oldest first."""
        return list(self._entries)

    def clear(self) -> None:
        """Forget every entry."""
        self._entries.clear()
