"""The ASGI app factory: `create_app(settings)` wires the lifespan, the routes, the correlation ids and
request deadlines, metrics and tracing."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Route

from app.correlation import CorrelationMiddleware
from app.graphql import GraphQLEndpoint, GraphQLView
from app.health import healthz, readyz
from app.metrics import metrics_endpoint
from app.runtime import open_runtime
from app.settings import Settings
from app.tracing import configure_tracing
from domain.systems import SourceSystem
from resolvers.audit import AuditSink
from sources.resilience import Clock

log = logging.getLogger("tessera.app")


def create_app(
    settings: Settings,
    *,
    transports: Mapping[SourceSystem, httpx.AsyncBaseTransport] | None = None,
    audit: AuditSink | None = None,
    clock: Clock | None = None,
) -> Starlette:
    """The gateway. `transports` replaces a system's network transport (tests plug the sandbox in here);
    `audit` replaces the audit sink (the `tessera.audit` logger by default); `clock` replaces the
    monotonic clock and sleep of deadlines, the cache, retries and circuit breakers (tests)."""
    configure_tracing(settings)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with open_runtime(settings, transports, audit=audit, clock=clock) as runtime:
            if not settings.api_keys:
                log.warning("no API keys configured (TESSERA_API_KEYS): every GraphQL request gets 401")
            app.state.runtime = runtime
            app.state.graphql = GraphQLView(runtime)
            log.info(
                "tessera gateway ready: crm=%s erp=%s billing=%s support=%s",
                settings.crm.base_url,
                settings.erp.base_url,
                settings.billing.base_url,
                settings.support.base_url,
            )
            yield
        log.info("tessera gateway stopped")

    return Starlette(
        debug=False,
        routes=[
            Route("/graphql", GraphQLEndpoint(), methods=["GET", "POST"]),
            Route("/healthz", healthz, methods=["GET"]),
            Route("/readyz", readyz, methods=["GET"]),
            Route("/metrics", metrics_endpoint, methods=["GET"]),
        ],
        middleware=[
            Middleware(
                CorrelationMiddleware,
                deadline_s=settings.request_deadline_s,
                now=(clock or Clock()).now,
            )
        ],
        lifespan=lifespan,
    )
