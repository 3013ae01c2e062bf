"""Tokenizes a Zendesk search query into terms: `[-]key<op>value`, bare words and `"quoted phrases"`.

Quotes only ever delimit a whole value: a quote anywhere else, or one left open, is a syntax error, so a
value can never end its string early and smuggle in another term. There are no escapes inside quotes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sandbox.support.errors import ZendeskError, classic

_KEY = re.compile(r"([A-Za-z_]+)(<=|>=|:|<|>)")
_FORBIDDEN_IN_BARE = frozenset('"()*')
MAX_QUERY_LENGTH = 2_000


@dataclass(frozen=True)
class Term:
    """One search term. `key` is None for free text; `quoted` says the value was a phrase in quotes."""

    key: str | None
    op: str
    value: str
    negated: bool = False
    quoted: bool = False


def syntax_error(description: str) -> ZendeskError:
    """400 in the error shape the search endpoint uses."""
    return classic(400, "invalid", f"Invalid search: {description}")


def tokenize(query: str) -> list[Term]:
    """Split a query into terms, refusing anything outside the supported syntax."""
    if len(query) > MAX_QUERY_LENGTH:
        raise syntax_error(f"the query is longer than {MAX_QUERY_LENGTH} characters")
    terms: list[Term] = []
    i, n = 0, len(query)
    while i < n:
        if query[i].isspace():
            i += 1
            continue
        negated = query[i] == "-"
        if negated:
            i += 1
            if i >= n or query[i].isspace():
                raise syntax_error("a '-' must be followed by a term")
        key_match = _KEY.match(query, i)
        if key_match:
            key, op = key_match.group(1).lower(), key_match.group(2)
            value, quoted, i = _value(query, key_match.end())
            terms.append(Term(key, op, value, negated, quoted))
        else:
            value, quoted, i = _value(query, i)
            terms.append(Term(None, ":", value, negated, quoted))
    return terms


def _value(query: str, i: int) -> tuple[str, bool, int]:
    """Read a quoted phrase or a bare word starting at `i`; return it, whether quoted, and the next index."""
    n = len(query)
    if i < n and query[i] == '"':
        close = query.find('"', i + 1)
        if close < 0:
            raise syntax_error("a quoted phrase is not closed")
        if close + 1 < n and not query[close + 1].isspace():
            raise syntax_error("a closing quote must end the term")
        phrase = query[i + 1 : close]
        if not phrase.strip():
            raise syntax_error("a quoted phrase is empty")
        return phrase, True, close + 1
    end = i
    while end < n and not query[end].isspace():
        end += 1
    word = query[i:end]
    if not word:
        raise syntax_error("a term has no value")
    bad = sorted(set(word) & _FORBIDDEN_IN_BARE)
    if bad:
        raise syntax_error(f"unsupported character {bad[0]!r} in {word!r} (quote whole values only)")
    if word in ("OR", "AND", "NOT"):
        raise syntax_error(f"boolean operator {word} is not supported")
    return word, False, end
