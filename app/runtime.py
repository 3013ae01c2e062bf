"""The process's long-lived resources: one HTTP client per system, the shared cache, the sources, the schema.

Built by the lifespan when the app starts and closed when it stops; nothing here exists at import time.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import Protocol

import httpx
import strawberry.federation

from app.auth import Authenticator
from app.metrics import Metrics, MetricsAuditSink, MetricsObserver
from app.request_telemetry import telemetry_extension
from app.settings import Settings
from domain.systems import SourceSystem
from resolvers.audit import AuditSink, LoggingAuditSink
from resolvers.execution import keep_at_most
from resolvers.mutations.runner import WritePath
from resolvers.schema import build_schema
from sources.billing.client import BillingSource
from sources.cache import SourceCache
from sources.config import SourceConfig
from sources.context import CallContext
from sources.crm.client import CrmSource
from sources.erp.client import ErpSource
from sources.idempotency import InProcessIdempotencyStore
from sources.registry import Sources
from sources.resilience import Clock
from sources.support.client import SupportSource
from sources.transport import AiohttpTransport
from sources.upstream_client import UpstreamClient

#: How long an idle keep-alive connection to a system is kept open.
KEEPALIVE_EXPIRY_S = 30.0


class Pingable(Protocol):
    """A connector that can say whether its system is usable."""

    async def ping(self, ctx: CallContext) -> None:
        """Return when the system answers an authenticated call; raise SourceError otherwise."""


@dataclass(frozen=True)
class Runtime:
    """What every request shares: the settings, the sources over their clients, and the schema."""

    settings: Settings
    clients: Mapping[SourceSystem, httpx.AsyncClient]
    sources: Sources
    schema: strawberry.federation.Schema
    authenticator: Authenticator
    writes: WritePath
    """What mutations share: the sources, the idempotency store (in process) and the audit sink."""
    metrics: Metrics
    """This instance's Prometheus metrics (its own registry), fed by the sources' observer."""


def build_client(
    *,
    base_url: str,
    timeout_s: float,
    max_connections: int,
    transport: httpx.AsyncBaseTransport | None,
    connect_timeout_s: float | None = None,
) -> httpx.AsyncClient:
    """One system's shared client: its base URL, timeouts and keep-alive pool (or the given transport).

    The connections are aiohttp's (`sources.transport`), at about half the CPU per call of httpx's own
    pool; everything else (URLs, headers, proxies from the environment, decoding) is httpx's. The client
    keeps no upstream cookies (`UpstreamClient`): it is shared by every caller of the gateway.
    """
    connect = timeout_s if connect_timeout_s is None else min(connect_timeout_s, timeout_s)
    if transport is None:
        transport = AiohttpTransport(max_connections=max_connections, keepalive_expiry_s=KEEPALIVE_EXPIRY_S)
    return UpstreamClient(
        base_url=base_url,
        timeout=httpx.Timeout(timeout_s, connect=connect),
        limits=httpx.Limits(
            max_connections=max_connections,
            max_keepalive_connections=max_connections,
            keepalive_expiry=KEEPALIVE_EXPIRY_S,
        ),
        transport=transport,
        follow_redirects=False,
    )


@asynccontextmanager
async def open_runtime(
    settings: Settings,
    transports: Mapping[SourceSystem, httpx.AsyncBaseTransport] | None = None,
    *,
    audit: AuditSink | None = None,
    clock: Clock | None = None,
) -> AsyncIterator[Runtime]:
    """Build the runtime, yield it, and close every client afterwards (`audit` defaults to the log).

    `clock` replaces the monotonic clock and sleep of the cache (TTLs, stale ages), the retries and the
    circuit breakers: tests move time forward instead of waiting."""
    transports = transports or {}
    configs: dict[SourceSystem, SourceConfig] = {
        SourceSystem.CRM: settings.crm,
        SourceSystem.ERP: settings.erp,
        SourceSystem.BILLING: settings.billing,
        SourceSystem.SUPPORT: settings.support,
    }
    async with AsyncExitStack() as stack:
        clients = {
            system: await stack.enter_async_context(
                build_client(
                    base_url=config.base_url,
                    timeout_s=config.timeout_s,
                    connect_timeout_s=config.connect_timeout_s,
                    max_connections=config.max_connections,
                    transport=transports.get(system),
                )
            )
            for system, config in configs.items()
        }
        metrics = Metrics()
        observer = MetricsObserver(metrics)
        cache = (
            SourceCache(settings.cache, observer=observer)
            if clock is None
            else SourceCache(settings.cache, observer=observer, timer=clock.now)
        )
        sources = Sources(
            crm=CrmSource(clients[SourceSystem.CRM], settings.crm, cache, clock=clock),
            erp=ErpSource(clients[SourceSystem.ERP], settings.erp, cache, clock=clock),
            billing=BillingSource(clients[SourceSystem.BILLING], settings.billing, cache, clock=clock),
            support=SupportSource(clients[SourceSystem.SUPPORT], settings.support, cache, clock=clock),
        )
        keep_at_most(settings.kept_values)  # process-wide, as the kept values are
        yield Runtime(
            settings=settings,
            clients=clients,
            sources=sources,
            schema=build_schema(
                outer=[telemetry_extension(metrics)], planned_completion=settings.planned_completion
            ),
            authenticator=Authenticator(settings.api_keys),
            writes=WritePath(
                sources, InProcessIdempotencyStore(), MetricsAuditSink(audit or LoggingAuditSink(), metrics)
            ),
            metrics=metrics,
        )
