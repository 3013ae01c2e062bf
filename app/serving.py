"""Run several uvicorn servers in one process and one event loop, and stop them all on Ctrl-C."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Callable
from types import FrameType

import uvicorn
import uvloop

from sandbox import runner

#: How often startup is checked before the "ready" announcement.
_POLL_S = 0.05


def run_servers(servers: list[uvicorn.Server], *, on_started: Callable[[], None] | None = None) -> None:
    """Serve until Ctrl-C (or SIGTERM), then shut every server down gracefully; a second Ctrl-C forces it."""
    with contextlib.suppress(KeyboardInterrupt), asyncio.Runner(loop_factory=uvloop.new_event_loop) as loop:
        loop.run(_serve(servers, on_started))


async def _serve(servers: list[uvicorn.Server], on_started: Callable[[], None] | None) -> None:
    watcher = asyncio.create_task(_when_started(servers, on_started))
    try:
        await runner.serve_all(servers)
    finally:
        watcher.cancel()


async def _when_started(servers: list[uvicorn.Server], on_started: Callable[[], None] | None) -> None:
    while not all(server.started for server in servers):
        if any(server.should_exit for server in servers):
            return
        await asyncio.sleep(_POLL_S)
    # Each server took the signals for itself while starting, so only the last one would hear Ctrl-C;
    # from now on one handler stops them all.
    _stop_all_on_signal(servers)
    if on_started is not None:
        on_started()


def _stop_all_on_signal(servers: list[uvicorn.Server]) -> None:
    def handle(sig: int, frame: FrameType | None) -> None:
        for server in servers:
            if server.should_exit:
                server.force_exit = True
            server.should_exit = True

    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handle)
