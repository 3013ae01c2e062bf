from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli
from app.schema_sdl import schema_sdl


def test_schema_export_writes_the_sdl(tmp_path: Path) -> None:
    output = tmp_path / "out.graphql"

    result = CliRunner().invoke(cli, ["schema", "export", "--output", str(output)])

    assert result.exit_code == 0, result.output
    assert output.read_text(encoding="utf-8") == schema_sdl()
    assert f"Wrote {output}" in result.output


def test_every_command_is_listed() -> None:
    result = CliRunner().invoke(cli, ["--help"])

    assert result.exit_code == 0
    for command in ("serve", "schema", "sandbox", "demo"):
        assert command in result.output


def test_serve_takes_host_and_port() -> None:
    result = CliRunner().invoke(cli, ["serve", "--help"])

    assert result.exit_code == 0
    assert "--host" in result.output
    assert "--port" in result.output
