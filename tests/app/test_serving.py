from __future__ import annotations

import asyncio
import signal
from typing import Any

import pytest

from app import serving


class FakeServer:
    def __init__(self) -> None:
        self.started = False
        self.should_exit = False
        self.force_exit = False


@pytest.fixture
def restore_signals() -> Any:
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    yield
    for sig, handler in saved.items():
        signal.signal(sig, handler)


async def test_announces_once_every_server_started_and_then_one_signal_stops_them_all(
    restore_signals: Any,
) -> None:
    servers = [FakeServer(), FakeServer()]
    announced: list[bool] = []
    watcher = asyncio.create_task(serving._when_started(servers, lambda: announced.append(True)))  # type: ignore[arg-type]
    await asyncio.sleep(0)
    servers[0].started = True
    await asyncio.sleep(serving._POLL_S * 2)
    assert announced == []

    servers[1].started = True
    await asyncio.wait_for(watcher, timeout=5)
    assert announced == [True]

    on_interrupt, on_term = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    assert callable(on_interrupt)
    assert callable(on_term)
    on_interrupt(signal.SIGINT, None)
    assert all(s.should_exit and not s.force_exit for s in servers)
    on_term(signal.SIGTERM, None)  # a second signal forces the exit
    assert all(s.force_exit for s in servers)


async def test_gives_up_when_a_server_exits_during_startup() -> None:
    servers = [FakeServer(), FakeServer()]
    servers[1].should_exit = True

    announced: list[bool] = []

    await asyncio.wait_for(serving._when_started(servers, lambda: announced.append(True)), timeout=5)  # type: ignore[arg-type]

    assert announced == []
