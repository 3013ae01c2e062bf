import pytest
from pydantic import BaseModel, ValidationError

from domain.ids import (
    CustomerId,
    InvalidId,
    NetSuiteId,
    SalesforcePrefix,
    StripeCustomerId,
    StripePrefix,
    ZendeskId,
    is_salesforce_id,
    parse_customer_id,
    parse_netsuite_id,
    parse_salesforce_id,
    parse_stripe_id,
    parse_zendesk_id,
    salesforce_checksum,
    to_salesforce_18,
)
from domain.systems import SourceSystem


@pytest.mark.parametrize(
    ("id15", "suffix"),
    [
        ("001000000000001", "AAA"),  # no upper-case letters: every chunk is 0 -> "A"
        ("0015000000GJWlr", "AAH"),  # last chunk G,J,W upper at bits 0,1,2 -> 7 -> "H"
        ("001A0000006Vm9r", "IAC"),  # "A" at bit 3 -> 8 -> "I"; "V" at bit 1 -> 2 -> "C"
        ("ABCDEABCDEABCDE", "555"),  # all upper: 31 -> "5"
        ("aBcDeFgHiJkLmNo", "KVK"),  # bits 1,3 -> 10 "K"; bits 0,2,4 -> 21 "V"
    ],
)
def test_checksum(id15, suffix):
    assert salesforce_checksum(id15) == suffix
    assert to_salesforce_18(id15) == id15 + suffix


def test_round_trip_18_is_kept():
    full = to_salesforce_18("0015000000GJWlr")
    assert full == "0015000000GJWlrAAH"
    assert to_salesforce_18(full) == full
    assert parse_salesforce_id(full, prefix=SalesforcePrefix.ACCOUNT) == full


def test_wrong_checksum_is_rejected():
    with pytest.raises(InvalidId, match="checksum"):
        parse_salesforce_id("0015000000GJWlrAAA")
    # An 18-char id whose body lost its case no longer matches its suffix.
    with pytest.raises(InvalidId):
        parse_salesforce_id("0015000000gjwlrAAH")


@pytest.mark.parametrize("bad", ["", "001", "00150000000GJWl-", "0015000000GJWlrAA", 1234567890123456, None])
def test_malformed_salesforce_ids(bad):
    with pytest.raises(InvalidId) as info:
        parse_salesforce_id(bad)
    assert info.value.system is SourceSystem.CRM
    assert isinstance(info.value, ValueError)
    assert not is_salesforce_id(bad)


def test_key_prefixes():
    assert is_salesforce_id("800000000000001", prefix=SalesforcePrefix.CONTRACT)
    assert not is_salesforce_id("800000000000001", prefix=SalesforcePrefix.ACCOUNT)
    with pytest.raises(InvalidId, match="account id"):
        parse_customer_id("005000000000001")
    assert parse_customer_id("001000000000001") == "001000000000001AAA"
    assert [p.value for p in SalesforcePrefix] == ["001", "800", "550", "006", "005"]


@pytest.mark.parametrize(
    ("prefix", "value"),
    [
        (StripePrefix.CUSTOMER, "cus_NffrFeUfNV2Hib"),
        (StripePrefix.SUBSCRIPTION, "sub_1MowQVLkdIwHu7ixeRlqHVzs"),
        (StripePrefix.SUBSCRIPTION_ITEM, "si_NcLYdDxLHxlFo7"),
        (StripePrefix.INVOICE, "in_1MtHbELkdIwHu7ixl4OzzPMv"),
        (StripePrefix.CREDIT_NOTE, "cn_1MxvRqLkdIwHu7ixY0xbUcxk"),
        (StripePrefix.PRICE, "price_1MoBy5LkdIwHu7ixZhnattbh"),
        (StripePrefix.PRODUCT, "prod_NWjs8kKbJWmuuc"),
    ],
)
def test_stripe_ids(prefix, value):
    assert parse_stripe_id(value, prefix) == value


@pytest.mark.parametrize(
    "bad", ["sub_123", "cus_", "cus", "cus_ab-c", "cus_abc_def", "CUS_abc", "cus_" + "a" * 252, 12]
)
def test_bad_stripe_customer_ids(bad):
    with pytest.raises(InvalidId) as info:
        parse_stripe_id(bad, StripePrefix.CUSTOMER)
    assert info.value.system is SourceSystem.BILLING


def test_catalog_ids_may_carry_underscores():
    assert parse_stripe_id("price_platform_business_usd_monthly", StripePrefix.PRICE)
    assert parse_stripe_id("prod_platform_business", StripePrefix.PRODUCT)
    with pytest.raises(InvalidId):
        parse_stripe_id("price_bad-id", StripePrefix.PRICE)


def test_stripe_max_length_boundary():
    assert parse_stripe_id("cus_" + "a" * 251, StripePrefix.CUSTOMER)


def test_positive_int_ids():
    assert parse_zendesk_id(35436) == 35436
    assert parse_zendesk_id("35436") == 35436
    assert parse_netsuite_id(107) == "107"
    assert parse_netsuite_id("107") == "107"
    for bad in (0, -1, "0", "007", "12a", "", True, 1.0, None):
        with pytest.raises(InvalidId) as zd:
            parse_zendesk_id(bad)
        assert zd.value.system is SourceSystem.SUPPORT
        with pytest.raises(InvalidId) as ns:
            parse_netsuite_id(bad)
        assert ns.value.system is SourceSystem.ERP


class _Ids(BaseModel):
    customer: CustomerId
    billing: StripeCustomerId
    org: ZendeskId
    erp: NetSuiteId


def test_pydantic_field_types_canonicalise():
    ids = _Ids(customer="001000000000001", billing="cus_abc", org=17, erp=4)
    assert ids.model_dump() == {
        "customer": "001000000000001AAA",
        "billing": "cus_abc",
        "org": "17",
        "erp": "4",
    }
    with pytest.raises(ValidationError):
        _Ids(customer="006000000000001", billing="cus_abc", org=17, erp=4)
