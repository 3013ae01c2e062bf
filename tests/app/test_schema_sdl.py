from __future__ import annotations

import re

from graphql import parse, validate

from app.schema_sdl import SCHEMA_FILE, schema_sdl
from resolvers.schema import build_schema


def test_schema_graphql_is_the_codes_schema() -> None:
    committed = SCHEMA_FILE.read_text(encoding="utf-8") if SCHEMA_FILE.exists() else ""

    assert committed == schema_sdl(), (
        "schema.graphql differs from the code's schema: run `tessera schema export` and commit schema.graphql"
    )


def test_the_sdl_names_the_federation_entity() -> None:
    sdl = schema_sdl()

    assert "type Customer @key(" in sdl
    assert sdl.endswith("}\n")


def test_the_readmes_example_queries_are_valid_against_the_schema() -> None:
    readme = (SCHEMA_FILE.parent / "README.md").read_text(encoding="utf-8")
    queries = re.findall(r"```graphql\n(.*?)```", readme, flags=re.DOTALL)
    schema = build_schema()._schema

    assert len(queries) >= 4
    for query in queries:
        assert validate(schema, parse(query)) == [], query
