"""Stripe's request encoding: `application/x-www-form-urlencoded` with bracketed nesting.

`items[0][price]=p&expand[]=customer&metadata[k]=v` becomes
`{"items": {"0": {"price": "p"}}, "expand": ["customer"], "metadata": {"k": "v"}}`. Indexed keys stay a
dict of digit strings: only the endpoint knows whether a parameter is an array (see `params.as_list`).
Query strings of GET requests are parsed the same way.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote_to_bytes

# Deeper nesting than any Stripe parameter needs is refused rather than recursed into.
MAX_DEPTH = 8

_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_SEGMENT = re.compile(r"\[([^\[\]]*)\]")

Form = dict[str, Any]


class FormError(ValueError):
    """The body or query string is not valid form encoding; `param` names the offending key."""

    def __init__(self, message: str, param: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param


def parse_form(raw: bytes | str) -> Form:
    """Parse a form-encoded body or query string into nested dicts and lists."""
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FormError("Invalid request body: it must be UTF-8 form encoded.") from exc
    result: Form = {}
    for pair in raw.split("&"):
        if not pair:
            continue
        encoded_name, _, encoded_value = pair.partition("=")
        name = _unquote(encoded_name)
        value = _unquote(encoded_value)
        root, segments = split_name(name)
        _assign(result, root, segments, value, name)
    return result


def split_name(name: str) -> tuple[str, list[str]]:
    """`items[0][price]` -> ("items", ["0", "price"]); `expand[]` -> ("expand", [""])."""
    bracket = name.find("[")
    root = name if bracket < 0 else name[:bracket]
    if not root or "]" in root:
        raise FormError(f"Invalid parameter name: {name!r}", param=name or None)
    segments: list[str] = []
    position = len(root)
    while position < len(name):
        match = _SEGMENT.match(name, position)
        if match is None:
            raise FormError(f"Invalid parameter name: {name!r}", param=name)
        segments.append(match.group(1))
        position = match.end()
    if len(segments) > MAX_DEPTH:
        raise FormError(f"Parameter nested too deeply: {name!r}", param=name)
    return root, segments


def _unquote(text: str) -> str:
    if _BAD_PERCENT.search(text):
        raise FormError(f"Invalid percent-encoding in {text!r}")
    try:
        return unquote_to_bytes(text.replace("+", " ")).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise FormError(f"Invalid UTF-8 after percent-decoding {text!r}") from exc


def _assign(container: dict[str, Any], key: str, segments: list[str], value: str, name: str) -> None:
    if not segments:
        if isinstance(container.get(key), (dict, list)):
            raise FormError(f"Invalid parameter: {name} is both a value and a hash or array", param=name)
        container[key] = value
        return
    head, rest = segments[0], segments[1:]
    if head == "":
        items = container.setdefault(key, [])
        if not isinstance(items, list):
            raise FormError(f"Invalid array: {name} mixes array and non-array forms", param=name)
        if not rest:
            items.append(value)
            return
        child, child_rest = rest[0], rest[1:]
        if child == "":
            raise FormError(f"Invalid parameter name: {name!r} (nested arrays)", param=name)
        # Rack's rule for `a[][x]=1&a[][y]=2`: keep filling the last hash until a key repeats.
        last = items[-1] if items else None
        if isinstance(last, dict) and not _has_path(last, child, child_rest):
            target = last
        else:
            target = {}
            items.append(target)
        _assign(target, child, child_rest, value, name)
        return
    nested = container.setdefault(key, {})
    if not isinstance(nested, dict):
        raise FormError(f"Invalid hash: {name} mixes hash and non-hash forms", param=name)
    _assign(nested, head, rest, value, name)


def _has_path(container: dict[str, Any], key: str, rest: list[str]) -> bool:
    if key not in container:
        return False
    if not rest or rest[0] == "":
        return True
    inner = container[key]
    return not isinstance(inner, dict) or _has_path(inner, rest[0], rest[1:])
