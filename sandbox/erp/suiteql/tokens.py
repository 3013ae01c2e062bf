"""The SuiteQL tokenizer: identifiers, numbers, single-quoted strings ('' escapes a quote), operators."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import Enum


class Kind(Enum):
    """What a token is."""

    IDENT = "identifier"
    NUMBER = "number"
    STRING = "string"
    OP = "operator"
    END = "end of query"


@dataclass(frozen=True)
class Token:
    """One token; `text` is the identifier, operator or string value, `number` the parsed number."""

    kind: Kind
    text: str
    position: int
    number: Decimal | None = None

    def is_word(self, *words: str) -> bool:
        """Whether this is an identifier spelling one of `words` (case-insensitive)."""
        return self.kind is Kind.IDENT and self.text.upper() in words

    def is_op(self, *ops: str) -> bool:
        """Whether this is one of the operators `ops`."""
        return self.kind is Kind.OP and self.text in ops


class TokenError(ValueError):
    """The query text cannot be split into tokens."""


_TWO_CHAR_OPS = ("<>", "!=", "<=", ">=")
_ONE_CHAR_OPS = "=<>(),.*-;+/|"


def tokenize(text: str) -> list[Token]:
    """Split a query into tokens, ending with an END token."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch.isalpha() or ch == "_":
            start = i
            while i < n and (text[i].isalnum() or text[i] in "_$"):
                i += 1
            tokens.append(Token(Kind.IDENT, text[start:i], start))
        elif ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            start = i
            while i < n and text[i].isdigit():
                i += 1
            if i < n and text[i] == ".":
                i += 1
                while i < n and text[i].isdigit():
                    i += 1
            if i < n and (text[i].isalpha() or text[i] == "_"):
                raise TokenError(f"Unexpected character '{text[i]}' after number at position {i}.")
            tokens.append(Token(Kind.NUMBER, text[start:i], start, Decimal(text[start:i])))
        elif ch == "'":
            value, end = _string(text, i)
            tokens.append(Token(Kind.STRING, value, i))
            i = end
        elif text.startswith(_TWO_CHAR_OPS, i):
            tokens.append(Token(Kind.OP, text[i : i + 2], i))
            i += 2
        elif ch in _ONE_CHAR_OPS:
            tokens.append(Token(Kind.OP, ch, i))
            i += 1
        else:
            raise TokenError(f"Unexpected character '{ch}' at position {i}.")
    tokens.append(Token(Kind.END, "", n))
    return tokens


def _string(text: str, start: int) -> tuple[str, int]:
    """Read a quoted string from `start` (the opening quote); returns (value, index after it)."""
    parts: list[str] = []
    i = start + 1
    while True:
        end = text.find("'", i)
        if end < 0:
            raise TokenError(f"Unterminated string literal at position {start}.")
        parts.append(text[i:end])
        if text.startswith("''", end):
            # A doubled quote is one quote inside the string, never its end.
            parts.append("'")
            i = end + 2
            continue
        return "".join(parts), end + 1
