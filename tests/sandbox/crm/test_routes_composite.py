from typing import Any

import httpx

from .conftest import BASE


async def test_retrieve_get_in_id_order_with_nulls(client, universe):
    a, b = universe.customers[0].account_id, universe.customers[1].account_id
    missing = "0015T000000ZZZZQAA"
    r = await client.get(
        f"{BASE}/composite/sobjects/Account", params={"ids": f"{b},{missing},{a[:15]}", "fields": "Name,Id"}
    )
    assert r.status_code == 200
    first, gap, last = r.json()
    assert first["Id"] == b and gap is None and last["Id"] == a
    assert list(first) == ["attributes", "Name", "Id"]


async def test_retrieve_post(client, universe):
    ids = [c.account_id for c in universe.customers[:5]]
    r = await client.post(
        f"{BASE}/composite/sobjects/Account", json={"ids": ids, "fields": ["ERP_Customer_Id__c"]}
    )
    assert [rec["ERP_Customer_Id__c"] for rec in r.json()] == [str(c.erp_id) for c in universe.customers[:5]]


async def test_retrieve_id_of_another_object_is_null(client, universe):
    contract_id = universe.customers[0].contracts[0].id
    r = await client.post(
        f"{BASE}/composite/sobjects/Account", json={"ids": [contract_id], "fields": ["Name"]}
    )
    assert r.json() == [None]


async def test_retrieve_limits_and_errors(client, universe):
    account_id = universe.customers[0].account_id
    url = f"{BASE}/composite/sobjects/Account"
    r = await client.get(url, params={"ids": ",".join([account_id] * 801), "fields": "Name"})
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "EXCEEDED_ID_LIMIT"
    r = await client.post(url, json={"ids": [account_id] * 2001, "fields": ["Name"]})
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "EXCEEDED_ID_LIMIT"
    r = await client.post(url, json={"ids": [account_id] * 2000, "fields": ["Name"]})
    assert r.status_code == 200 and len(r.json()) == 2000
    assert (await client.get(url, params={"ids": account_id})).status_code == 400
    assert (await client.post(url, json={"fields": ["Name"]})).status_code == 400
    r = await client.post(url, json={"ids": ["x' OR 1=1"], "fields": ["Name"]})
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "MALFORMED_ID"
    r = await client.post(url, json={"ids": [account_id], "fields": ["Nope"]})
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "INVALID_FIELD"
    assert (
        await client.post(f"{BASE}/composite/sobjects/Lead", json={"ids": [account_id], "fields": ["Name"]})
    ).status_code == 404


def _record(kind: str, record_id: str, **fields: Any) -> dict[str, Any]:
    return {"attributes": {"type": kind}, "id": record_id, **fields}


async def _names(client: httpx.AsyncClient, ids: list[str]) -> list[str]:
    r = await client.post(f"{BASE}/composite/sobjects/Account", json={"ids": ids, "fields": ["Name"]})
    return [rec["Name"] for rec in r.json()]


async def test_update_partial_success(client, universe):
    a, b = universe.customers[0].account_id, universe.customers[1].account_id
    contract = universe.customers[0].contracts[0]
    records = [
        _record("Account", a, Name="First New"),
        _record("Account", b, Name=None),
        _record("Contract", contract.id, ContractTerm=36),
        _record("Account", "bad-id", Name="x"),
        {"id": a, "Name": "no attributes"},
        _record("Account", "0015T000000ZZZZQAA", Name="x"),
    ]
    r = await client.patch(f"{BASE}/composite/sobjects", json={"allOrNone": False, "records": records})
    assert r.status_code == 200
    results = r.json()
    assert [x["success"] for x in results] == [True, False, True, False, False, False]
    assert results[0] == {"id": a, "success": True, "errors": []}
    assert results[1]["id"] == b and results[1]["errors"][0]["statusCode"] == "REQUIRED_FIELD_MISSING"
    assert results[3]["errors"][0]["statusCode"] == "MALFORMED_ID" and "id" not in results[3]
    assert results[4]["errors"][0]["statusCode"] == "INVALID_TYPE"
    assert results[5]["errors"][0]["statusCode"] == "INVALID_CROSS_REFERENCE_KEY"
    assert await _names(client, [a, b]) == ["First New", universe.customers[1].name]
    term = (await client.get(f"{BASE}/sobjects/Contract/{contract.id}")).json()["ContractTerm"]
    assert term == 36


async def test_update_all_or_none_rolls_everything_back(client, universe):
    a, b = universe.customers[0].account_id, universe.customers[1].account_id
    records = [_record("Account", a, Name="Kept?"), _record("Account", b, Support_Tier__c="Gold")]
    r = await client.patch(f"{BASE}/composite/sobjects", json={"allOrNone": True, "records": records})
    assert r.status_code == 200
    first, second = r.json()
    assert (
        first["success"] is False and first["errors"][0]["statusCode"] == "ALL_OR_NONE_OPERATION_ROLLED_BACK"
    )
    assert second["success"] is False
    assert second["errors"][0]["statusCode"] == "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"
    assert await _names(client, [a]) == [universe.customers[0].name]


async def test_update_all_or_none_success(client, universe):
    ids = [c.account_id for c in universe.customers[:3]]
    records = [_record("Account", i, Website=f"https://{n}.example") for n, i in enumerate(ids)]
    r = await client.patch(f"{BASE}/composite/sobjects", json={"allOrNone": True, "records": records})
    assert [x["success"] for x in r.json()] == [True, True, True]


async def test_update_over_200_records_is_rejected_and_writes_nothing(client, universe):
    a = universe.customers[0].account_id
    records = [_record("Account", a, Name=f"n{n}") for n in range(201)]
    r = await client.patch(f"{BASE}/composite/sobjects", json={"records": records})
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "EXCEEDED_ID_LIMIT"
    assert await _names(client, [a]) == [universe.customers[0].name]
    r = await client.patch(f"{BASE}/composite/sobjects", json={"records": "nope"})
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "JSON_PARSER_ERROR"
