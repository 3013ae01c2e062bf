"""SOQL tokenizer: identifiers, keywords, string/number/date/datetime literals and punctuation."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from sandbox.crm.errors import SalesforceError
from sandbox.crm.soql.errors import malformed

TokenKind = Literal["ident", "keyword", "string", "number", "date", "datetime", "op", "punct", "eof"]

KEYWORDS = frozenset(
    {
        "select", "from", "where", "and", "or", "not", "in", "like", "order", "by", "asc", "desc", "nulls",
        "first", "last", "limit", "offset", "true", "false", "null", "group", "having", "with", "for",
        "using", "typeof", "includes", "excludes",
    }
)  # fmt: skip

# Checked before numbers so that 2026-01-02 is one date token, not a subtraction.
_DATETIME_RE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?(?:Z|[+-]\d{2}:?\d{2})")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}(?![\w:])")
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?(?![\w.])")
_IDENT_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_OPS = ("!=", "<>", "<=", ">=", "=", "<", ">")
_PUNCT = "(),.-"
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


@dataclass(frozen=True)
class Token:
    """One token: its kind, its text (a string literal's value, unescaped), and where it starts."""

    kind: TokenKind
    text: str
    pos: int
    # For string literals: the value as a SQL LIKE pattern with `\` as the escape character.
    like_pattern: str = ""

    def is_keyword(self, *words: str) -> bool:
        """Whether the token is one of these keywords (given in lower case)."""
        return self.kind == "keyword" and self.text.lower() in words


def tokenize(source: str) -> list[Token]:
    """Split a SOQL query into tokens, ending with an `eof` token."""
    tokens: list[Token] = []
    pos = 0
    while pos < len(source):
        char = source[pos]
        if char.isspace():
            pos += 1
            continue
        if char == "'":
            token, pos = _string(source, pos)
            tokens.append(token)
            continue
        for kind, regex in (("datetime", _DATETIME_RE), ("date", _DATE_RE), ("number", _NUMBER_RE)):
            match = regex.match(source, pos)
            if match:
                tokens.append(Token(kind, match.group(), pos))  # type: ignore[arg-type]
                pos = match.end()
                break
        else:
            pos = _other(source, pos, tokens)
    tokens.append(Token("eof", "", len(source)))
    return tokens


def _other(source: str, pos: int, tokens: list[Token]) -> int:
    match = _IDENT_RE.match(source, pos)
    if match:
        word = match.group()
        tokens.append(Token("keyword" if word.lower() in KEYWORDS else "ident", word, pos))
        return match.end()
    for op in _OPS:
        if source.startswith(op, pos):
            tokens.append(Token("op", op, pos))
            return pos + len(op)
    if source[pos] in _PUNCT:
        tokens.append(Token("punct", source[pos], pos))
        return pos + 1
    raise malformed(source, pos, f"unexpected token: '{source[pos]}'")


def _string(source: str, start: int) -> tuple[Token, int]:
    """Read a quoted string literal; a quote only ends it when it is not escaped."""
    value: list[str] = []
    pattern: list[str] = []
    pos = start + 1
    while pos < len(source):
        char = source[pos]
        if char == "'":
            return Token("string", "".join(value), start, "".join(pattern)), pos + 1
        if char != "\\":
            value.append(char)
            # An unescaped % or _ is a LIKE wildcard; a literal backslash needs escaping for SQLite.
            pattern.append("\\\\" if char == "\\" else char)
            pos += 1
            continue
        if pos + 1 >= len(source):
            break
        escaped = source[pos + 1]
        if escaped in ("%", "_"):
            value.append(escaped)
            pattern.append("\\" + escaped)
        elif escaped.lower() in _SIMPLE_ESCAPES:
            plain = _SIMPLE_ESCAPES[escaped.lower()]
            value.append(plain)
            pattern.append("\\\\" if plain == "\\" else plain)
        else:
            raise _illegal_escape(source, pos)
        pos += 2
    raise malformed(source, start, "Invalid string literal: missing closing quote")


def _illegal_escape(source: str, pos: int) -> SalesforceError:
    return malformed(
        source, pos, f"Invalid string literal '{source[pos : pos + 2]}'. Illegal escape sequence"
    )
