from __future__ import annotations

import pytest

from sandbox.support.errors import ZendeskError
from sandbox.support.search_parser import Term, tokenize


def test_keys_operators_words_and_phrases():
    assert tokenize('type:ticket status<solved -tags:vip "sso login" refund') == [
        Term("type", ":", "ticket"),
        Term("status", "<", "solved"),
        Term("tags", ":", "vip", negated=True),
        Term(None, ":", "sso login", quoted=True),
        Term(None, ":", "refund"),
    ]
    assert tokenize("priority>=high created<=2026-01-01")[0] == Term("priority", ">=", "high")


def test_a_quoted_value_is_one_term_whatever_it_holds():
    terms = tokenize('type:ticket subject:"x status:closed organization:1"')
    assert terms[1] == Term("subject", ":", "x status:closed organization:1", quoted=True)
    assert len(terms) == 2


@pytest.mark.parametrize(
    "query",
    [
        'subject:"open',  # never closed
        'subject:"a"b',  # a closing quote must end the term
        'subject:"a" "b',
        'ab"c',  # a quote inside a word
        'tags:x"y',
        'subject:"a\\" status:closed "',  # no escapes: the backslash does not protect the quote
        "status:",
        '""',
        "- status:open",
        "(status:open)",
        "status:open OR status:new",
        "refun*",
    ],
)
def test_bad_syntax_is_400(query):
    with pytest.raises(ZendeskError) as caught:
        tokenize(query)
    assert caught.value.status == 400
    assert caught.value.body["error"] == "invalid"


def test_overlong_query_is_refused():
    with pytest.raises(ZendeskError):
        tokenize("a " * 1_500)
