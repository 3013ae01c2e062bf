from __future__ import annotations

import json
from datetime import date

import httpx

from sandbox.common.credentials import Credentials
from sandbox.runner import MANIFEST, SYSTEMS, build_apps, is_seeded, seed_all


async def test_seed_all_writes_four_databases_and_a_manifest(tmp_path):
    assert not is_seeded(tmp_path)
    seen: list[int] = []

    def progress(customers, total):
        for customer in customers:
            seen.append(total)
            yield customer

    universe = seed_all(tmp_path, customers=40, seed=9, as_of=date(2026, 11, 1), progress=progress)
    assert is_seeded(tmp_path)
    assert len(seen) == 40
    assert {p.name for p in tmp_path.iterdir()} >= {f"{s.name}.sqlite3" for s in SYSTEMS} | {MANIFEST}
    manifest = json.loads((tmp_path / MANIFEST).read_text())
    assert manifest["customers"] == 40
    assert manifest["seed"] == 9
    assert manifest["as_of"] == "2026-11-01"
    assert [d["account_id"] for d in manifest["discrepancies"]] == [
        c.account_id for c in universe.customers if c.discrepancy
    ]
    assert manifest["sample_customer_ids"][0] == universe.customers[0].account_id


async def test_seeded_systems_agree_on_one_customer(tmp_path):
    universe = seed_all(tmp_path, customers=10, seed=2, as_of=date(2026, 11, 1))
    customer = universe.customers[3]
    credentials = Credentials()
    apps = build_apps(tmp_path, credentials)

    async def get(system: str, path: str, headers: dict[str, str]) -> httpx.Response:
        transport = httpx.ASGITransport(app=apps[system])
        async with httpx.AsyncClient(transport=transport, base_url="http://sandbox.test") as client:
            return await client.get(path, headers=headers)

    crm = await get(
        "crm",
        f"/services/data/v60.0/sobjects/Account/{customer.account_id}",
        {"Authorization": f"Bearer {credentials.crm_access_token}"},
    )
    assert crm.status_code == 200
    account = crm.json()
    assert account["ERP_Customer_Id__c"] == str(customer.erp_id)
    assert account["Billing_Customer_Id__c"] == customer.billing_id

    billing = await get(
        "billing",
        f"/v1/customers/{account['Billing_Customer_Id__c']}",
        {"Authorization": f"Bearer {credentials.billing_secret_key}"},
    )
    assert billing.status_code == 200
    assert billing.json()["email"] == customer.email

    erp = await get(
        "erp",
        f"/services/rest/record/v1/customer/{account['ERP_Customer_Id__c']}",
        {"Authorization": f"Bearer {credentials.erp_access_token}"},
    )
    assert erp.status_code == 200
    assert erp.json()["externalId"] == customer.account_id

    support = await get(
        "support",
        f"/api/v2/organizations/{account['Support_Org_Id__c']}",
        {"Authorization": f"Bearer {credentials.support_oauth_token}"},
    )
    assert support.status_code == 200
    assert support.json()["organization"]["external_id"] == customer.account_id


def test_build_apps_builds_only_the_systems_asked_for(tmp_path):
    seed_all(tmp_path, customers=3, seed=2, as_of=date(2026, 11, 1))

    assert sorted(build_apps(tmp_path, Credentials(), only=["crm", "erp"])) == ["crm", "erp"]
    assert sorted(build_apps(tmp_path, Credentials())) == sorted(s.name for s in SYSTEMS)
