"""Parent-to-child subqueries through `GET /query`: nested results per parent, checked against plain queries
on the child object over the same data, and paged by their own `nextRecordsUrl`."""

from pathlib import Path
from typing import Any

import httpx
import pytest

from sandbox.common.db import connect, transaction
from sandbox.crm import routes_query, store
from sandbox.crm.schema import ACCOUNT, CONTRACT
from sandbox.seed.ids import salesforce_id

from .conftest import soql

STAMP = "2026-01-01T00:00:00.000+0000"


def _add_contracts(db_path: Path, account_id: str, count: int, first: int = 200_000) -> None:
    conn = connect(db_path)
    rows = [
        (
            salesforce_id("800", first + n),
            account_id,
            f"7{n:07d}",
            "Draft",
            "2026-01-01",
            "2026-12-31",
            12,
            None,
            STAMP,
            STAMP,
        )
        for n in range(count)
    ]
    with transaction(conn):
        store.insert_rows(conn, CONTRACT, rows)
    conn.close()


def _add_account(db_path: Path, number: int) -> str:
    account_id = salesforce_id("001", number)
    values: dict[str, object] = {f.name: None for f in ACCOUNT.fields}
    values.update(Id=account_id, Name="Childless", CreatedDate=STAMP, LastModifiedDate=STAMP)
    conn = connect(db_path)
    with transaction(conn):
        store.insert_rows(conn, ACCOUNT, [tuple(values[f.name] for f in ACCOUNT.fields)])
    conn.close()
    return account_id


async def _ok(client: httpx.AsyncClient, query: str) -> dict[str, Any]:
    r = await soql(client, query)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


async def _all_records(client: httpx.AsyncClient, result: dict[str, Any]) -> list[dict[str, Any]]:
    """Every record of a (nested or top-level) result, following `nextRecordsUrl` to the end."""
    records = list(result["records"])
    while not result["done"]:
        r = await client.get(result["nextRecordsUrl"])
        assert r.status_code == 200, r.text
        result = r.json()
        records.extend(result["records"])
    return records


async def test_account_gets_nested_contracts_and_entitlements(client, universe):
    customers = [c for c in universe.customers if len(c.contracts) > 1 and len(c.entitlements) > 1][:2]
    assert len(customers) == 2
    quoted = ", ".join(f"'{c.account_id}'" for c in customers)
    body = await _ok(
        client,
        "SELECT Id, Name, (SELECT Id, Status FROM Contracts ORDER BY StartDate DESC, Id), "
        f"(SELECT Id, Name FROM Entitlements) FROM Account WHERE Id IN ({quoted}) ORDER BY Id",
    )
    assert body["totalSize"] == 2 and body["done"] is True
    for record, customer in zip(body["records"], sorted(customers, key=lambda c: c.account_id), strict=True):
        assert list(record) == ["attributes", "Id", "Name", "Contracts", "Entitlements"]
        assert record["Id"] == customer.account_id and record["Name"] == customer.name
        contracts = await _ok(
            client,
            f"SELECT Id, Status FROM Contract WHERE AccountId = '{customer.account_id}' "
            "ORDER BY StartDate DESC, Id",
        )
        entitlements = await _ok(
            client, f"SELECT Id, Name FROM Entitlement WHERE AccountId = '{customer.account_id}'"
        )
        assert record["Contracts"] == contracts and record["Entitlements"] == entitlements
        assert record["Contracts"]["totalSize"] == len(customer.contracts)
        assert record["Entitlements"]["totalSize"] == len(customer.entitlements)
        assert record["Contracts"]["records"][0]["attributes"]["type"] == "Contract"


async def test_parent_without_matching_children_gets_null(client, db_path, universe):
    lonely = _add_account(db_path, 9_000)
    busy = universe.customers[0].account_id
    body = await _ok(
        client,
        "SELECT Id, (SELECT Id FROM Contracts), (SELECT Id FROM Entitlements WHERE Name = 'no such name') "
        f"FROM Account WHERE Id IN ('{lonely}', '{busy}') ORDER BY Name",
    )
    by_id = {r["Id"]: r for r in body["records"]}
    assert by_id[lonely]["Contracts"] is None and by_id[lonely]["Entitlements"] is None
    assert by_id[busy]["Contracts"]["totalSize"] == len(universe.customers[0].contracts)
    assert by_id[busy]["Entitlements"] is None


async def test_child_where_order_and_limit_apply_per_parent(client, universe):
    child = "SELECT Id, StartDate FROM {} WHERE Status != 'Draft' ORDER BY StartDate DESC NULLS LAST"
    body = await _ok(client, f"SELECT Id, ({child.format('Contracts')} LIMIT 2) FROM Account ORDER BY Id")
    assert body["totalSize"] == len(universe.customers)
    limited = 0
    for record in body["records"]:
        where = f"AccountId = '{record['Id']}' AND Status != 'Draft'"
        unlimited = await _ok(client, child.format("Contract").replace("WHERE", f"WHERE {where} AND"))
        expected = await _ok(
            client, child.format("Contract").replace("WHERE", f"WHERE {where} AND") + " LIMIT 2"
        )
        assert record["Contracts"] == (expected if expected["totalSize"] else None)
        limited += unlimited["totalSize"] > 2
    assert limited > 0


async def test_id_and_subqueries_only_keep_select_order(client, universe):
    customer = universe.customers[3]
    body = await _ok(
        client,
        "select (SELECT Id FROM opportunities), ID, (select id from CONTRACTS) "
        f"FROM Account WHERE Id = '{customer.account_id}'",
    )
    [record] = body["records"]
    assert list(record) == ["attributes", "Opportunities", "Id", "Contracts"]
    assert {o["Id"] for o in record["Opportunities"]["records"]} == {o.id for o in customer.opportunities}
    assert {k["Id"] for k in record["Contracts"]["records"]} == {k.id for k in customer.contracts}
    assert list(record["Contracts"]["records"][0]) == ["attributes", "Id"]


async def test_child_rows_page_through_their_own_locator(client, db_path, universe, monkeypatch):
    monkeypatch.setattr(routes_query, "CHILD_BATCH", 3)
    big, small = universe.customers[3], universe.customers[0]
    _add_contracts(db_path, big.account_id, 5)
    total = 5 + len(big.contracts)
    body = await _ok(
        client,
        "SELECT Id, (SELECT Id, ContractNumber FROM Contracts ORDER BY ContractNumber DESC) FROM Account "
        f"WHERE Id IN ('{big.account_id}', '{small.account_id}')",
    )
    nested = {r["Id"]: r["Contracts"] for r in body["records"]}
    first = nested[big.account_id]
    assert first["totalSize"] == total and first["done"] is False and len(first["records"]) == 3
    assert first["nextRecordsUrl"].startswith("/services/data/v60.0/query/01g")
    assert first["nextRecordsUrl"].endswith("-3")
    r = await client.get(first["nextRecordsUrl"])
    second = r.json()
    assert r.status_code == 200 and second["totalSize"] == total and len(second["records"]) == 3
    assert second["done"] is False and second["nextRecordsUrl"].endswith("-6")
    records = await _all_records(client, first)
    plain = await _ok(
        client,
        f"SELECT Id, ContractNumber FROM Contract WHERE AccountId = '{big.account_id}' "
        "ORDER BY ContractNumber DESC",
    )
    assert records == plain["records"] and len({rec["Id"] for rec in records}) == total
    assert nested[small.account_id]["done"] is True and "nextRecordsUrl" not in nested[small.account_id]


async def test_child_batch_is_200_by_default(client, db_path, universe):
    account_id = universe.customers[1].account_id
    _add_contracts(db_path, account_id, 200)
    body = await _ok(client, f"SELECT Id, (SELECT Id FROM Contracts) FROM Account WHERE Id = '{account_id}'")
    nested = body["records"][0]["Contracts"]
    assert len(nested["records"]) == 200 and nested["done"] is False
    assert nested["totalSize"] == 200 + len(universe.customers[1].contracts)
    assert nested["nextRecordsUrl"].endswith("-200")


async def test_parent_pages_carry_their_children(client, universe, monkeypatch):
    monkeypatch.setattr(routes_query, "DEFAULT_BATCH", 15)
    monkeypatch.setattr(routes_query, "CHILD_BATCH", 2)
    first = await _ok(
        client, "SELECT Name, (SELECT Id, AccountId FROM Contracts ORDER BY Id) FROM Account ORDER BY Id"
    )
    pages = [first]
    while not pages[-1]["done"]:
        r = await client.get(pages[-1]["nextRecordsUrl"])
        assert r.status_code == 200
        pages.append(r.json())
    assert [len(p["records"]) for p in pages] == [15, 15, len(universe.customers) - 30]
    children: dict[str, list[str]] = {}
    paged_after_first_page = 0
    for page in pages:
        for record in page["records"]:
            account_id = record["attributes"]["url"].rsplit("/", 1)[1]
            assert list(record) == ["attributes", "Name", "Contracts"]
            children[account_id] = [c["Id"] for c in await _all_records(client, record["Contracts"])]
            paged_after_first_page += page is not first and not record["Contracts"]["done"]
    assert paged_after_first_page > 0
    plain = await _all_records(client, await _ok(client, "SELECT Id, AccountId FROM Contract ORDER BY Id"))
    expected: dict[str, list[str]] = {c.account_id: [] for c in universe.customers}
    for contract in plain:
        expected[contract["AccountId"]].append(contract["Id"])
    assert children == expected


@pytest.mark.parametrize(
    ("query", "code", "detail"),
    [
        ("SELECT Id, (SELECT Id FROM Foo__r) FROM Account", "INVALID_TYPE", "Didn't understand relationship"),
        ("SELECT Id, (SELECT Nope FROM Contracts) FROM Account", "INVALID_FIELD", "No such column 'Nope'"),
        (
            "SELECT Id, (SELECT Id FROM Entitlements), (SELECT Id FROM ENTITLEMENTS) FROM Account",
            "MALFORMED_QUERY",
            "duplicate",
        ),
        ("SELECT COUNT(), (SELECT Id FROM Contracts) FROM Account", "MALFORMED_QUERY", "COUNT()"),
    ],
)
async def test_subquery_errors_are_arrays(client, query, code, detail):
    r = await soql(client, query)
    assert r.status_code == 400
    [error] = r.json()
    assert error["errorCode"] == code and detail in error["message"]
