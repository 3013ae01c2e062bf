"""Scenario 1: upstream calls per system for `customers(ids: [N])` with the full profile, against the
vendor minimum. Run against a gateway with the cache off, so every count is a cold one."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from tqdm import tqdm

from bench.gateway import Gateway
from bench.queries import PROFILES
from bench.upstream import ControlPlane, CustomerRef

#: Salesforce: ids per SOQL `IN (...)` the CRM connector sends (one query per 200 ids), each reading the
#: Account with its Contracts and Entitlements as parent-to-child subqueries.
CRM_IDS_PER_QUERY = 200
#: NetSuite: ids per SuiteQL `IN (...)` (Oracle's limit of 1,000 expressions).
ERP_IDS_PER_QUERY = 1000


def vendor_minimum(batch: Sequence[CustomerRef]) -> dict[str, int]:
    """The fewest upstream calls the vendors' APIs allow for the full profile of these customers.

    CRM: the Account by `IN` list with its contracts and entitlements as subqueries, 1 query per 200 ids
    (while no account has more children than one subquery batch holds). ERP: one SuiteQL `IN`
    query per 1,000 ERP ids. Billing: Stripe lists subscriptions and invoices per customer only, 2 calls
    per billing customer. Support: Zendesk lists tickets per organization, 1 call each, plus the SLA
    policies once. (Every seeded list fits in one page of 100.)
    """
    erp = {c.erp_id for c in batch if c.erp_id}
    billing = {c.billing_id for c in batch if c.billing_id}
    support = {c.support_id for c in batch if c.support_id}
    return {
        "crm": math.ceil(len(batch) / CRM_IDS_PER_QUERY),
        "erp": math.ceil(len(erp) / ERP_IDS_PER_QUERY),
        "billing": 2 * len(billing),
        "support": len(support) + (1 if support else 0),
    }


async def run(
    gateway: Gateway, control: ControlPlane, customers: Sequence[CustomerRef], sizes: Sequence[int]
) -> list[dict[str, Any]]:
    """For each N, the calls each system journaled for one `customers(ids: [N])` query, and the minimum."""
    rows: list[dict[str, Any]] = []
    offset = 0
    for n in tqdm(sizes, desc="1 upstream calls", unit="query", leave=False):
        batch = [customers[(offset + i) % len(customers)] for i in range(n)]
        offset += n
        await control.clear_journals()
        data = await gateway.query(PROFILES, {"ids": [c.id for c in batch]})
        if len(data["customers"]) != n or any(c is None for c in data["customers"]):
            raise RuntimeError(f"customers(ids: [{n}]) did not answer every customer")
        calls = await control.calls()
        minimum = vendor_minimum(batch)
        rows.append(
            {
                "n": n,
                "calls": calls,
                "minimum": minimum,
                "at_minimum": all(calls[s] == minimum[s] for s in minimum),
            }
        )
    return rows
