from __future__ import annotations

import pytest

from sandbox.support.errors import ZendeskError
from sandbox.support.search_query import plan, word_match


def test_plan_keeps_values_out_of_the_sql():
    compiled = plan('type:ticket organization:12 status<solved tags:vip "it\'s; DROP TABLE tickets"')
    assert "DROP" not in compiled.where
    assert "it's; DROP TABLE tickets" in compiled.params
    assert 12 in compiled.params


def test_repeated_keys_are_alternatives():
    compiled = plan("type:ticket status:open status:pending")
    assert " OR " in compiled.where


def test_order_by_and_sort_in_the_query():
    compiled = plan("type:ticket order_by:created sort:asc")
    assert (compiled.order_by, compiled.descending) == ("created_at", False)


@pytest.mark.parametrize(
    "query",
    [
        "status:open",  # no type
        "type:user",
        "type:ticket -type:ticket",
        "type:ticket assignee:me",
        "type:ticket status:done",
        "type:ticket priority<=asap",
        "type:ticket organization:acme",
        "type:ticket organization:1000000000000000000000000",
        "type:ticket tags>x",
        "type:ticket created>yesterday",
        "type:ticket created:2026-02-30",
        "type:ticket ticket_type:bug",
        "type:ticket order_by:requester",
        "type:ticket sort:up",
        "type:ticket !!!",
    ],
)
def test_unsupported_queries_are_400(query):
    with pytest.raises(ZendeskError) as caught:
        plan(query)
    assert caught.value.status == 400


def test_word_match():
    assert word_match("Cannot log in with SSO", "log in")
    assert word_match("Cannot log in with SSO", "sso")
    assert not word_match("Cannot log in with SSO", "in log")
    assert not word_match("Catalogue", "log")
    assert not word_match(None, "x")
