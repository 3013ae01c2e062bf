from __future__ import annotations

import pytest

from domain.writes import contract_end
from sources.cache import SourceCache
from sources.config import CacheConfig, CrmConfig
from sources.crm.client import CrmSource
from sources.errors import SourceNotFound, SourceRejected
from sources.results import Fetched
from tests.sources.conftest import WriteRig
from tests.sources.write_ops import CTX


async def test_renew_contract_sets_the_term_and_reads_back_the_end_date(rig: WriteRig) -> None:
    crm = CrmSource(rig.clients["crm"], CrmConfig(), SourceCache(CacheConfig()))
    customer, seeded = next(
        (c, k) for c in rig.sandbox.universe.customers for k in c.contracts if k.status == "Activated"
    )
    before = (await crm.contracts([customer.account_id], CTX))[customer.account_id]
    assert isinstance(before, Fetched)
    renewed = await crm.renew_contract(seeded.id, seeded.term_months + 12, CTX)
    assert renewed.term_months == seeded.term_months + 12
    assert renewed.end_date == contract_end(seeded.start_date, seeded.term_months + 12)
    writes = await rig.writes()
    (write,) = writes["crm"]
    assert write["method"] == "PATCH" and write["path"].endswith(f"/sobjects/Contract/{seeded.id}")
    assert not writes["billing"] and not writes["erp"] and not writes["support"]
    after = (await crm.contracts([customer.account_id], CTX))[customer.account_id]
    assert isinstance(after, Fetched) and after.origin == "live" and after.value is not None
    assert next(k for k in after.value if k.id == seeded.id).term_months == seeded.term_months + 12


async def test_vendor_validation_error_names_the_field(rig: WriteRig) -> None:
    crm = CrmSource(rig.clients["crm"], CrmConfig(), SourceCache(CacheConfig()))
    seeded = next(k for c in rig.sandbox.universe.customers for k in c.contracts)
    with pytest.raises(SourceRejected) as raised:
        await crm.renew_contract(seeded.id, 0, CTX)
    assert raised.value.field == "ContractTerm"


async def test_unknown_contract(rig: WriteRig) -> None:
    crm = CrmSource(rig.clients["crm"], CrmConfig(), SourceCache(CacheConfig()))
    with pytest.raises(SourceNotFound):
        await crm.renew_contract("not-an-id", 12, CTX)
    assert await crm.contract("8005T0000000999QAA", CTX) is None
    assert all(not found for found in (await rig.writes()).values())
