from __future__ import annotations

import gc

from sources.billing.payloads import InvoiceObject, StripeList, SubscriptionObject
from sources.crm.payloads import AccountRecord, QueryResult
from sources.responses import parametrized


def test_a_parametrized_page_model_is_built_once_and_kept() -> None:
    first = parametrized(StripeList, InvoiceObject)
    gc.collect()

    assert parametrized(StripeList, InvoiceObject) is first
    assert first.__name__ == "StripeList[InvoiceObject]"
    assert parametrized(StripeList, SubscriptionObject) is not first


def test_a_parametrized_page_model_validates_like_the_inline_one() -> None:
    payload = {"totalSize": 1, "done": True, "records": [{"Id": "0015T0000000001QAA", "Name": "Acme"}]}

    page = parametrized(QueryResult, AccountRecord).model_validate(payload)

    assert page == QueryResult[AccountRecord].model_validate(payload)
    assert page.records[0].name == "Acme"
