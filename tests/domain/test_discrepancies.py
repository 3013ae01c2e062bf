from datetime import date

from domain.discrepancies import Discrepancy, DiscrepancyKind, find_discrepancies, normalise_name
from domain.models import BillingCustomer, SupportOrganization
from domain.systems import SourceSystem
from tests.domain.builders import account, contract, invoice, item, legal, subscription, usd

AS_OF = date(2024, 6, 1)


def kinds(found: tuple[Discrepancy, ...]) -> list[DiscrepancyKind]:
    return [d.kind for d in found]


def test_name_normalisation():
    assert normalise_name("ACME, Inc.") == normalise_name("Acme") == "acme"
    assert normalise_name("Smith & Sons Ltd") == "smith and sons"
    assert normalise_name("Co") == "co"  # never reduced to nothing
    assert normalise_name("Globex GmbH") != normalise_name("Globex Holdings")


def test_consistent_profile_has_none():
    found = find_discrepancies(
        as_of=AS_OF,
        account=account(erp_customer_id="42", billing_customer_id="cus_1", support_org_id="7"),
        legal=legal(),
        billing_customer=BillingCustomer(id="cus_1", name="ACME inc", currency="usd"),
        support_org=SupportOrganization(id=7, name="Acme"),
        contracts=[contract()],
        subscriptions=[subscription()],
        invoices=[invoice("paid", remaining="0")],
    )
    assert found == ()


def test_name_mismatch_names_the_systems_and_crm_prevails():
    found = find_discrepancies(
        as_of=AS_OF, account=account(name="Acme"), legal=legal(legal_name="Acme Holdings Inc.")
    )
    assert kinds(found) == [DiscrepancyKind.NAME_MISMATCH]
    assert found[0].systems == (SourceSystem.CRM, SourceSystem.ERP)
    assert found[0].prevailing is SourceSystem.CRM


def test_cross_reference_mismatch():
    found = find_discrepancies(
        as_of=AS_OF,
        account=account(billing_customer_id="cus_1"),
        billing_customer=BillingCustomer(id="cus_2"),
    )
    assert kinds(found) == [DiscrepancyKind.CROSS_REFERENCE_MISMATCH]


def test_currency_mismatch_from_customer_or_items():
    found = find_discrepancies(
        as_of=AS_OF,
        legal=legal(currency="USD"),
        subscriptions=[subscription("active", item("10", currency="EUR"))],
    )
    assert kinds(found) == [DiscrepancyKind.CURRENCY_MISMATCH]
    assert "EUR" in found[0].detail and found[0].prevailing is None


def test_contract_active_subscription_canceled():
    found = find_discrepancies(as_of=AS_OF, contracts=[contract()], subscriptions=[subscription("canceled")])
    assert kinds(found) == [DiscrepancyKind.CONTRACT_ACTIVE_SUBSCRIPTION_CANCELED]
    # an expired contract, a live subscription, or no subscriptions at all are not this discrepancy
    assert (
        find_discrepancies(
            as_of=date(2026, 1, 1), contracts=[contract()], subscriptions=[subscription("canceled")]
        )
        == ()
    )
    assert (
        find_discrepancies(as_of=AS_OF, contracts=[contract()], subscriptions=[subscription("active")]) == ()
    )
    assert find_discrepancies(as_of=AS_OF, contracts=[contract()], subscriptions=[]) == ()


def test_erp_overdue_billing_paid():
    found = find_discrepancies(
        as_of=AS_OF,
        legal=legal(overdue_balance=usd(250), days_overdue=12),
        invoices=[invoice("paid", remaining="0")],
    )
    assert kinds(found) == [DiscrepancyKind.ERP_OVERDUE_BILLING_PAID]
    assert found[0].prevailing is SourceSystem.ERP


def test_billing_overdue_erp_current():
    found = find_discrepancies(as_of=AS_OF, legal=legal(), invoices=[invoice(due=date(2024, 5, 1))])
    assert kinds(found) == [DiscrepancyKind.BILLING_OVERDUE_ERP_CURRENT]


def test_both_overdue_is_consistent():
    found = find_discrepancies(
        as_of=AS_OF,
        legal=legal(overdue_balance=usd(100), days_overdue=31),
        invoices=[invoice(due=date(2024, 5, 1))],
    )
    assert found == ()


def test_missing_parts_skip_checks():
    assert find_discrepancies(as_of=AS_OF) == ()
    assert find_discrepancies(as_of=AS_OF, legal=legal(overdue_balance=usd(1))) == ()
