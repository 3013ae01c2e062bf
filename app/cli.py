"""The `tessera` command: serve the gateway, export the schema, run the sandbox and the demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from app.logs import configure_logging
from app.sandbox_cli import sandbox_app
from app.settings import Settings

cli = typer.Typer(
    help="Tessera: one GraphQL query for a customer's whole operational profile.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
schema_app = typer.Typer(help="The GraphQL schema (SDL), the API's contract.", no_args_is_help=True)
cli.add_typer(schema_app, name="schema")
cli.add_typer(sandbox_app, name="sandbox", no_args_is_help=True)


@cli.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Interface to bind [default: TESSERA_HOST].")] = None,
    port: Annotated[int | None, typer.Option(help="Port to bind [default: TESSERA_PORT].")] = None,
) -> None:
    """Serve the gateway (uvicorn, uvloop, httptools, one worker)."""
    # Imported here, not at the top: `tessera --help` and the sandbox commands need no gateway loaded.
    import uvicorn

    from app.collector import tuned_after_startup
    from app.main import create_app

    settings = Settings()
    configure_logging(settings.log_level, settings.log_format, settings=settings)
    uvicorn.run(
        tuned_after_startup(create_app(settings)),
        host=host or settings.host,
        port=settings.port if port is None else port,
        loop="uvloop",
        http="httptools",
        workers=1,
        lifespan="on",
        log_level=settings.log_level,
        # uvicorn's loggers go through ours (JSON, request ids); the gateway writes its own access line.
        log_config=None,
        access_log=False,
    )


@schema_app.command("export")
def schema_export(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the SDL.")] = Path(
        "schema.graphql"
    ),
) -> None:
    """Write the schema's SDL (commit it: a test fails when the code's schema differs from schema.graphql)."""
    from app.schema_sdl import export_schema

    export_schema(output)
    typer.echo(f"Wrote {output}")


@cli.command()
def demo() -> None:
    """Seed the sandbox if needed, serve the four systems and the gateway, print where to start."""
    from app.demo import run_demo

    run_demo()


def main() -> None:
    """Entry point of the `tessera` script."""
    cli()
