"""Helpers for the end-to-end tests: drive a sandbox system's control plane over HTTP."""

from __future__ import annotations

from typing import Any

import httpx

from sandbox.common.system import SystemApp


async def put_faults(app: SystemApp, **faults: Any) -> None:
    """Set faults on a sandbox system through its control plane."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox") as client:
        response = await client.put("/__sandbox/faults", json=faults)
        response.raise_for_status()


async def journal(app: SystemApp) -> list[dict[str, Any]]:
    """A sandbox system's journal, through its control plane."""
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://sandbox") as client:
        response = await client.get("/__sandbox/journal")
        response.raise_for_status()
        entries: list[dict[str, Any]] = response.json()
        return entries
