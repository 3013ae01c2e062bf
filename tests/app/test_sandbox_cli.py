from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

from typer.testing import CliRunner

from app.cli import cli
from app.sandbox_cli import authorization, sample_customer_id
from sandbox import runner
from sandbox.common.credentials import Credentials


def test_seed_writes_the_four_databases_and_the_manifest(tmp_path: Path) -> None:
    data = tmp_path / "sandbox"

    result = CliRunner().invoke(
        cli,
        ["sandbox", "seed", "--customers", "30", "--seed", "5", "--data", str(data), "--as-of", "2026-11-01"],
    )

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in data.glob("*.sqlite3")) == [
        "billing.sqlite3",
        "crm.sqlite3",
        "erp.sqlite3",
        "support.sqlite3",
    ]
    manifest = json.loads((data / "manifest.json").read_text())
    assert (manifest["customers"], manifest["seed"], manifest["as_of"]) == (30, 5, "2026-11-01")
    assert runner.is_seeded(data)
    assert f"Manifest: {data / 'manifest.json'}" in result.output
    assert "Seeded 30 customers" in result.output
    assert sample_customer_id(data) == manifest["sample_customer_ids"][0]


def test_seed_refuses_a_malformed_date(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["sandbox", "seed", "--customers", "3", "--data", str(tmp_path), "--as-of", "1/11/26"]
    )

    assert result.exit_code != 0
    assert not runner.is_seeded(tmp_path)


def test_serve_refuses_an_unseeded_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["sandbox", "serve", "--data", str(tmp_path / "empty")])

    assert result.exit_code == 1
    assert "is not seeded" in result.output


def test_serve_refuses_an_unknown_system(tmp_path: Path) -> None:
    data = tmp_path / "sandbox"
    runner.seed_all(data, customers=3, seed=2, as_of=date(2026, 11, 1))

    result = CliRunner().invoke(
        cli, ["sandbox", "serve", "--data", str(data), "--only", "crm", "--only", "ldap"]
    )

    assert result.exit_code == 2
    assert "unknown system ldap" in result.output


def test_authorization_headers_are_the_ones_each_dialect_accepts() -> None:
    demo = Credentials()

    assert authorization("crm", demo) == f"Bearer {demo.crm_access_token}"
    assert authorization("billing", demo) == f"Bearer {demo.billing_secret_key}"
    assert authorization("erp", demo) == f"Bearer {demo.erp_access_token}"
    scheme, _, encoded = authorization("support", demo).partition(" ")
    assert scheme == "Basic"
    assert base64.b64decode(encoded).decode() == f"{demo.support_email}/token:{demo.support_api_token}"


def test_sample_customer_id_is_none_without_a_manifest(tmp_path: Path) -> None:
    assert sample_customer_id(tmp_path) is None
