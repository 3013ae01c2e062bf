from __future__ import annotations

import gc
from decimal import Decimal

import httpx
import pytest
from pydantic import BaseModel

from domain.systems import SourceSystem
from sources.billing.payloads import InvoiceObject, StripeList, SubscriptionObject
from sources.crm.payloads import AccountRecord, EntitlementRecord, QueryResult
from sources.errors import SourceBadResponse
from sources.responses import (
    decode,
    needs_exact_numbers,
    parametrized,
    parse_json,
    retry_after_seconds,
    validate,
)
from sources.support.payloads import SlaPoliciesPage, TicketsPage

CRM = SourceSystem.CRM


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


ENTITLEMENTS = parametrized(QueryResult, EntitlementRecord)


def _entitlements(number: str) -> bytes:
    record = (
        f'{{"Id": "5505T0000000001QAA", "AccountId": "0015T0000000001QAA", "Name": "Premier", '
        f'"Status": "Active", "CasesPerEntitlement": {number}, "RemainingCases": {number}}}'
    )
    return f'{{"totalSize": 1, "done": true, "records": [{record}]}}'.encode()


@pytest.mark.parametrize(
    "number", ["0.1", "1234567.89", "1e-7", "5.0", "12345678901234567890.123456789", "-0.0", "7"]
)
def test_a_decimal_field_receives_the_exact_decimal_text(number: str) -> None:
    page = decode(CRM, ENTITLEMENTS, _entitlements(number))

    record = page.records[0]
    assert str(record.cases_per_entitlement) == str(Decimal(number))
    assert str(record.remaining_cases) == str(Decimal(number))


def test_models_with_decimal_or_any_fields_take_the_exact_path_and_the_others_the_fast_one() -> None:
    assert needs_exact_numbers(ENTITLEMENTS)
    assert needs_exact_numbers(SlaPoliciesPage)  # a policy condition's `value: Any`
    assert not needs_exact_numbers(parametrized(StripeList, InvoiceObject))
    assert not needs_exact_numbers(parametrized(QueryResult, AccountRecord))
    assert not needs_exact_numbers(TicketsPage)


def test_the_fast_path_validates_like_json_loads_then_model_validate() -> None:
    body = (
        b'{"totalSize": 2, "done": false, "nextRecordsUrl": "/next", "records": ['
        b'{"Id": "0015T0000000001QAA", "Name": "Acme", "Industry": null, "attributes": {"type": "Account"}},'
        b'{"Id": "0015T0000000002QAA", "Name": "Caf\\u00e9 \xc3\xa9"}]}'
    )
    model = parametrized(QueryResult, AccountRecord)

    assert decode(CRM, model, body) == validate(CRM, model, parse_json(CRM, body))


@pytest.mark.parametrize("model", [parametrized(QueryResult, AccountRecord), ENTITLEMENTS])
@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"{not json", "crm answered malformed JSON"),
        (b"\xff\xfe", "crm answered malformed JSON"),
        (b'{"totalSize": 1, "done": true}', "crm answered an unexpected shape"),
        (b"[]", "crm answered an unexpected shape"),
    ],
)
def test_a_bad_body_is_a_bad_response_on_either_path(
    model: type[BaseModel], body: bytes, message: str
) -> None:
    with pytest.raises(SourceBadResponse) as caught:
        decode(CRM, model, body)

    assert caught.value.message == message


def test_retry_after_forms() -> None:
    assert retry_after_seconds(httpx.Headers({"Retry-After": "2"})) == 2.0
    assert retry_after_seconds(httpx.Headers({"Retry-After": "Wed, 21 Oct 2026 07:28:00 GMT"})) is None
    assert retry_after_seconds(httpx.Headers({})) is None
