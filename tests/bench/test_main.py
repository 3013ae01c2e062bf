"""The benchmark runs end to end at tiny scale: files written, keys present, call counts at the minimum.

Never how fast anything is: no figure but the call counts is checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_smoke_run_writes_every_result(tmp_path: Path) -> None:
    out = tmp_path / "results"
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--smoke", "--data", str(tmp_path / "data"), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    results = json.loads((out / "latest.json").read_text())
    assert {"date", "machine", "calls", "latency", "throughput", "execution", "memory", "targets"} <= set(
        results
    )
    assert {"cpu", "cores", "python"} <= set(results["machine"])
    assert results["config"]["cores"]  # the CPU split (or "every process on every CPU") is on record
    assert not set(results["ports"].values()) & {8000, 8101, 8102, 8103, 8104}
    assert [row["n"] for row in results["calls"]] == [1, 3, 10]
    for row in results["calls"]:
        assert row["calls"] == row["minimum"]
    assert {r["case"] for r in results["latency"]} == {
        "1 customer, cold xref",
        "1 customer, warm xref",
        "N=5, cold",
    }
    for row in results["latency"]:
        # The measured bound counts the injected latency at least once (cold: twice).
        assert row["measured_bound_p50_ms"] >= row["latency_ms"]
        assert row["measured_ratio_p50"] > 0
    assert [r["case"] for r in results["throughput"]] == [
        "profile, cache warm",
        "profile, cache off",
        "{ __typename }",
    ]
    assert all(r["requests"] > 0 and r["errors"] == 0 for r in results["throughput"])
    assert results["execution"]["resolved_fields"] > 100
    assert results["execution"]["upstream_calls_during"] == 0
    assert {"rss_before_kib", "rss_during_max_kib", "rss_after_kib", "flat"} <= set(results["memory"])
    assert [row["sleep_ms"] for row in results["wake"]] == [0, 1, 5, 20, 50]
    assert results["wake"][0]["ratio"] == 1.0 and all(row["cpu_ms"] > 0 for row in results["wake"])
    markdown = (out / "latest.md").read_text()
    assert "Upstream calls" in markdown and "Throughput" in markdown and "after the process slept" in markdown


def test_profile_document_selects_every_field_of_every_part() -> None:
    from graphql import GraphQLList, GraphQLNonNull, GraphQLObjectType, parse
    from graphql.language import FieldNode, OperationDefinitionNode, SelectionSetNode
    from graphql.type import GraphQLOutputType

    from bench.queries import PROFILE
    from resolvers.schema import build_schema

    schema = build_schema()._schema

    def unwrap(t: GraphQLOutputType) -> GraphQLOutputType:
        while isinstance(t, (GraphQLNonNull, GraphQLList)):
            t = t.of_type
        return t

    def check(type_: GraphQLObjectType, selection_set: SelectionSetNode | None, path: str) -> None:
        assert selection_set is not None, f"{path} selects nothing"
        selected = {s.name.value: s for s in selection_set.selections if isinstance(s, FieldNode)}
        missing = set(type_.fields) - set(selected)
        assert not missing, f"{path} misses {sorted(missing)}"
        for name, node in selected.items():
            inner = unwrap(type_.fields[name].type)
            if isinstance(inner, GraphQLObjectType):
                check(inner, node.selection_set, f"{path}.{name}")

    operation = parse(PROFILE).definitions[0]
    assert isinstance(operation, OperationDefinitionNode)
    customer = operation.selection_set.selections[0]
    assert isinstance(customer, FieldNode) and customer.selection_set is not None
    fields = [s for s in customer.selection_set.selections if isinstance(s, FieldNode)]
    assert len(fields) == len(customer.selection_set.selections)
    assert not fields[0].arguments
    customer_type = schema.type_map["Customer"]
    assert isinstance(customer_type, GraphQLObjectType)
    check(customer_type, customer.selection_set, "Customer")
    for field in fields:
        if field.name.value in ("invoices", "cases"):
            assert not field.arguments, "invoices and cases stay at their default page size"
