"""The schema's SDL as `schema.graphql` holds it: the API's contract, exported by `tessera schema export`."""

from __future__ import annotations

from pathlib import Path

from resolvers.schema import build_schema

#: Where the exported SDL lives in the repository.
SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def schema_sdl() -> str:
    """The code's schema as SDL, ending with one newline."""
    return build_schema().as_str().rstrip("\n") + "\n"


def export_schema(path: Path) -> None:
    """Write the SDL to `path`."""
    path.write_text(schema_sdl(), encoding="utf-8")
