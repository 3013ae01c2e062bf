from domain.models import BillingCustomer, SupportOrganization
from domain.ownership import Fact
from domain.survivorship import (
    Candidate,
    billing_currency,
    choose,
    display_name,
    find_discrepancies,
    legal_currency,
    legal_name,
)
from domain.systems import SourceSystem
from tests.domain.builders import account, legal


def test_owner_wins_and_losers_that_differ_are_kept():
    chosen = choose(
        Fact.ACCOUNT_IDENTITY,
        {SourceSystem.ERP: "Acme Inc.", SourceSystem.CRM: "Acme", SourceSystem.SUPPORT: "Acme"},
    )
    assert chosen is not None
    assert (chosen.value, chosen.source, chosen.from_owner) == ("Acme", SourceSystem.CRM, True)
    assert chosen.overridden == (Candidate[str](source=SourceSystem.ERP, value="Acme Inc."),)


def test_fallback_when_owner_has_no_value():
    chosen = choose(
        Fact.LEGAL_ENTITY, {SourceSystem.ERP: None, SourceSystem.BILLING: "B", SourceSystem.CRM: "C"}
    )
    assert chosen is not None
    assert (chosen.value, chosen.source, chosen.from_owner) == ("C", SourceSystem.CRM, False)


def test_nothing_present():
    assert choose(Fact.ACCOUNT_IDENTITY, {}) is None
    assert display_name(account=None) is None


def test_display_name_is_crm_then_others():
    named = display_name(account=account(name="Acme"), legal=legal(legal_name="Acme Holdings Ltd"))
    assert named is not None and named.value == "Acme" and named.source is SourceSystem.CRM
    org = SupportOrganization(id=5, name="Acme Support")
    fallback = display_name(account=None, support_org=org)
    assert fallback is not None and fallback.source is SourceSystem.SUPPORT and not fallback.from_owner


def test_legal_name_is_erp():
    named = legal_name(legal=legal(legal_name="Acme Inc."), account=account())
    assert named is not None and (named.value, named.source) == ("Acme Inc.", SourceSystem.ERP)
    fallback = legal_name(legal=None, account=account())
    assert fallback is not None and (fallback.value, fallback.source) == ("Acme", SourceSystem.CRM)


def test_currency_owner_depends_on_what_it_prices():
    billing = BillingCustomer(id="cus_1", currency="eur")
    erp = legal(currency="USD")
    legal_ccy = legal_currency(legal=erp, billing_customer=billing)
    billing_ccy = billing_currency(billing_customer=billing, legal=erp)
    assert legal_ccy is not None and (legal_ccy.value, legal_ccy.source) == ("USD", SourceSystem.ERP)
    assert billing_ccy is not None and (billing_ccy.value, billing_ccy.source) == (
        "EUR",
        SourceSystem.BILLING,
    )
    no_billing_ccy = billing_currency(billing_customer=BillingCustomer(id="cus_1"), legal=erp)
    assert no_billing_ccy is not None and no_billing_ccy.source is SourceSystem.ERP


def test_find_discrepancies_is_re_exported():
    from domain.discrepancies import find_discrepancies as original

    assert find_discrepancies is original
