"""The fixed parts of every universe: price catalog, SLA policies, subsidiaries, word lists."""

from __future__ import annotations

from sandbox.seed.model import Price, SlaPolicy, SlaTarget, Tier

CURRENCIES: dict[str, tuple[int, str, str]] = {
    # currency: (subsidiary id, subsidiary name, legal suffix)
    "USD": (1, "Tessera Holdings Inc.", "Inc."),
    "EUR": (2, "Tessera Europe B.V.", "GmbH"),
    "GBP": (3, "Tessera UK Ltd.", "Ltd."),
}

TIERS: tuple[Tier, ...] = ("enterprise", "business", "standard")

# (product slug, product name, nickname, monthly unit amount in minor units, per tier plan)
_PRODUCTS: tuple[tuple[str, str, str, int], ...] = (
    ("platform_enterprise", "Tessera Platform", "Enterprise plan", 89_900),
    ("platform_business", "Tessera Platform", "Business plan", 19_900),
    ("platform_standard", "Tessera Platform", "Standard plan", 4_900),
    ("seats", "Additional seats", "Per seat", 1_500),
    ("premium_support", "Premium support", "Premium support add-on", 29_900),
)

PLAN_BY_TIER: dict[Tier, str] = {
    "enterprise": "platform_enterprise",
    "business": "platform_business",
    "standard": "platform_standard",
}


def price_id(slug: str, currency: str, interval: str) -> str:
    """The catalog's stable price id for a product, currency and interval."""
    return f"price_{slug}_{currency.lower()}_{interval}ly"


def product_id(slug: str) -> str:
    """The catalog's stable product id."""
    return f"prod_{slug}"


def build_prices() -> list[Price]:
    """Every product in every currency, monthly and yearly (a year costs ten months)."""
    prices: list[Price] = []
    for currency in CURRENCIES:
        for slug, name, nickname, monthly in _PRODUCTS:
            for interval, amount in (("month", monthly), ("year", monthly * 10)):
                prices.append(
                    Price(
                        id=price_id(slug, currency, interval),
                        product_id=product_id(slug),
                        product_name=name,
                        nickname=f"{nickname} ({interval}ly)",
                        unit_amount=amount,
                        currency=currency.lower(),
                        interval="month" if interval == "month" else "year",
                    )
                )
    return prices


# First-reply and next-reply targets in minutes, per priority, per tier.
_TARGETS: dict[Tier, dict[str, tuple[int, int]]] = {
    "enterprise": {"urgent": (30, 60), "high": (60, 120), "normal": (240, 480), "low": (480, 960)},
    "business": {"urgent": (60, 120), "high": (240, 480), "normal": (480, 960), "low": (1440, 2880)},
    "standard": {"urgent": (240, 480), "high": (480, 960), "normal": (1440, 2880), "low": (2880, 5760)},
}


def build_sla_policies() -> list[SlaPolicy]:
    """One SLA policy per support tier, applying to tickets tagged `tier_<tier>`."""
    policies: list[SlaPolicy] = []
    for position, tier in enumerate(TIERS, start=1):
        targets = []
        for priority, (first, following) in _TARGETS[tier].items():
            business_hours = tier != "enterprise"
            targets.append(SlaTarget(priority, "first_reply_time", first, business_hours))  # type: ignore[arg-type]
            targets.append(SlaTarget(priority, "next_reply_time", following, business_hours))  # type: ignore[arg-type]
        policies.append(
            SlaPolicy(
                id=360_000_000 + position,
                title=f"{tier.capitalize()} support",
                description=f"Response targets for {tier} customers.",
                position=position,
                tier=tier,
                targets=tuple(targets),
            )
        )
    return policies


def first_reply_minutes(tier: Tier, priority: str) -> int:
    """The first-reply target that applies to a ticket of this tier and priority."""
    return _TARGETS[tier][priority][0]


NAME_FIRST = (
    "Acme",
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella",
    "Stark",
    "Wayne",
    "Cyberdyne",
    "Soylent",
    "Vandelay",
    "Hooli",
    "Pied",
    "Aperture",
    "Massive",
    "Tyrell",
    "Wonka",
    "Gringotts",
    "Oscorp",
    "Monarch",
    "Dunder",
    "Blue",
    "Silver",
    "Granite",
    "Harbor",
    "Summit",
    "Pioneer",
    "Crescent",
    "Evergreen",
    "Atlas",
    "Beacon",
)
NAME_SECOND = (
    "Analytics",
    "Logistics",
    "Robotics",
    "Health",
    "Foods",
    "Energy",
    "Media",
    "Capital",
    "Labs",
    "Systems",
    "Outfitters",
    "Dynamics",
    "Networks",
    "Pharma",
    "Motors",
    "Studios",
    "Freight",
    "Bio",
    "Retail",
    "Works",
)
INDUSTRIES = (
    "Technology",
    "Healthcare",
    "Manufacturing",
    "Retail",
    "Finance",
    "Energy",
    "Media",
    "Transportation",
    "Education",
    "Hospitality",
)
TICKET_SUBJECTS = (
    "Cannot log in to the dashboard",
    "Invoice shows the wrong amount",
    "API returns 500 on export",
    "Request to add seats",
    "SSO configuration question",
    "Data sync delayed",
    "Feature request: custom reports",
    "Webhook deliveries failing",
    "Password reset email not received",
    "Performance degradation in EU region",
)
