from pathlib import Path

from sandbox.common.db import connect, transaction
from sandbox.crm import store
from sandbox.crm.schema import CONTRACT
from sandbox.seed.ids import salesforce_id

from .conftest import BASE, soql


async def test_query_returns_selected_fields_in_salesforce_types(client, universe):
    customer = universe.customers[0]
    r = await soql(
        client,
        f"SELECT Name, Support_Tier__c, CreatedDate, Id FROM Account WHERE Id = '{customer.account_id}'",
    )
    assert r.status_code == 200
    body = r.json()
    assert body["totalSize"] == 1 and body["done"] is True and "nextRecordsUrl" not in body
    record = body["records"][0]
    assert list(record) == ["attributes", "Name", "Support_Tier__c", "CreatedDate", "Id"]
    assert record["attributes"] == {
        "type": "Account",
        "url": f"{BASE}/sobjects/Account/{customer.account_id}",
    }
    assert record["Support_Tier__c"] == customer.tier.capitalize()
    assert record["CreatedDate"].endswith(".000+0000") and record["CreatedDate"][10] == "T"


async def test_number_date_boolean_types(client, universe):
    opportunity = universe.customers[0].opportunities[0]
    r = await soql(
        client, f"select amount, closedate, iswon, contractid from opportunity where id = '{opportunity.id}'"
    )
    record = r.json()["records"][0]
    assert record["Amount"] == opportunity.amount / 100 and isinstance(record["Amount"], float)
    assert record["CloseDate"] == opportunity.close_date.isoformat()
    assert record["IsWon"] is True
    assert record["ContractId"] == opportunity.contract_id


async def test_account_id_in_fast_path(client, universe):
    accounts = [c.account_id for c in universe.customers[:3]]
    quoted = ", ".join(f"'{a}'" for a in accounts)
    r = await soql(
        client, f"SELECT Id, AccountId FROM Contract WHERE AccountId IN ({quoted}) ORDER BY AccountId"
    )
    expected = sum(len(c.contracts) for c in universe.customers[:3])
    assert r.json()["totalSize"] == expected
    assert {rec["AccountId"] for rec in r.json()["records"]} == set(accounts)


async def test_other_versions_and_trailing_slash(client):
    r = await client.get("/services/data/v58.0/query/", params={"q": "SELECT Id FROM Account LIMIT 1"})
    assert r.status_code == 200
    assert r.json()["records"][0]["attributes"]["url"].startswith("/services/data/v58.0/")
    assert (
        await client.get("/services/data/60.0/query", params={"q": "SELECT Id FROM Account"})
    ).status_code == 404


async def test_count_query(client, universe):
    r = await soql(client, "SELECT COUNT() FROM Account")
    assert r.json() == {"totalSize": len(universe.customers), "done": True, "records": []}


async def test_injection_attempt_matches_nothing(client):
    r = await soql(client, "SELECT Id FROM Account WHERE Name LIKE 'x\\' OR Name LIKE \\'%'")
    assert r.status_code == 200 and r.json()["totalSize"] == 0
    r = await soql(client, "SELECT Id FROM Account WHERE Name = 'x' OR Name LIKE '%'")
    assert r.json()["totalSize"] > 0


async def test_unbalanced_quote_is_malformed(client):
    r = await soql(client, "SELECT Id FROM Account WHERE Name = 'x' OR Name LIKE '%")
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "MALFORMED_QUERY"


async def test_query_errors_are_arrays(client):
    cases = {
        "SELECT Id FROM Account WHERE Name = 'a' AND Id = 'b' OR Name = 'c'": "MALFORMED_QUERY",
        "SELECT Nope FROM Account": "INVALID_FIELD",
        "SELECT Id FROM Nope": "INVALID_TYPE",
        "SELECT Account.Name FROM Contract": "MALFORMED_QUERY",
        "SELECT COUNT(Id) FROM Contract": "MALFORMED_QUERY",
    }
    for query, code in cases.items():
        r = await soql(client, query)
        assert r.status_code == 400
        [error] = r.json()
        assert error["errorCode"] == code and error["message"]
    r = await client.get(f"{BASE}/query")
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "MALFORMED_QUERY"


def _add_contracts(db_path: Path, account_id: str, count: int) -> None:
    conn = connect(db_path)
    stamp = "2026-01-01T00:00:00.000+0000"
    rows = [
        (
            salesforce_id("800", 100_000 + n),
            account_id,
            f"9{n:07d}",
            "Draft",
            "2026-01-01",
            "2026-12-31",
            12,
            None,
            stamp,
            stamp,
        )
        for n in range(count)
    ]
    with transaction(conn):
        store.insert_rows(conn, CONTRACT, rows)
    conn.close()


async def test_paging_across_2000_rows(client, db_path, universe):
    account_id = universe.customers[1].account_id
    _add_contracts(db_path, account_id, 2_100)
    total = 2_100 + len(universe.customers[1].contracts)
    r = await soql(
        client, f"SELECT Id, ContractNumber FROM Contract WHERE AccountId = '{account_id}' ORDER BY Id"
    )
    first = r.json()
    assert first["totalSize"] == total and first["done"] is False and len(first["records"]) == 2000
    assert first["nextRecordsUrl"].startswith(f"{BASE}/query/01g") and first["nextRecordsUrl"].endswith(
        "-2000"
    )
    r = await client.get(first["nextRecordsUrl"])
    second = r.json()
    assert r.status_code == 200 and second["done"] is True and "nextRecordsUrl" not in second
    assert second["totalSize"] == total and len(second["records"]) == total - 2000
    ids = [rec["Id"] for rec in first["records"] + second["records"]]
    assert len(set(ids)) == total and ids == sorted(ids)


async def test_batch_size_header(client, universe):
    r = await client.get(
        f"{BASE}/query",
        params={"q": "SELECT Id FROM Contract"},
        headers={"Sforce-Query-Options": "batchSize=200"},
    )
    body = r.json()
    total = sum(len(c.contracts) for c in universe.customers)
    assert len(body["records"]) == min(200, total)
    assert body["done"] is (total <= 200)


async def test_invalid_locator(client):
    for locator in ["01gXXXXXXXXXXXXXXX-2000", "nonsense", "01g5T0000000001QAA-0"]:
        r = await client.get(f"{BASE}/query/{locator}")
        assert r.status_code == 400 and r.json()[0]["errorCode"] == "INVALID_QUERY_LOCATOR"
