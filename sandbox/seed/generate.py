"""The deterministic universe generator: the same (customers, seed, as_of) always gives the same data."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from datetime import date, timedelta

from sandbox.seed.billing import TERMS_DAYS, BillingSeeder, add_months, at_noon
from sandbox.seed.catalog import (
    CURRENCIES,
    INDUSTRIES,
    NAME_FIRST,
    NAME_SECOND,
    TIERS,
    build_prices,
    build_sla_policies,
)
from sandbox.seed.discrepancies import KINDS, apply_discrepancy, describe
from sandbox.seed.ids import salesforce_id, stripe_id
from sandbox.seed.model import AgingBuckets, Contract, Customer, Entitlement, Invoice, Opportunity, Universe
from sandbox.seed.support import TicketSeeder

DISCREPANCY_SHARE = 0.05
_OWNERS = [salesforce_id("005", n) for n in range(1, 13)]
_ENTITLEMENTS = {
    "enterprise": (("Premium Phone Support", "Phone Support"), ("24x7 Web Support", "Web Support")),
    "business": (("Business Web Support", "Web Support"), ("Email Support", "Email Support")),
    "standard": (("Standard Email Support", "Email Support"),),
}
_SEGMENT = {"enterprise": "Enterprise", "business": "Mid-Market", "standard": "SMB"}
_CREDIT_LIMIT = {"enterprise": 25_000_000, "business": 5_000_000, "standard": 1_000_000}


def generate(customers: int, seed: int, as_of: date) -> Universe:
    """Build the whole universe in memory."""
    universe = empty_universe(seed, as_of)
    universe.customers = list(iter_customers(customers, seed, as_of))
    universe.discrepancies = [describe(c) for c in universe.customers if c.discrepancy]
    return universe


def empty_universe(seed: int, as_of: date) -> Universe:
    """The shared catalogs, with no customers yet."""
    return Universe(
        seed=seed,
        as_of=as_of,
        prices=build_prices(),
        sla_policies=build_sla_policies(),
        subsidiaries=[(sid, name) for sid, name, _ in CURRENCIES.values()],
    )


def iter_customers(count: int, seed: int, as_of: date) -> Iterator[Customer]:
    """Yield customers one at a time (for a progress bar), each with any seeded disagreement applied."""
    rng = random.Random(seed)
    prices = {price.id: price for price in build_prices()}
    billing = BillingSeeder(rng, prices, as_of)
    tickets = TicketSeeder(rng, at_noon(as_of))
    roots: list[str] = []
    for index in range(count):
        customer = _customer(index, rng, as_of, billing, tickets, roots)
        if rng.random() < DISCREPANCY_SHARE:
            customer = apply_discrepancy(customer, KINDS[index % len(KINDS)], rng)
        yield customer


def _customer(
    index: int,
    rng: random.Random,
    as_of: date,
    billing: BillingSeeder,
    tickets: TicketSeeder,
    roots: list[str],
) -> Customer:
    tier = rng.choices(TIERS, weights=[15, 35, 50])[0]
    currency = rng.choices(list(CURRENCIES), weights=[70, 20, 10])[0]
    subsidiary_id, subsidiary_name, legal_suffix = CURRENCIES[currency]
    name = f"{rng.choice(NAME_FIRST)} {rng.choice(NAME_SECOND)}"
    if index >= len(NAME_FIRST) * len(NAME_SECOND) // 4:
        name = f"{name} {index}"
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    account_id = salesforce_id("001", index + 1)
    parent = rng.choice(roots) if roots and rng.random() < 0.08 else None
    if parent is None:
        roots.append(account_id)
    terms = rng.choices(list(TERMS_DAYS), weights=[60, 15, 10, 15])[0]
    history = billing.build(tier=tier, currency=currency, terms=terms, invoice_prefix=f"T{index + 1:06d}")
    contracts, entitlements, opportunities = _crm_children(index, tier, rng, as_of, currency)
    balance, overdue, days_overdue, aging = receivables(history.invoices, as_of)
    credit_hold = (
        "ON" if days_overdue > 60 and rng.random() < 0.5 else rng.choices(["AUTO", "OFF"], [95, 5])[0]
    )
    return Customer(
        index=index,
        tier=tier,
        account_id=account_id,
        name=name,
        industry=rng.choice(INDUSTRIES),
        account_type=rng.choices(["Customer - Direct", "Customer - Channel"], weights=[80, 20])[0],
        segment=_SEGMENT[tier],
        owner_id=rng.choice(_OWNERS),
        website=f"https://www.{slug}.example",
        parent_account_id=parent,
        created=at_noon(add_months(as_of, -30)),
        contracts=contracts,
        entitlements=entitlements,
        opportunities=opportunities,
        erp_id=1_000 + index,
        entity_id=f"CUST-{index + 1:06d}",
        legal_name=f"{name} {legal_suffix}",
        subsidiary_id=subsidiary_id,
        subsidiary_name=subsidiary_name,
        currency=currency,
        terms=terms,
        credit_limit=_CREDIT_LIMIT[tier],
        credit_hold=credit_hold,  # type: ignore[arg-type]
        erp_balance=balance,
        erp_overdue_balance=overdue,
        erp_days_overdue=days_overdue,
        erp_aging=aging,
        billing_id=stripe_id("cus", rng),
        email=f"billing@{slug}.example",
        billing_name=name,
        billing_balance=history.balance,
        subscriptions=history.subscriptions,
        invoices=history.invoices,
        credit_notes=history.credit_notes,
        balance_transactions=history.balance_transactions,
        support_org_id=360_000_100_000 + index,
        support_org_exists=True,
        org_name=name,
        domain_names=(f"{slug}.example",),
        tickets=tickets.build(tier=tier, email_domain=f"{slug}.example"),
    )


def _crm_children(
    index: int, tier: str, rng: random.Random, as_of: date, currency: str
) -> tuple[list[Contract], list[Entitlement], list[Opportunity]]:
    """The current contract (and earlier, expired ones), its entitlements and the deals behind them."""
    contracts: list[Contract] = []
    opportunities: list[Opportunity] = []
    term = rng.choice([12, 12, 24, 36])
    start = add_months(as_of.replace(day=1), -rng.randint(1, term - 1))
    status = "Activated"
    for generation in range(rng.choice([1, 1, 2, 3])):
        number = index * 4 + generation + 1
        end = add_months(start, term) - timedelta(days=1)
        contracts.append(
            Contract(
                id=salesforce_id("800", number),
                number=f"{number:08d}",
                status=status,  # type: ignore[arg-type]
                start_date=start,
                term_months=term,
                end_date=end,
                activated_date=at_noon(start),
            )
        )
        opportunities.append(
            Opportunity(
                id=salesforce_id("006", number),
                name=f"Contract {number:08d} {'renewal' if generation else 'new business'}",
                stage_name="Closed Won",
                close_date=start - timedelta(days=14),
                amount=rng.randint(50, 900) * 100_00,
                is_closed=True,
                is_won=True,
                contract_id=contracts[-1].id,
            )
        )
        status, term = "Expired", rng.choice([12, 24])
        start = add_months(start, -term)
    if rng.random() < 0.1:
        number = index * 4 + 4
        renewal_start = contracts[0].end_date + timedelta(days=1)
        contracts.append(
            Contract(
                id=salesforce_id("800", number),
                number=f"{number:08d}",
                status="Draft",
                start_date=renewal_start,
                term_months=12,
                end_date=add_months(renewal_start, 12) - timedelta(days=1),
                activated_date=None,
            )
        )
    current = contracts[0]
    entitlements = []
    for position, (name, kind) in enumerate(_ENTITLEMENTS[tier]):
        per_incident = tier == "standard"
        entitlements.append(
            Entitlement(
                id=salesforce_id("550", index * 2 + position + 1),
                name=name,
                type=kind,
                status="Active" if current.start_date <= as_of <= current.end_date else "Expired",
                start_date=current.start_date,
                end_date=current.end_date,
                is_per_incident=per_incident,
                cases_per_entitlement=12 if per_incident else None,
                remaining_cases=rng.randint(0, 12) if per_incident else None,
                sla_process_id=salesforce_id("552", TIERS.index(tier) + 1),
            )
        )
    return contracts, entitlements, opportunities


def receivables(invoices: list[Invoice], as_of: date) -> tuple[int, int, int, AgingBuckets]:
    """What the ERP shows for the open invoices: balance, overdue balance, days overdue and aging."""
    buckets = [0, 0, 0, 0, 0]
    days_overdue = 0
    for invoice in invoices:
        if invoice.status != "open" or invoice.amount_remaining <= 0:
            continue
        due = invoice.due_date or invoice.created.date()
        late = (as_of - due).days
        days_overdue = max(days_overdue, late)
        bucket = 0 if late <= 0 else 1 if late <= 30 else 2 if late <= 60 else 3 if late <= 90 else 4
        buckets[bucket] += invoice.amount_remaining
    balance = sum(buckets)
    return balance, balance - buckets[0], max(0, days_overdue), AgingBuckets(*buckets)
