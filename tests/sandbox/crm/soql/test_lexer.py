import pytest

from sandbox.crm.errors import SalesforceError
from sandbox.crm.soql.lexer import TokenKind, tokenize


def kinds(source: str) -> list[tuple[TokenKind, str]]:
    return [(t.kind, t.text) for t in tokenize(source)][:-1]


def test_tokens_of_a_query():
    assert kinds("SELECT Id FROM Account WHERE Amount >= -1.5") == [
        ("keyword", "SELECT"),
        ("ident", "Id"),
        ("keyword", "FROM"),
        ("ident", "Account"),
        ("keyword", "WHERE"),
        ("ident", "Amount"),
        ("op", ">="),
        ("punct", "-"),
        ("number", "1.5"),
    ]


def test_date_and_datetime_literals_are_single_tokens():
    assert kinds("2026-01-02 2026-01-02T03:04:05Z 2026-01-02T03:04:05.000+0100") == [
        ("date", "2026-01-02"),
        ("datetime", "2026-01-02T03:04:05Z"),
        ("datetime", "2026-01-02T03:04:05.000+0100"),
    ]


def test_string_escapes():
    token = tokenize(r"'it\'s a \\ back\nslash \"q\"'")[0]
    assert token.kind == "string"
    assert token.text == 'it\'s a \\ back\nslash "q"'


def test_escaped_quote_never_ends_the_string():
    tokens = tokenize(r"'x\' OR Name LIKE \'%'")
    assert [t.kind for t in tokens] == ["string", "eof"]
    assert tokens[0].text == "x' OR Name LIKE '%"


def test_like_pattern_keeps_escaped_wildcards_literal():
    token = tokenize(r"'50\%_off%\\'")[0]
    assert token.text == "50%_off%\\"
    assert token.like_pattern == "50\\%_off%\\\\"


@pytest.mark.parametrize(
    "source", [r"'bad \q escape'", "'unterminated", 'Name = "double"', "a # b", r"'ends \'"]
)
def test_bad_input_is_malformed_query(source):
    with pytest.raises(SalesforceError) as info:
        tokenize(source)
    assert info.value.code == "MALFORMED_QUERY"
