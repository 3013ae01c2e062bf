"""What the four connectors share: the request helper built from a system's configuration and credentials,
the process-wide cache, the circuit state, and the guard around mapping vendor objects to the domain."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

import httpx

from domain.systems import SourceSystem
from sources.breaker import CircuitState
from sources.cache import SourceCache
from sources.config import SourceConfig
from sources.context import CallContext
from sources.errors import SourceBadResponse
from sources.http import SourceHttp
from sources.resilience import Clock
from sources.results import Fetched
from sources.telemetry import SourceObserver

C = TypeVar("C", bound=SourceConfig)
A = TypeVar("A")
T = TypeVar("T")


class Connector(ABC, Generic[C]):
    """One system's connector over the `httpx.AsyncClient` that `app` built for it; a concrete connector
    names its `system` and the headers that authenticate it."""

    system: ClassVar[SourceSystem]
    #: What the system's answers are called in the error for one the domain refuses.
    vendor_object: ClassVar[str] = "an object"

    def __init__(
        self,
        client: httpx.AsyncClient,
        config: C,
        cache: SourceCache,
        *,
        observer: SourceObserver | None = None,
        clock: Clock | None = None,
    ) -> None:
        self._config = config
        self._cache = cache
        self._http = SourceHttp.for_config(
            client,
            self.system,
            config,
            auth_headers=self._auth_headers(config),
            observer=observer if observer is not None else cache.observer,
            clock=clock,
        )

    def cached(self, entity: str, key: str) -> Fetched[Any] | None:
        """The fresh cached answer of one key of one of this connector's batch methods (`entity` as the
        method caches it, `key` as given to it), at once; None when it would have to be loaded."""
        found = self._cache.peek(self.system, entity, key)
        if found is None:
            return None
        value, age_s = found
        return Fetched(value, "cache", 0.0, age_s=age_s)

    @abstractmethod
    def _auth_headers(self, config: C) -> Mapping[str, str]:
        """The headers that authenticate every call to the system."""

    @abstractmethod
    async def ping(self, ctx: CallContext) -> None:
        """Return when the system answers one cheap authenticated call; raise SourceError otherwise."""

    @property
    def circuit_state(self) -> CircuitState:
        """This system's circuit breaker: closed, open (failing fast) or half_open (probing)."""
        return self._http.circuit_state

    def _to_domain(self, convert: Callable[[A], T], obj: A, what: str | None = None) -> T:
        """`convert(obj)`; a vendor value the domain refuses (ValueError) makes the answer unusable."""
        try:
            return convert(obj)
        except ValueError as exc:
            said = f"{self.system.value} answered {what or self.vendor_object} the domain refuses"
            raise SourceBadResponse(self.system, said) from exc
