"""`expand[]`: replacing ids with the objects they name, checked against a static map before any write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sandbox.billing.errors import StripeError
from sandbox.billing.params import as_list

MAX_DEPTH = 4

# Per object type: field -> (type it holds, whether it is an expandable id). `list:` marks a list object.
FIELDS: dict[str, dict[str, tuple[str, bool]]] = {
    "customer": {},
    "product": {},
    "price": {"product": ("product", True)},
    "subscription": {
        "customer": ("customer", True),
        "latest_invoice": ("invoice", True),
        "items": ("list:subscription_item", False),
    },
    "subscription_item": {"price": ("price", False)},
    "invoice": {
        "customer": ("customer", True),
        "subscription": ("subscription", True),
        "lines": ("list:line_item", False),
    },
    "line_item": {"price": ("price", False), "subscription": ("subscription", True)},
    "credit_note": {
        "customer": ("customer", True),
        "invoice": ("invoice", True),
        "customer_balance_transaction": ("customer_balance_transaction", True),
    },
    "customer_balance_transaction": {
        "customer": ("customer", True),
        "invoice": ("invoice", True),
        "credit_note": ("credit_note", True),
    },
}

Loader = Callable[[str, str], dict[str, Any] | None]


def read_expand(value: Any, object_type: str, *, is_list: bool) -> list[list[str]]:
    """Validate the `expand` parameter for a response of `object_type` (or a list of them)."""
    if value is None:
        return []
    paths: list[list[str]] = []
    for raw in as_list(value, "expand"):
        if not isinstance(raw, str) or not raw:
            raise StripeError("Invalid expand: each entry must be a non-empty string", param="expand")
        segments = raw.split(".")
        if is_list:
            if segments[0] != "data" or len(segments) < 2:
                raise StripeError(f"This property cannot be expanded ({raw}).", param="expand")
            segments = segments[1:]
        if len([s for s in segments if s != "data"]) > MAX_DEPTH:
            raise StripeError(
                f"You cannot expand more than {MAX_DEPTH} levels of a property. Property: {raw}",
                param="expand",
            )
        _check(object_type, segments, raw)
        paths.append(segments)
    return paths


def _check(object_type: str, segments: list[str], raw: str) -> None:
    current = object_type
    for position, segment in enumerate(segments):
        last = position == len(segments) - 1
        if current.startswith("list:"):
            if segment != "data" or last:
                raise StripeError(f"This property cannot be expanded ({raw}).", param="expand")
            current = current[len("list:") :]
            continue
        field = FIELDS.get(current, {}).get(segment)
        if field is None or (last and not field[1]):
            raise StripeError(f"This property cannot be expanded ({raw}).", param="expand")
        current = field[0]


def apply(obj: dict[str, Any], paths: list[list[str]], load: Loader) -> dict[str, Any]:
    """Expand every (already validated) path in place and return the object."""
    for segments in paths:
        _walk(obj, segments, load)
    return obj


def apply_list(items: list[dict[str, Any]], paths: list[list[str]], load: Loader) -> list[dict[str, Any]]:
    """Expand `data.`-prefixed paths (prefix already stripped) in every item of a list."""
    for item in items:
        apply(item, paths, load)
    return items


def _walk(value: Any, segments: list[str], load: Loader) -> None:
    if not segments or not isinstance(value, dict):
        return
    head, rest = segments[0], segments[1:]
    if value.get("object") == "list" and head == "data":
        for item in value.get("data", []):
            _walk(item, rest, load)
        return
    field = FIELDS.get(str(value.get("object")), {}).get(head)
    current = value.get(head)
    if field is not None and field[1] and isinstance(current, str):
        loaded = load(field[0], current)
        if loaded is not None:
            value[head] = current = loaded
    _walk(current, rest, load)
