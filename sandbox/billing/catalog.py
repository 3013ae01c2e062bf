"""The price catalog, loaded once per app: prices and products never change through this API."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class CatalogPrice:
    id: str
    product: str
    nickname: str | None
    unit_amount: int
    currency: str
    interval: str
    created: int


@dataclass(frozen=True)
class CatalogProduct:
    id: str
    name: str
    created: int


class Catalog:
    """Every price and product, by id."""

    def __init__(self, prices: list[CatalogPrice], products: list[CatalogProduct]) -> None:
        self.prices = {price.id: price for price in prices}
        self.products = {product.id: product for product in products}

    @classmethod
    def load(cls, conn: sqlite3.Connection) -> Catalog:
        """Read the catalog tables."""
        prices = [
            CatalogPrice(
                r["id"],
                r["product"],
                r["nickname"],
                r["unit_amount"],
                r["currency"],
                r["interval"],
                r["created"],
            )
            for r in conn.execute("SELECT * FROM prices")
        ]
        products = [
            CatalogProduct(r["id"], r["name"], r["created"]) for r in conn.execute("SELECT * FROM products")
        ]
        return cls(prices, products)

    def price(self, price_id: str) -> dict[str, Any]:
        """A price object as Stripe renders it (KeyError if unknown)."""
        price = self.prices[price_id]
        return {
            "id": price.id,
            "object": "price",
            "active": True,
            "billing_scheme": "per_unit",
            "created": price.created,
            "currency": price.currency,
            "custom_unit_amount": None,
            "livemode": False,
            "lookup_key": None,
            "metadata": {},
            "nickname": price.nickname,
            "product": price.product,
            "recurring": {
                "aggregate_usage": None,
                "interval": price.interval,
                "interval_count": 1,
                "trial_period_days": None,
                "usage_type": "licensed",
            },
            "tax_behavior": "unspecified",
            "tiers_mode": None,
            "transform_quantity": None,
            "type": "recurring",
            "unit_amount": price.unit_amount,
            "unit_amount_decimal": str(price.unit_amount),
        }

    def product(self, product_id: str) -> dict[str, Any]:
        """A product object (KeyError if unknown)."""
        product = self.products[product_id]
        return {
            "id": product.id,
            "object": "product",
            "active": True,
            "created": product.created,
            "default_price": None,
            "description": None,
            "images": [],
            "livemode": False,
            "metadata": {},
            "name": product.name,
            "package_dimensions": None,
            "shippable": None,
            "statement_descriptor": None,
            "tax_code": None,
            "unit_label": None,
            "updated": product.created,
            "url": None,
        }
