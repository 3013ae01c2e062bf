from __future__ import annotations

import pytest

from sandbox.billing.errors import StripeError
from sandbox.billing.params import Params, as_list


def test_unknown_parameter_names_the_full_path() -> None:
    with pytest.raises(StripeError) as caught:
        Params({"bogus": "1"}, ("amount",))
    assert caught.value.code == "parameter_unknown" and caught.value.param == "bogus"
    with pytest.raises(StripeError) as nested:
        Params({"foo": "1"}, ("price",), prefix="items[0]")
    assert nested.value.param == "items[0][foo]"
    assert nested.value.message == "Received unknown parameter: items[0][foo]"


def test_integers() -> None:
    params = Params({"a": "12", "b": "-3", "c": "1.5", "d": "", "e": "9" * 30}, "abcde")
    assert params.integer("a") == 12 and params.integer("b") == -3
    for name in "cde":
        with pytest.raises(StripeError) as caught:
            params.integer(name)
        assert caught.value.code == "parameter_invalid_integer"
    with pytest.raises(StripeError):
        params.integer("b", minimum=0)
    with pytest.raises(StripeError) as missing:
        params.integer("x", required=True)
    assert missing.value.code == "parameter_missing"


def test_booleans_enums_and_strings() -> None:
    params = Params({"t": "true", "f": "false", "x": "yes", "h": {"k": "v"}, "r": "duplicate"}, "tfxhr")
    assert params.boolean("t") is True and params.boolean("f") is False
    with pytest.raises(StripeError):
        params.boolean("x")
    with pytest.raises(StripeError):
        params.string("h")
    assert params.enum("r", ("duplicate", "fraudulent")) == "duplicate"
    with pytest.raises(StripeError) as caught:
        params.enum("x", ("duplicate", "fraudulent"))
    assert caught.value.message == "Invalid x: must be one of duplicate, or fraudulent"


def test_indexed_arrays_must_be_sequential_from_zero() -> None:
    assert as_list({"1": "b", "0": "a"}, "expand") == ["a", "b"]
    with pytest.raises(StripeError) as caught:
        as_list({"1": "b"}, "expand")
    assert "`0`" in caught.value.message and caught.value.param == "expand"
    with pytest.raises(StripeError):
        as_list({"x": "b"}, "expand")
    with pytest.raises(StripeError):
        as_list("scalar", "expand")


def test_metadata_limits() -> None:
    assert Params({"metadata": {"k": "v"}}, ("metadata",)).metadata() == {"k": "v"}
    with pytest.raises(StripeError):
        Params({"metadata": {"k" * 41: "v"}}, ("metadata",)).metadata()
    with pytest.raises(StripeError):
        Params({"metadata": {str(i): "v" for i in range(51)}}, ("metadata",)).metadata()
