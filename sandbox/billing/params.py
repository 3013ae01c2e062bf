"""Typed reading of parsed form parameters, with Stripe's messages for each kind of bad value."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sandbox.billing.errors import StripeError, invalid, parameter_missing, parameter_unknown

MAX_STRING = 5000
MAX_METADATA_KEYS = 50


class Params:
    """One level of parameters: refuses unknown names at once, then reads typed values by name."""

    def __init__(self, data: Any, allowed: Iterable[str], *, prefix: str = "") -> None:
        if not isinstance(data, dict):
            raise invalid(f"Invalid hash: {prefix} must be a hash", param=prefix or None)
        self.data: dict[str, Any] = data
        self.prefix = prefix
        allowed_set = set(allowed)
        for name in data:
            if name not in allowed_set:
                raise parameter_unknown(self.full(name))

    def full(self, name: str) -> str:
        """The parameter's name as the client wrote it, e.g. `items[0][price]`."""
        return f"{self.prefix}[{name}]" if self.prefix else name

    def has(self, name: str) -> bool:
        """Whether the parameter was sent at all."""
        return name in self.data

    def string(self, name: str, *, required: bool = False, max_length: int = MAX_STRING) -> str | None:
        """A string value (the empty string counts as sent)."""
        value = self.data.get(name)
        if value is None:
            if required:
                raise parameter_missing(self.full(name))
            return None
        if not isinstance(value, str):
            raise invalid(f"Invalid string: {self.full(name)} must be a string", param=self.full(name))
        if len(value) > max_length:
            raise invalid(f"Invalid string: must be at most {max_length} characters", param=self.full(name))
        return value

    def id(self, name: str, *, required: bool = False) -> str | None:
        """An object id: a non-empty string."""
        value = self.string(name, required=required, max_length=255)
        if value == "":
            if required:
                raise parameter_missing(self.full(name))
            return None
        return value

    def integer(self, name: str, *, required: bool = False, minimum: int | None = None) -> int | None:
        """An integer written in decimal, optionally bounded below."""
        value = self.string(name, required=required)
        if value is None:
            return None
        text = value.strip()
        if not text or not (text.lstrip("-").isdigit() and text.count("-") <= 1 and text[-1].isdigit()):
            raise StripeError(
                f"Invalid integer: {value}", code="parameter_invalid_integer", param=self.full(name)
            )
        number = int(text)
        # Stripe's amounts fit a signed 64-bit integer; anything larger is refused, not wrapped.
        if abs(number) >= 2**63:
            raise StripeError(
                f"Invalid integer: {value}", code="parameter_invalid_integer", param=self.full(name)
            )
        if minimum is not None and number < minimum:
            raise invalid(f"This value must be greater than or equal to {minimum}.", param=self.full(name))
        return number

    def boolean(self, name: str) -> bool | None:
        """`true` or `false`."""
        value = self.string(name)
        if value is None:
            return None
        if value not in ("true", "false"):
            raise invalid(f"Invalid boolean: {value}", param=self.full(name))
        return value == "true"

    def enum(self, name: str, choices: tuple[str, ...], *, required: bool = False) -> str | None:
        """One of a fixed set of strings."""
        value = self.string(name, required=required)
        if value is None:
            return None
        if value not in choices:
            listed = ", ".join(choices[:-1]) + f", or {choices[-1]}" if len(choices) > 1 else choices[0]
            raise invalid(f"Invalid {name}: must be one of {listed}", param=self.full(name))
        return value

    def array(self, name: str) -> list[Any] | None:
        """An array sent as `name[]=...` or `name[0]=...&name[1]=...`."""
        value = self.data.get(name)
        return None if value is None else as_list(value, self.full(name))

    def metadata(self, name: str = "metadata") -> dict[str, str] | None:
        """A metadata hash; an empty value means "unset this key" (returned as "")."""
        value = self.data.get(name)
        if value is None:
            return None
        if value == "":
            return {}
        if not isinstance(value, dict):
            raise invalid("Invalid hash", param=self.full(name))
        if len(value) > MAX_METADATA_KEYS:
            raise invalid(f"Metadata can have up to {MAX_METADATA_KEYS} keys.", param=self.full(name))
        for key, item in value.items():
            param = f"{self.full(name)}[{key}]"
            if not isinstance(item, str):
                raise invalid("Metadata values must be strings.", param=param)
            if len(key) > 40:
                raise invalid("Metadata keys must be at most 40 characters.", param=param)
            if len(item) > 500:
                raise invalid("Metadata values must be at most 500 characters.", param=param)
        return dict(value)


def as_list(value: Any, param: str) -> list[Any]:
    """An array parameter: a list already, or a dict whose keys are 0..n-1 (Stripe's indexed form)."""
    if isinstance(value, list):
        return value
    if value == "":
        return []
    if not isinstance(value, dict):
        raise invalid(f"Invalid array: {param} must be an array", param=param)
    keys = list(value)
    numbers = {int(k) for k in keys if k.isdigit()}
    if len(numbers) != len(keys) or numbers != set(range(len(keys))):
        passed = ", ".join(f"`{k}`" for k in keys)
        expected = min(set(range(len(keys) + 1)) - numbers)
        raise invalid(
            f"Invalid array: the keys of an array must be numeric and sequential starting from 0. "
            f"You passed the keys {passed}, we expected to have a key with the value `{expected}`.",
            param=param,
        )
    return [value[str(index)] for index in range(len(keys))]
