"""Liveness and readiness: `/healthz` says the process runs, `/readyz` that every system answers and that
no system's circuit is open (an open circuit fails every call fast, so that system is down)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse

from app.correlation import call_context
from app.runtime import Pingable, Runtime
from domain.systems import SourceSystem
from sources.context import CallContext
from sources.errors import SourceError

log = logging.getLogger("tessera.health")

#: How long /readyz waits for each system: short, so a probe never hangs on a slow upstream.
READY_TIMEOUT_S = 1.0


async def healthz(request: Request) -> JSONResponse:
    """The process is alive."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """Ping every system at once: 200 when all are up, 503 naming those that are not; each system's body
    has its circuit state (closed, half_open or open; open is down)."""
    runtime: Runtime = request.app.state.runtime
    ctx = call_context(request)
    systems = list(runtime.sources.by_system().items())
    results = await asyncio.gather(*(_check(system, source, ctx) for system, source in systems))
    circuits = runtime.sources.circuit_states()
    statuses = {system.value: result for (system, _), result in zip(systems, results, strict=True)}
    for system, _ in systems:
        status = statuses[system.value]
        status["circuit"] = circuits[system]
        if circuits[system] == "open" and status["up"]:
            statuses[system.value] = {"up": False, "code": "SOURCE_CIRCUIT_OPEN", "circuit": "open"}
    down = [name for name, result in statuses.items() if not result["up"]]
    body = {"status": "unready" if down else "ready", "systems": statuses, "down": down}
    return JSONResponse(body, status_code=503 if down else 200)


async def _check(system: SourceSystem, source: Pingable, ctx: CallContext) -> dict[str, Any]:
    started = time.perf_counter()
    try:
        async with asyncio.timeout(READY_TIMEOUT_S):
            await source.ping(ctx)
    except SourceError as exc:
        return {"up": False, "code": exc.code}
    except TimeoutError:
        return {"up": False, "code": "SOURCE_TIMEOUT"}
    except Exception:
        # A bug, not an upstream failure: log it here, and never show it to the prober.
        log.exception("readiness check of %s failed unexpectedly", system.value)
        return {"up": False, "code": "INTERNAL_ERROR"}
    return {"up": True, "latency_ms": round((time.perf_counter() - started) * 1000, 1)}
