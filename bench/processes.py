"""The processes under test: the sandbox and the gateway, each its own subprocess on free ephemeral ports."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bench.http1 import Connection, HttpError

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
SYSTEMS = ("crm", "billing", "support", "erp")
#: The demo's fixed ports: the benchmark must never take (or disturb) them.
RESERVED_PORTS = frozenset({8000, 8101, 8102, 8103, 8104})
STARTUP_TIMEOUT_S = 60.0


def free_ports(count: int) -> list[int]:
    """`count` distinct ports the kernel hands out as free ephemeral ports on 127.0.0.1."""
    sockets: list[socket.socket] = []
    try:
        while len(sockets) < count:
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.bind((HOST, 0))
            if sock.getsockname()[1] in RESERVED_PORTS:
                sock.close()
                continue
            sockets.append(sock)
        return [sock.getsockname()[1] for sock in sockets]
    finally:
        for sock in sockets:
            sock.close()


@dataclass(frozen=True)
class Cores:
    """Where the processes run: the gateway (the system under test, one worker) on a CPU of its own, and
    everything else (the sandbox, the load generator, the benchmark itself) on the others. In production
    the vendors and the clients are other machines: sharing the gateway's core with them would count their
    CPU, and what they evict from its caches, as the gateway's overhead."""

    gateway: frozenset[int]
    rest: frozenset[int]

    def describe(self) -> str:
        """For the report, e.g. "gateway on CPU 1; sandbox, load generator and benchmark on CPU 0"."""
        others = "sandbox, load generator and benchmark"
        return f"gateway on CPU {_cpus(self.gateway)}; {others} on CPU {_cpus(self.rest)}"


def _cpus(cpus: frozenset[int]) -> str:
    return ", ".join(str(cpu) for cpu in sorted(cpus))


def split_cores(share: bool = False) -> Cores | None:
    """The last CPU this process may use for the gateway and the others for the rest; None (every process
    shares every CPU) when `share` is asked for, with fewer than two CPUs, or where affinity is not
    supported (not Linux)."""
    if share or not hasattr(os, "sched_getaffinity"):
        return None
    cpus = sorted(os.sched_getaffinity(0))
    if len(cpus) < 2:
        return None
    return Cores(gateway=frozenset(cpus[-1:]), rest=frozenset(cpus[:-1]))


def pin(pid: int, cpus: frozenset[int] | None) -> None:
    """Run `pid` (0: this process; a child started later inherits it) only on `cpus`; None: leave it."""
    if cpus is not None:
        os.sched_setaffinity(pid, cpus)


def rss_kib(pid: int) -> int:
    """A process's resident set size (VmRSS) in KiB, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


@dataclass
class Managed:
    """One subprocess we started, with its log file."""

    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def stop(self, timeout_s: float = 10.0) -> None:
        """SIGINT (a graceful uvicorn shutdown), then SIGKILL if it does not exit in time."""
        if self.process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout_s)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                self.process.kill()
            self.process.wait(timeout_s)

    def tail(self, lines: int = 20) -> str:
        """The end of its log, for error messages."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


def start(name: str, args: list[str], log: Path, env: Mapping[str, str] | None = None) -> Managed:
    """Start a subprocess in its own session (a Ctrl-C in the terminal reaches only the benchmark)."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            args,
            cwd=ROOT,
            env={**os.environ, **(env or {})},
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Managed(name, process, log)


async def wait_until(managed: Managed, port: int, path: str, timeout_s: float = STARTUP_TIMEOUT_S) -> None:
    """Poll `GET path` until it answers 200; fail early if the process exits."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if managed.process.poll() is not None:
            raise RuntimeError(f"{managed.name} exited with {managed.process.returncode}:\n{managed.tail()}")
        conn = Connection(HOST, port)
        try:
            status, _ = await conn.request("GET", path)
            if status == 200:
                return
        except (HttpError, OSError):
            pass
        finally:
            conn.close()
        await asyncio.sleep(0.1)
    raise RuntimeError(f"{managed.name} not ready on {port}{path} after {timeout_s:g}s:\n{managed.tail()}")


def seed(data: Path, customers: int, log: Path) -> bool:
    """Seed the sandbox data dir unless it already holds a seeded sandbox; True when it seeded."""
    from sandbox import runner

    if runner.is_seeded(data):
        return False
    args = [str(BIN / "tessera"), "sandbox", "seed", "--customers", str(customers), "--data", str(data)]
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        subprocess.run(args, cwd=ROOT, check=True, stdout=out, stderr=subprocess.STDOUT)
    return True


@dataclass
class Stack:
    """The sandbox (one process per system) and, at any time, at most one gateway before it."""

    data: Path
    logs: Path
    #: The CPU split (None: shared). The caller pins itself to `rest` (the sandbox and every load generator
    #: it starts inherit that); the stack pins each gateway to `gateway`.
    cores: Cores | None = None
    ports: dict[str, int] = field(default_factory=dict)
    gateway_port: int = 0
    sandboxes: list[Managed] = field(default_factory=list)
    gateway: Managed | None = None
    gateway_env: dict[str, str] = field(default_factory=dict)
    #: A fresh API key for this run (read scope only), sent as `Authorization: Bearer <key>`.
    api_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    @property
    def auth_headers(self) -> dict[str, str]:
        """The headers every GraphQL request of the benchmark carries."""
        return {"Authorization": f"Bearer {self.api_key}"}

    async def start_sandbox(self) -> None:
        """Serve each seeded sandbox system in its own process (a vendor answers its calls in parallel with
        the others'; four systems in one process would queue them on one core) on a free port, and wait
        until each control plane answers."""
        *system_ports, self.gateway_port = free_ports(len(SYSTEMS) + 1)
        self.ports = dict(zip(SYSTEMS, system_ports, strict=True))
        for system, port in self.ports.items():
            args = [str(BIN / "tessera"), "sandbox", "serve", "--host", HOST, "--data", str(self.data)]
            args += ["--only", system, f"--{system}-port", str(port)]
            managed = start(f"sandbox-{system}", args, self.logs / f"sandbox-{system}.log")
            self.sandboxes.append(managed)
            await wait_until(managed, port, "/__sandbox/faults")

    async def start_gateway(self, extra_env: Mapping[str, str] | None = None) -> Managed:
        """Serve the gateway (uvicorn, uvloop, httptools, one worker) and wait for /readyz."""
        self.stop_gateway()
        env = {
            "TESSERA_LOG_LEVEL": "warning",
            "TESSERA_GRAPHIQL": "false",
            "TESSERA_API_KEYS": json.dumps({"bench": {"key": self.api_key, "scopes": ["profile:read"]}}),
            **{f"TESSERA_{s.upper()}__BASE_URL": f"http://{HOST}:{p}" for s, p in self.ports.items()},
            **(extra_env or {}),
        }
        self.gateway_env = env
        args = [str(BIN / "tessera"), "serve", "--host", HOST, "--port", str(self.gateway_port)]
        self.gateway = start("gateway", args, self.logs / "gateway.log", env)
        pin(self.gateway.process.pid, None if self.cores is None else self.cores.gateway)
        await wait_until(self.gateway, self.gateway_port, "/readyz")
        return self.gateway

    def stop_gateway(self) -> None:
        """Stop the gateway if one runs."""
        if self.gateway is not None:
            self.gateway.stop()
            self.gateway = None

    def stop(self) -> None:
        """Stop everything this stack started."""
        self.stop_gateway()
        while self.sandboxes:
            self.sandboxes.pop().stop()


@contextlib.contextmanager
def stack(data: Path, logs: Path, cores: Cores | None = None) -> Iterator[Stack]:
    """A stack that is stopped on the way out, whatever happened (an error, Ctrl-C)."""
    running = Stack(data, logs, cores)
    try:
        yield running
    finally:
        running.stop()
