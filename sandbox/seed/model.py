"""The seed universe: plain records of every customer as the four systems should hold them.

Amounts are integers in minor units of the record's currency. Times are timezone-aware UTC. The
generator (`sandbox.seed.generate`) builds a `Universe`; each system's `store.seed(conn, universe)`
writes its own share of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

Tier = Literal["enterprise", "business", "standard"]


@dataclass(frozen=True)
class Price:
    """A Stripe price in the shared catalog."""

    id: str  # price_...
    product_id: str  # prod_...
    product_name: str
    nickname: str
    unit_amount: int
    currency: str  # lower case, Stripe style: "usd"
    interval: Literal["month", "year"]


@dataclass(frozen=True)
class SlaTarget:
    priority: Literal["low", "normal", "high", "urgent"]
    metric: Literal["first_reply_time", "next_reply_time", "periodic_update_time", "requester_wait_time"]
    target_minutes: int
    business_hours: bool


@dataclass(frozen=True)
class SlaPolicy:
    """A Zendesk SLA policy; it applies to tickets tagged `tier_<tier>`."""

    id: int
    title: str
    description: str
    position: int
    tier: Tier
    targets: tuple[SlaTarget, ...]


@dataclass(frozen=True)
class Contract:
    id: str  # Salesforce Contract Id, 800...
    number: str  # ContractNumber, 8 digits
    status: Literal["Draft", "InApproval", "Activated", "Expired", "Terminated"]
    start_date: date
    term_months: int
    end_date: date
    activated_date: datetime | None


@dataclass(frozen=True)
class Entitlement:
    id: str  # 550...
    name: str
    type: str  # "Phone Support", "Web Support", "Email Support"
    status: Literal["Active", "Expired", "Inactive"]
    start_date: date
    end_date: date
    is_per_incident: bool
    cases_per_entitlement: int | None
    remaining_cases: int | None
    sla_process_id: str | None  # 552...


@dataclass(frozen=True)
class Opportunity:
    id: str  # 006...
    name: str
    stage_name: str
    close_date: date
    amount: int  # minor units of the customer's currency
    is_closed: bool
    is_won: bool
    contract_id: str | None


@dataclass(frozen=True)
class SubscriptionItem:
    id: str  # si_...
    price_id: str
    quantity: int


@dataclass(frozen=True)
class Subscription:
    id: str  # sub_...
    status: Literal[
        "trialing", "active", "past_due", "canceled", "unpaid", "incomplete", "incomplete_expired", "paused"
    ]
    items: tuple[SubscriptionItem, ...]
    currency: str  # lower case
    created: datetime
    current_period_start: datetime
    current_period_end: datetime
    cancel_at_period_end: bool
    canceled_at: datetime | None
    collection_method: Literal["charge_automatically", "send_invoice"]
    days_until_due: int | None


@dataclass(frozen=True)
class InvoiceLine:
    id: str  # il_...
    price_id: str
    description: str
    quantity: int
    amount: int


@dataclass(frozen=True)
class Invoice:
    id: str  # in_...
    number: str  # e.g. "A1B2C3D4-0007"
    subscription_id: str | None
    status: Literal["draft", "open", "paid", "uncollectible", "void"]
    currency: str  # lower case
    lines: tuple[InvoiceLine, ...]
    total: int
    amount_due: int  # total less credit notes issued while open
    amount_paid: int
    amount_remaining: int  # amount_due - amount_paid
    created: datetime
    period_start: datetime
    period_end: datetime
    due_date: date | None  # None when collection_method is charge_automatically
    collection_method: Literal["charge_automatically", "send_invoice"]
    paid_at: datetime | None
    erp_id: int  # the NetSuite invoice transaction's internal id


@dataclass(frozen=True)
class CreditNote:
    id: str  # cn_...
    number: str
    invoice_id: str
    amount: int
    currency: str
    reason: Literal["duplicate", "fraudulent", "order_change", "product_unsatisfactory"] | None
    memo: str | None
    created: datetime
    type: Literal["pre_payment", "post_payment"]
    erp_id: int  # the NetSuite creditMemo transaction's internal id


@dataclass(frozen=True)
class BalanceTransaction:
    id: str  # cbtxn_...
    amount: int  # negative = credit to the customer
    currency: str
    type: Literal["adjustment", "applied_to_invoice", "credit_note", "initial"]
    description: str | None
    created: datetime
    ending_balance: int


@dataclass(frozen=True)
class SlaMetricState:
    metric: str
    stage: Literal["active", "paused", "achieved"]
    breach_at: datetime | None


@dataclass(frozen=True)
class Ticket:
    id: int
    subject: str
    description: str
    status: Literal["new", "open", "pending", "hold", "solved", "closed"]
    priority: Literal["low", "normal", "high", "urgent"]
    created_at: datetime
    updated_at: datetime
    requester_email: str
    tags: tuple[str, ...]
    sla: tuple[SlaMetricState, ...]


@dataclass(frozen=True)
class AgingBuckets:
    """ERP receivables by days past due, in minor units."""

    current: int
    days_1_30: int
    days_31_60: int
    days_61_90: int
    over_90: int


@dataclass
class Customer:
    """One customer as all four systems know it (with any seeded disagreement already applied)."""

    index: int
    tier: Tier
    # CRM (Salesforce Account and its children)
    account_id: str  # 18-char Account Id, 001...
    name: str
    industry: str
    account_type: str  # Account.Type, e.g. "Customer - Direct"
    segment: str  # Segment__c: "Enterprise", "Mid-Market", "SMB"
    owner_id: str  # 005...
    website: str
    parent_account_id: str | None
    created: datetime
    contracts: list[Contract]
    entitlements: list[Entitlement]
    opportunities: list[Opportunity]
    # ERP (NetSuite customer)
    erp_id: int
    entity_id: str  # "CUST-000123"
    legal_name: str
    subsidiary_id: int
    subsidiary_name: str
    currency: str  # upper case ISO: "USD"
    terms: str  # "Net 30", "Net 45", "Net 60", "Due on receipt"
    credit_limit: int
    credit_hold: Literal["AUTO", "ON", "OFF"]
    erp_balance: int
    erp_overdue_balance: int
    erp_days_overdue: int
    erp_aging: AgingBuckets
    # billing (Stripe customer)
    billing_id: str  # cus_...
    email: str
    billing_name: str
    billing_balance: int  # negative = credit
    subscriptions: list[Subscription]
    invoices: list[Invoice]  # oldest first
    credit_notes: list[CreditNote]
    balance_transactions: list[BalanceTransaction]
    # support (Zendesk organization)
    support_org_id: int
    support_org_exists: bool  # False for a dangling cross-reference
    org_name: str
    domain_names: tuple[str, ...]
    tickets: list[Ticket]
    # Cross-system disagreement seeded on purpose, if any (see `Discrepancy.kind`).
    discrepancy: str | None = None


@dataclass(frozen=True)
class Discrepancy:
    account_id: str
    kind: str
    detail: str


@dataclass
class Universe:
    """Everything the seed writes: the shared catalogs plus every customer."""

    seed: int
    as_of: date
    prices: list[Price]
    sla_policies: list[SlaPolicy]
    subsidiaries: list[tuple[int, str]]
    customers: list[Customer] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
