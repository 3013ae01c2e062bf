"""`tessera demo`: the four sandbox systems and the gateway in one process, ready for GraphiQL."""

from __future__ import annotations

import json
import logging
from datetime import date
from pathlib import Path

import typer
import uvicorn

from app.auth import demo_key
from app.logs import configure_logging
from app.main import create_app
from app.sandbox_cli import DEFAULT_DATA, DEFAULT_PORTS, log_endpoints, sample_customer_id, seed
from app.serving import run_servers
from app.settings import Settings
from sandbox import runner
from sandbox.common.credentials import Credentials

DEMO_CUSTOMERS = 2000
DEMO_SEED = 7

SAMPLE_QUERY = """\
query Profile($id: ID!) {
  customer(id: $id) {
    id
    account { name tier legal { legalName currency paymentTerms onCreditHold } }
    contracts { id status startDate endDate inForce }
    subscriptionStatus { status total mrr { amount currency } }
    invoices(first: 3) { id status total { amount currency } dueDate overdue }
    delinquency { status reasons complete }
    sla { tier policy { title } atRiskCaseIds breachedCaseIds }
    cases(first: 3, status: [NEW, OPEN, PENDING]) { id subject priority status }
    sources { system answered origin latencyMs errorCode }
  }
}"""


def with_demo_key(settings: Settings) -> tuple[Settings, str | None]:
    """The settings with a fresh every-scope demo key (and the key), unless TESSERA_API_KEYS gave keys."""
    if settings.api_keys:
        return settings, None
    name, config = demo_key()
    return settings.model_copy(update={"api_keys": {name: config}}), config.key.get_secret_value()


def run_demo(data_dir: Path = DEFAULT_DATA) -> None:
    """Seed `data_dir` unless it is seeded, then serve everything until Ctrl-C."""
    settings, key = with_demo_key(Settings())
    configure_logging(settings.log_level, settings.log_format, settings=settings)
    if not runner.is_seeded(data_dir):
        typer.echo(f"Seeding the sandbox in {data_dir} ({DEMO_CUSTOMERS} customers, seed {DEMO_SEED})...")
        seed(data_dir, customers=DEMO_CUSTOMERS, seed=DEMO_SEED, as_of=date.today())
    credentials = Credentials()
    host = "127.0.0.1"
    sandboxes = runner.servers(runner.build_apps(data_dir, credentials), host=host, ports=DEFAULT_PORTS)
    gateway = uvicorn.Server(
        uvicorn.Config(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            http="httptools",
            lifespan="on",
            # uvicorn's loggers are shared by the five servers: keep them as quiet as the sandbox's.
            log_level="warning",
        )
    )
    log_endpoints(host, DEFAULT_PORTS, credentials)
    url = f"http://{settings.host}:{settings.port}/graphql"
    sample_id = sample_customer_id(data_dir) or "<a CRM account id>"

    def announce() -> None:
        typer.echo("")
        typer.echo(f"Tessera is up. Open GraphiQL at {url}")
        typer.echo(f"Sample customer id: {sample_id}")
        typer.echo(f'Sample query (variables: {{"id": "{sample_id}"}}):\n\n{SAMPLE_QUERY}\n')
        if key is not None:
            typer.echo(f"Demo API key (every scope): {key}")
            typer.echo(f"Send it as a header: Authorization: Bearer {key}")
            typer.echo(f"GraphiQL headers pane: {json.dumps({'Authorization': f'Bearer {key}'})}\n")
        else:
            typer.echo("API keys come from TESSERA_API_KEYS: send one as Authorization: Bearer <key>\n")
        typer.echo("Press Ctrl-C to stop.")

    run_servers([*sandboxes, gateway], on_started=announce)
    logging.getLogger("tessera").info("demo stopped")
