from __future__ import annotations

from typing import Any

import pytest

from sandbox.billing.errors import StripeError
from sandbox.billing.expand import apply, read_expand


def test_paths_are_checked_against_the_type_map() -> None:
    assert read_expand(["customer", "items.data.price.product"], "subscription", is_list=False) == [
        ["customer"],
        ["items", "data", "price", "product"],
    ]
    assert read_expand({"0": "data.invoice"}, "credit_note", is_list=True) == [["invoice"]]
    for bad in ("items", "customer.email", "lines.data", "a.b.c.d.e", ""):
        with pytest.raises(StripeError):
            read_expand([bad], "subscription", is_list=False)
    with pytest.raises(StripeError):
        read_expand(["customer"], "invoice", is_list=True)
    with pytest.raises(StripeError) as deep:
        read_expand(
            ["latest_invoice.subscription.latest_invoice.subscription.customer"],
            "subscription",
            is_list=False,
        )
    assert "4 levels" in deep.value.message


def test_apply_replaces_ids_and_leaves_nulls() -> None:
    loaded: list[tuple[str, str]] = []

    def load(kind: str, object_id: str) -> dict[str, Any] | None:
        loaded.append((kind, object_id))
        return {"id": object_id, "object": kind}

    sub: dict[str, Any] = {"object": "subscription", "customer": "cus_1", "latest_invoice": None}
    apply(sub, [["customer"], ["latest_invoice"]], load)
    assert sub["customer"] == {"id": "cus_1", "object": "customer"} and sub["latest_invoice"] is None
    assert loaded == [("customer", "cus_1")]
