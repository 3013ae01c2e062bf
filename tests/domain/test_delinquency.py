from datetime import date

import pytest

from domain.delinquency import (
    COLLECTIONS_DAYS_OVERDUE,
    DELINQUENT_DAYS_OVERDUE,
    Delinquency,
    DelinquencyStatus,
    assess_delinquency,
    status_for_days_overdue,
    worst,
)
from domain.models import CreditHold, Invoice, LegalEntity, Subscription
from domain.money import Money
from domain.ownership import Fact
from domain.systems import SourceSystem
from tests.domain.builders import invoice, legal, subscription, usd

AS_OF = date(2024, 6, 1)


def assess(
    *,
    legal_entity: LegalEntity | None = None,
    subs: list[Subscription] | None = None,
    invoices: list[Invoice] | None = None,
) -> Delinquency:
    return assess_delinquency(legal=legal_entity, subscriptions=subs, invoices=invoices, as_of=AS_OF)


def test_scale_is_ordered():
    assert [s.severity for s in DelinquencyStatus] == [0, 1, 2, 3]
    assert worst(DelinquencyStatus.WATCH, DelinquencyStatus.COLLECTIONS) is DelinquencyStatus.COLLECTIONS
    assert worst() is DelinquencyStatus.CURRENT


@pytest.mark.parametrize(
    ("days", "status"),
    [
        (0, DelinquencyStatus.CURRENT),
        (1, DelinquencyStatus.WATCH),
        (30, DelinquencyStatus.WATCH),
        (31, DelinquencyStatus.DELINQUENT),
        (90, DelinquencyStatus.DELINQUENT),
        (91, DelinquencyStatus.COLLECTIONS),
    ],
)
def test_day_thresholds(days, status):
    assert status_for_days_overdue(days) is status
    assert (DELINQUENT_DAYS_OVERDUE, COLLECTIONS_DAYS_OVERDUE) == (31, 91)


def test_all_clear_is_current_and_complete():
    result = assess(legal_entity=legal(), subs=[subscription()], invoices=[invoice("paid")])
    assert result.status is DelinquencyStatus.CURRENT
    assert result.is_complete and result.missing_inputs == () and result.reasons == ()
    assert result.sources == (SourceSystem.ERP, SourceSystem.BILLING)
    assert result.overdue_balance == usd(0) and result.days_overdue == 0 and result.credit_hold is False
    assert result.billing_overdue_amount is None and result.billing_days_overdue is None


def test_credit_hold_on_is_at_least_delinquent():
    result = assess(legal_entity=legal(credit_hold=CreditHold.ON), subs=[], invoices=[])
    assert result.status is DelinquencyStatus.DELINQUENT
    assert result.credit_hold is True
    assert any("credit hold" in r for r in result.reasons)


def test_more_than_90_days_is_collections_even_with_hold_off():
    entity = legal(days_overdue=91, overdue_balance=usd("500"), credit_hold=CreditHold.OFF)
    result = assess(legal_entity=entity, subs=[], invoices=[])
    assert result.status is DelinquencyStatus.COLLECTIONS
    assert result.credit_hold is False


def test_erp_overdue_balance_alone_is_watch():
    assert assess(legal_entity=legal(overdue_balance=usd("1")), subs=[], invoices=[]).status is (
        DelinquencyStatus.WATCH
    )


def test_subscription_rules():
    past_due = assess(subs=[subscription("past_due", n=1), subscription("active", n=2)], invoices=[])
    assert past_due.status is DelinquencyStatus.WATCH
    assert past_due.past_due_subscription_ids == ("sub_1",)
    unpaid = assess(subs=[subscription("unpaid", n=3)], invoices=[])
    assert unpaid.status is DelinquencyStatus.DELINQUENT
    assert unpaid.past_due_subscription_ids == ("sub_3",)


def test_overdue_invoices_by_age_and_amount():
    invoices = [
        invoice(due=date(2024, 5, 31), remaining="40", n=1),  # 1 day late
        invoice(due=date(2024, 4, 1), remaining="60", n=2),  # 61 days late
        invoice(due=date(2024, 6, 1), remaining="70", n=3),  # due today: not overdue
        invoice("paid", due=date(2024, 1, 1), remaining="0", n=4),
    ]
    result = assess(subs=[], invoices=invoices)
    assert result.overdue_invoice_ids == ("in_1", "in_2")
    assert result.billing_overdue_amount == usd("100")
    assert result.billing_days_overdue == 61
    assert result.status is DelinquencyStatus.DELINQUENT


def test_one_day_overdue_invoice_is_watch():
    result = assess(subs=[], invoices=[invoice(due=date(2024, 5, 31))])
    assert result.status is DelinquencyStatus.WATCH


def test_uncollectible_invoice_is_delinquent():
    result = assess(subs=[], invoices=[invoice("uncollectible", due=None, remaining="10")])
    assert result.status is DelinquencyStatus.DELINQUENT
    assert result.overdue_invoice_ids == ()


def test_mixed_currency_overdue_is_split():
    result = assess(
        invoices=[invoice(due=date(2024, 5, 1), n=1), invoice(due=date(2024, 5, 1), n=2, currency="EUR")],
        subs=[],
    )
    assert result.billing_overdue_amount is None
    assert result.billing_overdue == (Money.of(100, "EUR"), usd(100))


def test_erp_down_still_answers_from_billing():
    result = assess(subs=[subscription("past_due")], invoices=[])
    assert result.status is DelinquencyStatus.WATCH
    assert result.missing_inputs == (Fact.AR_BALANCE,)
    assert result.missing_sources == (SourceSystem.ERP,)
    assert not result.is_complete
    assert result.overdue_balance is None and result.days_overdue is None and result.credit_hold is None
    assert result.sources == (SourceSystem.BILLING,)
    assert any("unavailable" in r for r in result.reasons)


def test_billing_down_still_answers_from_erp():
    result = assess(legal_entity=legal(days_overdue=45, overdue_balance=usd(5)))
    assert result.status is DelinquencyStatus.DELINQUENT
    assert result.missing_inputs == (Fact.SUBSCRIPTION, Fact.INVOICE)
    assert result.missing_sources == (SourceSystem.BILLING,)
    assert result.sources == (SourceSystem.ERP,)


def test_only_invoices_missing():
    result = assess(legal_entity=legal(), subs=[subscription()])
    assert result.missing_inputs == (Fact.INVOICE,)
    assert result.sources == (SourceSystem.ERP, SourceSystem.BILLING)
    assert result.status is DelinquencyStatus.CURRENT


def test_nothing_available_has_no_status():
    result = assess()
    assert result.status is None
    assert result.sources == ()
    assert len(result.missing_inputs) == 3
