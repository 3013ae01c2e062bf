from sandbox.crm.app import create_app

from .conftest import BASE, make_client


async def test_get_record_with_all_fields(client, universe):
    contract = universe.customers[0].contracts[0]
    r = await client.get(f"{BASE}/sobjects/Contract/{contract.id}")
    assert r.status_code == 200
    body = r.json()
    assert body["attributes"]["type"] == "Contract"
    assert body["ContractNumber"] == contract.number and body["ContractTerm"] == contract.term_months
    assert body["EndDate"] == contract.end_date.isoformat()


async def test_get_record_fields_param_and_case_insensitive_type(client, universe):
    account_id = universe.customers[0].account_id
    r = await client.get(f"{BASE}/sobjects/account/{account_id[:15]}", params={"fields": "name,Website"})
    assert r.status_code == 200
    assert list(r.json()) == ["attributes", "Name", "Website"]


async def test_get_record_errors(client, universe):
    account_id = universe.customers[0].account_id
    r = await client.get(f"{BASE}/sobjects/Account/{account_id}", params={"fields": "Nope"})
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "INVALID_FIELD"
    for path in [
        f"/sobjects/Account/{universe.customers[0].contracts[0].id}",
        "/sobjects/Account/001' OR 1=1",
        f"/sobjects/Lead/{account_id}",
        "/sobjects/Account/0015T000000ZZZZQAA",
    ]:
        r = await client.get(BASE + path)
        assert r.status_code == 404 and r.json()[0]["errorCode"] == "NOT_FOUND"


async def test_patch_updates_and_recomputes_end_date(client, universe):
    contract = universe.customers[2].contracts[0]
    before = (await client.get(f"{BASE}/sobjects/Contract/{contract.id}")).json()
    r = await client.patch(
        f"{BASE}/sobjects/Contract/{contract.id}", json={"StartDate": "2026-02-28", "contractterm": 12}
    )
    assert r.status_code == 204 and r.content == b""
    after = (await client.get(f"{BASE}/sobjects/Contract/{contract.id}")).json()
    assert after["StartDate"] == "2026-02-28" and after["ContractTerm"] == 12
    assert after["EndDate"] == "2027-02-27"
    assert after["LastModifiedDate"] > before["LastModifiedDate"]


async def test_patch_activation_sets_activated_date(client, universe):
    draft = next(k for c in universe.customers for k in c.contracts if k.status == "Draft")
    r = await client.patch(f"{BASE}/sobjects/Contract/{draft.id}", json={"Status": "Activated"})
    assert r.status_code == 204
    body = (await client.get(f"{BASE}/sobjects/Contract/{draft.id}")).json()
    assert body["Status"] == "Activated" and body["ActivatedDate"] is not None


async def test_patch_stage_derives_is_won(client, universe):
    opportunity = universe.customers[0].opportunities[0]
    r = await client.patch(
        f"{BASE}/sobjects/Opportunity/{opportunity.id}", json={"StageName": "Negotiation", "Amount": 12.5}
    )
    assert r.status_code == 204
    body = (await client.get(f"{BASE}/sobjects/Opportunity/{opportunity.id}")).json()
    assert (body["IsClosed"], body["IsWon"], body["Amount"]) == (False, False, 12.5)


async def test_patch_entitlement_status_is_computed(client, universe):
    entitlement = universe.customers[0].entitlements[0]
    url = f"{BASE}/sobjects/Entitlement/{entitlement.id}"
    assert (
        await client.patch(url, json={"StartDate": "2020-01-01", "EndDate": "2021-01-01"})
    ).status_code == 204
    assert (await client.get(url)).json()["Status"] == "Expired"
    r = await client.patch(url, json={"Status": "Active"})
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "INVALID_FIELD_FOR_INSERT_UPDATE"


async def test_rejected_patches_write_nothing(client, universe):
    contract = universe.customers[0].contracts[0]
    url = f"{BASE}/sobjects/Contract/{contract.id}"
    before = (await client.get(url)).json()
    cases = [
        ({"ContractTerm": 24, "EndDate": "2030-01-01"}, "INVALID_FIELD_FOR_INSERT_UPDATE", ["EndDate"]),
        ({"ContractTerm": 24, "Nope__c": 1}, "INVALID_FIELD", ["Nope__c"]),
        ({"ContractTerm": "twelve"}, "JSON_PARSER_ERROR", None),
        ({"ContractTerm": 24, "Status": "Expired"}, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST", ["Status"]),
        (
            {"ContractTerm": 24, "CreatedDate": "2020-01-01T00:00:00.000+0000"},
            "INVALID_FIELD_FOR_INSERT_UPDATE",
            ["CreatedDate"],
        ),
        ({"ContractTerm": 24, "ContractNumber": "1"}, "INVALID_FIELD_FOR_INSERT_UPDATE", ["ContractNumber"]),
        ({"ContractTerm": 24, "AccountId": "001' OR '1'='1"}, "MALFORMED_ID", ["AccountId"]),
        (
            {"ContractTerm": 24, "AccountId": "0015T000000ZZZZQAA"},
            "INVALID_CROSS_REFERENCE_KEY",
            ["AccountId"],
        ),
        ({"ContractTerm": 0}, "FIELD_INTEGRITY_EXCEPTION", ["ContractTerm"]),
    ]
    for body, code, fields in cases:
        r = await client.patch(url, json=body)
        assert r.status_code == 400, body
        [error] = r.json()
        assert error["errorCode"] == code, body
        if fields is not None:
            assert error["fields"] == fields
    r = await client.patch(url, content=b"{not json")
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "JSON_PARSER_ERROR"
    r = await client.patch(url, json=[1])
    assert r.status_code == 400 and r.json()[0]["errorCode"] == "JSON_PARSER_ERROR"
    assert (await client.get(url)).json() == before


async def test_patch_missing_record_is_404(client):
    r = await client.patch(f"{BASE}/sobjects/Account/0015T000000ZZZZQAA", json={"Name": "x"})
    assert r.status_code == 404 and r.json()[0]["errorCode"] == "NOT_FOUND"


async def test_account_field_rules(client, universe):
    url = f"{BASE}/sobjects/Account/{universe.customers[0].account_id}"
    for body, code in [
        ({"Name": None}, "REQUIRED_FIELD_MISSING"),
        ({"Support_Tier__c": "Gold"}, "INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST"),
        ({"Name": "x" * 256}, "STRING_TOO_LONG"),
        ({"Name": 5}, "JSON_PARSER_ERROR"),
    ]:
        r = await client.patch(url, json=body)
        assert r.status_code == 400 and r.json()[0]["errorCode"] == code
    assert (
        await client.patch(url, json={"Support_Tier__c": "Enterprise", "Website": None})
    ).status_code == 204


async def test_writes_survive_a_restart(client, db_path, credentials, universe):
    account_id = universe.customers[3].account_id
    assert (
        await client.patch(f"{BASE}/sobjects/Account/{account_id}", json={"Name": "Renamed Ltd"})
    ).status_code == 204
    async with make_client(create_app(db_path, credentials), credentials.crm_access_token) as fresh:
        r = await fresh.get(f"{BASE}/sobjects/Account/{account_id}", params={"fields": "Name"})
    assert r.json()["Name"] == "Renamed Ltd"
