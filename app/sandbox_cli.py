"""`tessera sandbox ...`: seed the four imitation systems of record and serve them for the demo."""

from __future__ import annotations

import base64
import json
import logging
import time
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from tqdm import tqdm

from app.logs import configure_logging
from sandbox import runner
from sandbox.common.credentials import Credentials
from sandbox.seed.model import Customer

log = logging.getLogger("tessera.sandbox")

DEFAULT_DATA = Path("data/sandbox")
DEFAULT_PORTS = {system.name: system.port for system in runner.SYSTEMS}

sandbox_app = typer.Typer(help="Seed and serve the sandbox systems of record (CRM, billing, support, ERP).")

DataOption = Annotated[Path, typer.Option("--data", help="Directory holding the sandbox databases.")]


def _progress(customers: Iterable[Customer], total: int) -> Iterator[Customer]:
    return iter(tqdm(customers, total=total, unit="customer", desc="seeding"))


def _parse_date(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise typer.BadParameter("expected YYYY-MM-DD", param_hint="--as-of") from exc


def seed(data_dir: Path, *, customers: int, seed: int, as_of: date) -> Path:
    """Seed every system with a progress bar; report the time taken; return the manifest's path."""
    started = time.perf_counter()
    runner.seed_all(data_dir, customers=customers, seed=seed, as_of=as_of, progress=_progress)
    manifest = data_dir / runner.MANIFEST
    typer.echo(
        f"Seeded {customers} customers (seed {seed}, as of {as_of}) in {time.perf_counter() - started:.1f} s"
    )
    typer.echo(f"Manifest: {manifest}")
    return manifest


def sample_customer_id(data_dir: Path) -> str | None:
    """The first sample customer id in the manifest, if there is one."""
    try:
        manifest = json.loads((data_dir / runner.MANIFEST).read_text())
    except (OSError, ValueError):
        return None
    ids = manifest.get("sample_customer_ids") or []
    return str(ids[0]) if ids else None


def authorization(system: str, credentials: Credentials) -> str:
    """The `Authorization` header value a client uses against a sandbox system (demo credentials)."""
    if system == "support":
        user = f"{credentials.support_email}/token:{credentials.support_api_token}"
        return "Basic " + base64.b64encode(user.encode()).decode()
    token = {
        "crm": credentials.crm_access_token,
        "billing": credentials.billing_secret_key,
        "erp": credentials.erp_access_token,
    }[system]
    return f"Bearer {token}"


def log_endpoints(host: str, ports: dict[str, int], credentials: Credentials) -> None:
    """One line per system: its name, base URL and the Authorization header to use."""
    for system in runner.SYSTEMS:
        if system.name not in ports:
            continue
        url = f"http://{host}:{ports[system.name]}{system.base_path}"
        log.info("%-8s %-45s Authorization: %s", system.name, url, authorization(system.name, credentials))


@sandbox_app.command("seed")
def seed_command(
    customers: Annotated[int, typer.Option(min=1, help="How many customers to generate.")] = 2000,
    seed_: Annotated[int, typer.Option("--seed", help="Random seed: same seed, same data.")] = 7,
    data: DataOption = DEFAULT_DATA,
    as_of: Annotated[str | None, typer.Option("--as-of", help="The data's 'today' (YYYY-MM-DD).")] = None,
) -> None:
    """Generate the customers and write each system's database and the manifest."""
    seed(data, customers=customers, seed=seed_, as_of=_parse_date(as_of))


@sandbox_app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="Interface to bind.")] = "127.0.0.1",
    data: DataOption = DEFAULT_DATA,
    crm_port: Annotated[int, typer.Option(help="CRM (Salesforce) port.")] = DEFAULT_PORTS["crm"],
    billing_port: Annotated[int, typer.Option(help="Billing (Stripe) port.")] = DEFAULT_PORTS["billing"],
    support_port: Annotated[int, typer.Option(help="Support (Zendesk) port.")] = DEFAULT_PORTS["support"],
    erp_port: Annotated[int, typer.Option(help="ERP (NetSuite) port.")] = DEFAULT_PORTS["erp"],
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only", help="Serve only this system (crm, billing, support or erp); repeat for several."
        ),
    ] = None,
) -> None:
    """Serve the four sandbox systems (or those named by --only) until Ctrl-C."""
    from app.serving import run_servers

    configure_logging("info")
    if not runner.is_seeded(data):
        typer.echo(f"{data} is not seeded: run `tessera sandbox seed --data {data}` first.", err=True)
        raise typer.Exit(code=1)
    unknown = sorted(set(only or ()) - set(DEFAULT_PORTS))
    if unknown:
        typer.echo(f"unknown system {', '.join(unknown)}: choose from {', '.join(DEFAULT_PORTS)}", err=True)
        raise typer.Exit(code=2)
    all_ports = {"crm": crm_port, "billing": billing_port, "support": support_port, "erp": erp_port}
    ports = {name: port for name, port in all_ports.items() if not only or name in only}
    credentials = Credentials()
    servers = runner.servers(runner.build_apps(data, credentials, only=ports), host=host, ports=ports)
    log_endpoints(host, ports, credentials)
    run_servers(servers, on_started=lambda: log.info("sandbox ready; press Ctrl-C to stop"))
    log.info("sandbox stopped")
