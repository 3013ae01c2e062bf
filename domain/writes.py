"""Pure validation of write inputs: each refusal names the input field it is about.

Nothing here performs I/O: callers read the objects a check needs (the invoice, the contract, the
subscription, the price) and pass them in. A refused input must never reach a system of record.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from domain.models import (
    CasePriority,
    Contract,
    ContractStatus,
    Invoice,
    InvoiceStatus,
    Subscription,
    SubscriptionStatus,
)
from domain.models.catalog import Price
from domain.money import Money

MAX_KEY_LENGTH = 255
MAX_RENEWAL_MONTHS = 120
MAX_SUBSCRIPTION_ITEMS = 20
_CREDITABLE = (InvoiceStatus.OPEN, InvoiceStatus.UNCOLLECTIBLE, InvoiceStatus.PAID)
_AMENDABLE = (SubscriptionStatus.ACTIVE, SubscriptionStatus.TRIALING, SubscriptionStatus.PAST_DUE)


class WriteInvalid(ValueError):
    """A write input was refused before any I/O; `field` names the input at fault."""

    code = "VALIDATION_FAILED"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


def check_idempotency_key(key: str | None) -> str:
    """The key, present (not blank) and at most 255 characters."""
    if key is None or not key.strip():
        raise WriteInvalid("idempotencyKey", "an idempotency key is required")
    if len(key) > MAX_KEY_LENGTH:
        raise WriteInvalid("idempotencyKey", f"at most {MAX_KEY_LENGTH} characters, got {len(key)}")
    return key


def check_belongs(owner_id: str | None, customer_id: str, field: str) -> None:
    """Refuse an object that is not the customer's own (it names another customer or none)."""
    if owner_id is None or owner_id != customer_id:
        raise WriteInvalid(field, "does not belong to this customer")


# --- credits ------------------------------------------------------------------------------------------


def creditable(invoice: Invoice, already_credited: Money | None = None) -> Money:
    """What may still be credited: the amount remaining on an unpaid invoice, on a paid one its total less
    the credit notes already issued against it."""
    if invoice.status not in _CREDITABLE:
        raise WriteInvalid("invoiceId", f"a {invoice.status.value} invoice cannot be credited")
    if invoice.status is InvoiceStatus.PAID:
        credited = already_credited if already_credited is not None else Money.zero(invoice.currency)
        return invoice.total - credited
    return invoice.amount_remaining


def check_credit(amount: Money, invoice: Invoice, already_credited: Money | None = None) -> Money:
    """A credit amount: positive, in the invoice's currency, whole minor units, at most what is creditable."""
    if not amount.is_positive:
        raise WriteInvalid("amount", "must be positive")
    if amount.currency != invoice.currency:
        raise WriteInvalid("amount", f"must be in the invoice's currency {invoice.currency}")
    try:
        amount.to_minor()
    except ValueError as exc:
        raise WriteInvalid("amount", f"{amount.currency} has no unit smaller than its minor unit") from exc
    limit = creditable(invoice, already_credited)
    if amount > limit:
        raise WriteInvalid("amount", f"at most {limit} can be credited on this invoice")
    return amount


# --- contract renewal ---------------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """The same day of month `months` later, clamped to the month's last day (as Salesforce does)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, candidate))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def contract_end(start: date, term_months: int) -> date:
    """A contract's end date as the CRM computes it: start plus the term, less one day."""
    return add_months(start, term_months) - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Renewal:
    """A checked renewal: the contract's new total term and the end date it gives."""

    term_months: int
    end_date: date


def renewal(
    contract: Contract, *, term_months: int | None = None, new_end_date: date | None = None
) -> Renewal:
    """The renewal that extends `contract` by `term_months` (1..120) or to `new_end_date`."""
    if (term_months is None) == (new_end_date is None):
        raise WriteInvalid("termMonths", "give either termMonths or newEndDate, not both or neither")
    if contract.status in (ContractStatus.TERMINATED, ContractStatus.DRAFT):
        raise WriteInvalid("contractId", f"a {contract.status.value} contract cannot be renewed")
    start, current = contract.start_date, contract.term_months
    if start is None or current is None:
        raise WriteInvalid("contractId", "the contract has no start date and term to extend")
    if term_months is not None:
        if not 1 <= term_months <= MAX_RENEWAL_MONTHS:
            raise WriteInvalid("termMonths", f"must be between 1 and {MAX_RENEWAL_MONTHS}")
        total = current + term_months
        return Renewal(total, contract_end(start, total))
    assert new_end_date is not None
    current_end = contract.end_date or contract_end(start, current)
    if new_end_date <= current_end:
        raise WriteInvalid("newEndDate", f"must be after the current end date {current_end.isoformat()}")
    for extra in range(1, MAX_RENEWAL_MONTHS + 1):
        end = contract_end(start, current + extra)
        if end == new_end_date:
            return Renewal(current + extra, end)
        if end > new_end_date:
            below = contract_end(start, current + extra - 1)
            options = ", ".join(d.isoformat() for d in (below, end) if d > current_end)
            raise WriteInvalid(
                "newEndDate", f"contract terms run in whole months; nearest end dates: {options}"
            )
    raise WriteInvalid("newEndDate", f"at most {MAX_RENEWAL_MONTHS} months after the current end date")


PRORATION_BEHAVIORS = ("create_prorations", "none", "always_invoice")


def check_proration(value: str) -> str:
    """How a subscription change is prorated: create_prorations, none or always_invoice."""
    if value not in PRORATION_BEHAVIORS:
        raise WriteInvalid("prorationBehavior", f"must be one of {', '.join(PRORATION_BEHAVIORS)}")
    return value


# --- cases --------------------------------------------------------------------------------------------


def check_priority(value: str) -> CasePriority:
    """A case priority: low, normal, high or urgent (case-insensitive)."""
    try:
        return CasePriority(value.lower())
    except ValueError as exc:
        allowed = ", ".join(p.value for p in CasePriority)
        raise WriteInvalid("priority", f"must be one of {allowed}") from exc


def check_comment(comment: str) -> str:
    """An escalation comment: not blank."""
    if not comment.strip():
        raise WriteInvalid("comment", "must not be blank")
    return comment


# --- subscription amendments --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ItemChange:
    """One change to a subscription: add a price, set an item's quantity, or remove an item."""

    item_id: str | None = None
    price_id: str | None = None
    quantity: int | None = None
    remove: bool = False

    @classmethod
    def add(cls, price_id: str, quantity: int = 1) -> ItemChange:
        """Add a price with a quantity."""
        return cls(price_id=price_id, quantity=quantity)

    @classmethod
    def set_quantity(cls, item_id: str, quantity: int) -> ItemChange:
        """Change an item's quantity."""
        return cls(item_id=item_id, quantity=quantity)

    @classmethod
    def delete(cls, item_id: str) -> ItemChange:
        """Remove an item."""
        return cls(item_id=item_id, remove=True)


def check_changes(
    changes: Sequence[ItemChange], subscription: Subscription | None = None
) -> tuple[ItemChange, ...]:
    """Subscription changes: 1..20, each well formed with a positive quantity, items of this subscription."""
    if not changes:
        raise WriteInvalid("changes", "at least one change is required")
    if len(changes) > MAX_SUBSCRIPTION_ITEMS:
        raise WriteInvalid("changes", f"at most {MAX_SUBSCRIPTION_ITEMS} changes")
    items = {i.id: i for i in subscription.items} if subscription is not None else None
    if subscription is not None and subscription.status not in _AMENDABLE:
        raise WriteInvalid("subscriptionId", f"a {subscription.status.value} subscription cannot be amended")
    seen: set[str] = set()
    for n, change in enumerate(changes):
        field = f"changes[{n}]"
        if (change.item_id is None) == (change.price_id is None):
            raise WriteInvalid(field, "name either an existing item or a price to add")
        if change.remove and (change.price_id is not None or change.quantity is not None):
            raise WriteInvalid(field, "a removal names only the item")
        if not change.remove and (change.quantity is None or change.quantity < 1):
            raise WriteInvalid(f"{field}.quantity", "must be a positive whole number")
        target = change.item_id or change.price_id or ""
        if target in seen:
            raise WriteInvalid(field, f"{target} is changed twice")
        seen.add(target)
        if items is not None and change.item_id is not None and change.item_id not in items:
            raise WriteInvalid(f"{field}.itemId", "is not an item of this subscription")
        if items is not None and change.price_id in {i.price_id for i in items.values()}:
            raise WriteInvalid(f"{field}.priceId", "is already on this subscription: change its quantity")
    if items is not None:
        removed = sum(1 for c in changes if c.remove)
        added = sum(1 for c in changes if c.price_id is not None)
        if len(items) - removed + added < 1:
            raise WriteInvalid("changes", "a subscription must keep at least one item")
        if len(items) - removed + added > MAX_SUBSCRIPTION_ITEMS:
            raise WriteInvalid("changes", f"a subscription has at most {MAX_SUBSCRIPTION_ITEMS} items")
    return tuple(changes)


def check_price(price: Price | None, field: str, subscription: Subscription | None = None) -> Price:
    """A price to add: it exists, is active and recurring, in the subscription's currency."""
    if price is None:
        raise WriteInvalid(field, "no such price")
    if not price.active:
        raise WriteInvalid(field, "the price is no longer active")
    if price.interval is None:
        raise WriteInvalid(field, "only recurring prices can be added to a subscription")
    if subscription is not None:
        currencies = {i.unit_amount.currency for i in subscription.items if i.unit_amount is not None}
        if currencies and price.currency not in currencies:
            raise WriteInvalid(field, f"the price is in {price.currency}, the subscription is not")
    return price
