"""Seeded billing history: subscriptions, monthly invoices, credit notes and the balance they leave."""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from sandbox.seed.catalog import PLAN_BY_TIER, price_id
from sandbox.seed.ids import stripe_id
from sandbox.seed.model import (
    BalanceTransaction,
    CreditNote,
    Invoice,
    InvoiceLine,
    Price,
    Subscription,
    SubscriptionItem,
    Tier,
)

# Weighted mix of subscription statuses across the customer base.
STATUS_MIX: tuple[tuple[str, int], ...] = (
    ("active", 66),
    ("trialing", 5),
    ("past_due", 9),
    ("canceled", 10),
    ("unpaid", 3),
    ("paused", 2),
    ("incomplete", 2),
    ("incomplete_expired", 3),
)

TERMS_DAYS = {"Net 30": 30, "Net 45": 45, "Net 60": 60, "Due on receipt": 0}


def add_months(day: date, months: int) -> date:
    """The same day of month `months` later (clamped to the month's last day)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def at_noon(day: date) -> datetime:
    """Midday UTC of a date: the seed's timestamps avoid midnight edge cases."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


@dataclass
class BillingHistory:
    subscriptions: list[Subscription]
    invoices: list[Invoice]
    credit_notes: list[CreditNote]
    balance_transactions: list[BalanceTransaction]
    balance: int


class BillingSeeder:
    """Builds one customer's billing history; `next_erp_id` numbers the ERP transactions."""

    def __init__(self, rng: random.Random, prices: dict[str, Price], as_of: date) -> None:
        self.rng = rng
        self.prices = prices
        self.as_of = as_of
        self.next_erp_id = 50_000

    def _erp_id(self) -> int:
        self.next_erp_id += 1
        return self.next_erp_id

    def build(self, *, tier: Tier, currency: str, terms: str, invoice_prefix: str) -> BillingHistory:
        """Subscriptions with 12 to 24 months of invoices, a few credit notes, and the balance."""
        rng = self.rng
        status = rng.choices([s for s, _ in STATUS_MIX], weights=[w for _, w in STATUS_MIX])[0]
        months = rng.randint(12, 24)
        start = add_months(self.as_of.replace(day=rng.randint(1, 28)), -months)
        collection = "send_invoice" if tier != "standard" else "charge_automatically"
        days_until_due = (TERMS_DAYS[terms] or 1) if collection == "send_invoice" else None
        interval = "year" if rng.random() < 0.15 else "month"
        items = [SubscriptionItem(stripe_id("si", rng), price_id(PLAN_BY_TIER[tier], currency, interval), 1)]
        seats = rng.randint(1, 40 if tier == "enterprise" else 12)
        items.append(SubscriptionItem(stripe_id("si", rng), price_id("seats", currency, interval), seats))
        if tier == "enterprise" and rng.random() < 0.5:
            items.append(
                SubscriptionItem(stripe_id("si", rng), price_id("premium_support", currency, interval), 1)
            )
        period_months = 12 if interval == "year" else 1

        sub_id = stripe_id("sub", rng)
        canceled_at: datetime | None = None
        end = self.as_of
        if status in ("canceled", "incomplete_expired"):
            end = add_months(self.as_of, -rng.randint(1, max(1, months - 11)))
            canceled_at = at_noon(end)
        invoices: list[Invoice] = []
        period_start = start
        while period_start <= end:
            period_end = add_months(period_start, period_months)
            invoices.append(
                self._invoice(sub_id, items, currency, collection, days_until_due, period_start, period_end)
            )
            invoices[-1] = replace(invoices[-1], number=f"{invoice_prefix}-{len(invoices):04d}")
            period_start = period_end
        current_start = add_months(period_start, -period_months)
        invoices = self._settle(invoices, status)
        subscription = Subscription(
            id=sub_id,
            status=status,  # type: ignore[arg-type]
            items=tuple(items),
            currency=currency.lower(),
            created=at_noon(start),
            current_period_start=at_noon(current_start),
            current_period_end=at_noon(add_months(current_start, period_months)),
            cancel_at_period_end=status == "active" and rng.random() < 0.05,
            canceled_at=canceled_at,
            collection_method=collection,  # type: ignore[arg-type]
            days_until_due=days_until_due,
        )
        invoices, credit_notes, transactions, balance = self._credits(invoices, currency)
        return BillingHistory([subscription], invoices, credit_notes, transactions, balance)

    def _invoice(
        self,
        sub_id: str,
        items: list[SubscriptionItem],
        currency: str,
        collection: str,
        days_until_due: int | None,
        period_start: date,
        period_end: date,
    ) -> Invoice:
        lines = []
        for item in items:
            price = self.prices[item.price_id]
            lines.append(
                InvoiceLine(
                    id=stripe_id("il", self.rng),
                    price_id=price.id,
                    description=f"{item.quantity} x {price.product_name} ({price.nickname})",
                    quantity=item.quantity,
                    amount=price.unit_amount * item.quantity,
                )
            )
        total = sum(line.amount for line in lines)
        due = period_start + timedelta(days=days_until_due) if days_until_due is not None else None
        return Invoice(
            id=stripe_id("in", self.rng),
            number="",
            subscription_id=sub_id,
            status="paid",
            currency=currency.lower(),
            lines=tuple(lines),
            total=total,
            amount_due=total,
            amount_paid=total,
            amount_remaining=0,
            created=at_noon(period_start),
            period_start=at_noon(period_start),
            period_end=at_noon(period_end),
            due_date=due,
            collection_method=collection,  # type: ignore[arg-type]
            paid_at=at_noon(due or period_start),
            erp_id=self._erp_id(),
        )

    def _settle(self, invoices: list[Invoice], status: str) -> list[Invoice]:
        """Mark which invoices are still open: unpaid history for past-due accounts, recent ones in terms."""
        unpaid_tail = {"past_due": self.rng.randint(1, 3), "unpaid": self.rng.randint(3, 5)}.get(status, 0)
        settled = []
        for position, invoice in enumerate(invoices):
            from_end = len(invoices) - position
            in_terms = invoice.due_date is not None and invoice.due_date >= self.as_of
            stays_open = from_end <= unpaid_tail or (status == "incomplete" and from_end == 1)
            if stays_open or (in_terms and self.rng.random() < 0.6):
                invoice = replace(
                    invoice, status="open", amount_paid=0, amount_remaining=invoice.total, paid_at=None
                )
            elif self.rng.random() < 0.01:
                invoice = replace(invoice, status="void", amount_paid=0, amount_remaining=0, paid_at=None)
            settled.append(invoice)
        return settled

    def _credits(
        self, invoices: list[Invoice], currency: str
    ) -> tuple[list[Invoice], list[CreditNote], list[BalanceTransaction], int]:
        """Issue a credit note for about one customer in ten, on an open or a paid invoice."""
        credit_notes: list[CreditNote] = []
        transactions: list[BalanceTransaction] = []
        balance = 0
        candidates = [i for i, inv in enumerate(invoices) if inv.status in ("open", "paid")]
        if candidates and self.rng.random() < 0.1:
            index = self.rng.choice(candidates)
            invoice = invoices[index]
            amount = max(100, (invoice.total // 10 // 100) * 100)
            on_open = invoice.status == "open"
            created = invoice.created + timedelta(days=3)
            credit_notes.append(
                CreditNote(
                    id=stripe_id("cn", self.rng),
                    number=f"{invoice.number}-CN-01",
                    invoice_id=invoice.id,
                    amount=amount,
                    currency=currency.lower(),
                    reason=self.rng.choice(["duplicate", "order_change", "product_unsatisfactory", None]),
                    memo="Service credit agreed with the account manager",
                    created=created,
                    type="pre_payment" if on_open else "post_payment",
                    erp_id=self._erp_id(),
                )
            )
            if on_open:
                invoices[index] = replace(
                    invoice,
                    amount_due=invoice.amount_due - amount,
                    amount_remaining=invoice.amount_remaining - amount,
                )
            else:
                balance -= amount
                transactions.append(
                    BalanceTransaction(
                        id=stripe_id("cbtxn", self.rng),
                        amount=-amount,
                        currency=currency.lower(),
                        type="credit_note",
                        description=f"Credit note {credit_notes[-1].number}",
                        created=created,
                        ending_balance=balance,
                    )
                )
        return invoices, credit_notes, transactions, balance
