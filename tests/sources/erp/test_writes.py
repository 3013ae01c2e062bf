from __future__ import annotations

import pytest

from domain.models import CreditHold
from sources.cache import SourceCache
from sources.config import CacheConfig, ErpConfig
from sources.erp.client import ErpSource
from sources.errors import SourceNotFound
from sources.results import Fetched
from tests.sources.conftest import WriteRig
from tests.sources.write_ops import CTX


async def test_set_credit_hold_reads_back_and_invalidates(rig: WriteRig) -> None:
    erp = ErpSource(rig.clients["erp"], ErpConfig(), SourceCache(CacheConfig()))
    customer = next(c for c in rig.sandbox.universe.customers if c.credit_hold != "ON")
    key = str(customer.erp_id)
    before = (await erp.legal_entities([key], CTX))[key]
    assert isinstance(before, Fetched) and before.value is not None
    assert before.value.credit_hold is not CreditHold.ON
    entity = await erp.set_credit_hold(key, CreditHold.ON, CTX)
    assert entity.credit_hold is CreditHold.ON
    writes = await rig.writes()
    (write,) = writes["erp"]
    assert write["method"] == "PATCH" and write["path"] == f"/services/rest/record/v1/customer/{key}"
    assert '"ON"' in write["body"]
    assert not writes["billing"] and not writes["crm"] and not writes["support"]
    after = (await erp.legal_entities([key], CTX))[key]
    assert isinstance(after, Fetched) and after.origin == "live" and after.value is not None
    assert after.value.credit_hold is CreditHold.ON


async def test_unknown_customer(rig: WriteRig) -> None:
    erp = ErpSource(rig.clients["erp"], ErpConfig(), SourceCache(CacheConfig()))
    with pytest.raises(SourceNotFound):
        await erp.set_credit_hold("99999999", CreditHold.OFF, CTX)
