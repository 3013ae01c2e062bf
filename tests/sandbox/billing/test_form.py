from __future__ import annotations

import pytest

from sandbox.billing.form import FormError, parse_form


def test_nested_hashes_arrays_and_scalars() -> None:
    form = parse_form(
        b"invoice=in_1&items[0][price]=p1&items[0][quantity]=2&expand[]=a&expand[]=b&metadata[k]=v"
    )
    assert form == {
        "invoice": "in_1",
        "items": {"0": {"price": "p1", "quantity": "2"}},
        "expand": ["a", "b"],
        "metadata": {"k": "v"},
    }


def test_percent_and_plus_decoding_keeps_quotes_and_ampersands_inside_values() -> None:
    form = parse_form("memo=it%27s+%22quoted%22+%26+more%3D1&name%5Bx%5D=%C3%A9")
    assert form == {"memo": 'it\'s "quoted" & more=1', "name": {"x": "é"}}


def test_rack_style_array_of_hashes() -> None:
    form = parse_form("items[][price]=a&items[][quantity]=1&items[][price]=b")
    assert form == {"items": [{"price": "a", "quantity": "1"}, {"price": "b"}]}


def test_empty_pairs_and_missing_equals() -> None:
    assert parse_form("&&a=&b") == {"a": "", "b": ""}
    assert parse_form(b"") == {}


def test_last_scalar_wins() -> None:
    assert parse_form("a=1&a=2") == {"a": "2"}


@pytest.mark.parametrize(
    "raw",
    [
        "items[0=1",
        "items]0[=1",
        "[x]=1",
        "a[b]c=1",
        "a=1&a[b]=2",
        "a[b]=2&a=1",
        "a[]=1&a[b]=2",
        "a[b]=1&a[]=2",
        "a=%zz",
        "a=%C3%28",
        "a[][]=1",
        "a" + "[x]" * 9 + "=1",
    ],
)
def test_malformed_input_is_refused(raw: str) -> None:
    with pytest.raises(FormError):
        parse_form(raw)


def test_non_utf8_body_is_refused() -> None:
    with pytest.raises(FormError):
        parse_form(b"a=\xff")
