from __future__ import annotations

from decimal import Decimal

import pytest

from sandbox.erp.suiteql.tokens import Kind, TokenError, tokenize


def test_kinds_and_values():
    tokens = tokenize("SELECT c.id, BUILTIN.DF(x) FROM customer WHERE a<>1.50 AND b != .5 AND d >= 'it''s'")
    assert [t.kind for t in tokens][-1] is Kind.END
    assert [t.text for t in tokens if t.kind is Kind.OP] == [".", ",", ".", "(", ")", "<>", "!=", ">="]
    assert [t.number for t in tokens if t.kind is Kind.NUMBER] == [Decimal("1.50"), Decimal(".5")]
    assert [t.text for t in tokens if t.kind is Kind.STRING] == ["it's"]


def test_doubled_quotes_never_end_a_string():
    [string] = [t for t in tokenize("'a'' OR ''1''=''1'") if t.kind is Kind.STRING]
    assert string.text == "a' OR '1'='1"
    assert [t.text for t in tokenize("''''") if t.kind is Kind.STRING] == ["'"]
    assert [t.text for t in tokenize("''") if t.kind is Kind.STRING] == [""]


@pytest.mark.parametrize("text", ["'open", "'a''", "a # b", 'a = "x"', "12abc", "a ? b"])
def test_bad_text_is_refused(text):
    with pytest.raises(TokenError):
        tokenize(text)
