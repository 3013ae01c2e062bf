"""Small builders of valid domain objects for the domain tests."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from domain.models import (
    Account,
    Case,
    CaseSlaMetric,
    CaseStatus,
    Contract,
    ContractStatus,
    Invoice,
    InvoiceStatus,
    LegalEntity,
    RecurringInterval,
    SlaMetric,
    SlaStage,
    Subscription,
    SubscriptionItem,
    SubscriptionStatus,
)
from domain.money import Money

T0 = datetime(2024, 5, 1, tzinfo=UTC)
ACCOUNT_ID = "001000000000001AAA"


def usd(amount: str | int) -> Money:
    return Money.of(amount, "USD")


def account(**overrides: Any) -> Account:
    fields: dict[str, Any] = {"id": ACCOUNT_ID, "name": "Acme"}
    return Account(**(fields | overrides))


def legal(**overrides: Any) -> LegalEntity:
    fields: dict[str, Any] = {
        "erp_id": "42",
        "entity_id": "CUST-42",
        "legal_name": "Acme Inc.",
        "currency": "USD",
        "balance": usd(0),
        "overdue_balance": usd(0),
    }
    return LegalEntity(**(fields | overrides))


def item(
    amount: str | None = "100",
    interval: str = "month",
    *,
    quantity: int = 1,
    currency: str = "USD",
    n: int = 1,
) -> SubscriptionItem:
    return SubscriptionItem(
        id=f"si_{n}",
        price_id=f"price_{n}",
        product_id="prod_1",
        quantity=quantity,
        unit_amount=Money.of(amount, currency) if amount is not None else None,
        interval=RecurringInterval(interval),
    )


def subscription(status: str = "active", *items: SubscriptionItem, n: int = 1) -> Subscription:
    return Subscription(
        id=f"sub_{n}",
        status=SubscriptionStatus(status),
        items=items or (item(),),
        current_period_start=T0,
        current_period_end=datetime(2024, 6, 1, tzinfo=UTC),
        created=T0,
    )


def invoice(
    status: str = "open",
    due: date | None = date(2024, 5, 15),
    remaining: str = "100",
    *,
    n: int = 1,
    currency: str = "USD",
) -> Invoice:
    paid = "0" if status == "open" else "100"
    return Invoice(
        id=f"in_{n}",
        number=f"INV-{n}",
        status=InvoiceStatus(status),
        total=Money.of("100", currency),
        amount_due=Money.of("100", currency),
        amount_paid=Money.of(paid, currency),
        amount_remaining=Money.of(remaining, currency),
        created=T0,
        due_date=due,
    )


def contract(status: str = "activated", end: date | None = date(2025, 4, 30)) -> Contract:
    return Contract(
        id="800000000000001AAA",
        number="00000100",
        status=ContractStatus(status),
        start_date=date(2024, 5, 1),
        end_date=end,
        term_months=12,
    )


def case(
    n: int = 1,
    status: str = "open",
    *metrics: tuple[str, str, datetime | None],
    priority: str | None = "high",
) -> Case:
    return Case.model_validate(
        {
            "id": n,
            "subject": f"case {n}",
            "status": CaseStatus(status),
            "priority": priority,
            "created_at": T0,
            "updated_at": T0,
            "sla": [
                CaseSlaMetric(metric=SlaMetric(m), stage=SlaStage(s), breach_at=b) for m, s, b in metrics
            ],
        }
    )
