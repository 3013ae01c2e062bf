"""Turns search terms into a parameterized SQL filter over tickets (values never enter the SQL text)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sandbox.support.enums import PRIORITY_RANK, STATUS_RANK, TICKET_TYPES
from sandbox.support.search_parser import Term, syntax_error, tokenize
from sandbox.support.timefmt import iso

_RANKED = {"status": ("status_rank", STATUS_RANK), "priority": ("priority_rank", PRIORITY_RANK)}
# Repeating one of these keys (`status:open status:pending`) matches either value, as in Zendesk.
_OR_KEYS = frozenset({"status", "priority", "organization", "tags", "ticket_type"})
_ORDER_BY = {
    "created": "created_at",
    "created_at": "created_at",
    "updated": "updated_at",
    "updated_at": "updated_at",
    "priority": "priority_rank",
    "status": "status_rank",
    "ticket_type": "type",
}
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_DATETIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")
_COMPARE = {"<": "<", ">": ">", "<=": "<=", ">=": ">="}


@dataclass(frozen=True)
class SearchPlan:
    """A WHERE clause with its parameters, and any ordering the query itself asked for."""

    where: str
    params: list[Any]
    order_by: str | None
    descending: bool | None


def plan(query: str) -> SearchPlan:
    """Compile a ticket search query; anything outside the supported subset is a 400."""
    terms = tokenize(query)
    if not terms:
        raise syntax_error("the query is empty")
    types = [t for t in terms if t.key == "type"]
    if not types or any(t.negated or t.op != ":" or t.value.lower() != "ticket" for t in types):
        raise syntax_error("only ticket search is supported: include type:ticket")
    order_by: str | None = None
    descending: bool | None = None
    groups: dict[str, list[tuple[str, list[Any]]]] = defaultdict(list)
    clauses: list[tuple[str, list[Any]]] = []
    for term in terms:
        if term.key == "type":
            continue
        if term.key == "order_by":
            order_by = _order_by(term)
            continue
        if term.key == "sort":
            descending = _sort(term)
            continue
        sql, args = _clause(term)
        if term.negated:
            clauses.append((f"NOT ({sql})", args))
        elif term.key in _OR_KEYS and term.op == ":":
            groups[term.key].append((sql, args))
        else:
            clauses.append((sql, args))
    for alternatives in groups.values():
        sql = " OR ".join(s for s, _ in alternatives)
        clauses.append((f"({sql})", [a for _, args in alternatives for a in args]))
    where = " AND ".join(s for s, _ in clauses) or "1 = 1"
    return SearchPlan(where, [a for _, args in clauses for a in args], order_by, descending)


def _clause(term: Term) -> tuple[str, list[Any]]:
    key, op, value = term.key, term.op, term.value
    if key is None:
        return _words("subject || ' ' || description", value)
    if key in _RANKED:
        column, ranks = _RANKED[key]
        rank = ranks.get(value.lower())
        if rank is None:
            raise syntax_error(f"{key} must be one of {', '.join(ranks)}, not {value!r}")
        return f"{column} {'=' if op == ':' else _COMPARE[op]} ?", [rank]
    if op != ":" and key not in ("created", "updated"):
        raise syntax_error(f"{key} takes ':' only")
    if key == "organization":
        if value.lower() == "none":
            return "organization_id IS NULL", []
        if not (value.isascii() and value.isdigit()) or len(value) > 18:
            raise syntax_error(f"organization takes a numeric id, not {value!r}")
        return "organization_id = ?", [int(value)]
    if key in ("tags", "tag"):
        return "instr(tag_text, ?) > 0", [f" {value.lower()} "]
    if key == "ticket_type":
        if value.lower() not in TICKET_TYPES:
            raise syntax_error(f"ticket_type must be one of {', '.join(TICKET_TYPES)}, not {value!r}")
        return "type = ?", [value.lower()]
    if key == "subject":
        return _words("subject", value)
    if key == "description":
        return _words("description", value)
    if key in ("created", "updated"):
        return _date(f"{key}_at", op, value)
    raise syntax_error(f"unsupported keyword {key!r}")


def _words(column: str, phrase: str) -> tuple[str, list[Any]]:
    words = re.findall(r"\w+", phrase)
    if not words:
        raise syntax_error(f"{phrase!r} has no words to match")
    # A LIKE on the longest word is a cheap prefilter; zd_match then checks whole words in order.
    longest = max(words, key=len)
    pattern = "%" + longest.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return f"(({column}) LIKE ? ESCAPE '\\' AND zd_match({column}, ?))", [pattern, phrase]


def _date(column: str, op: str, value: str) -> tuple[str, list[Any]]:
    if _DATETIME.fullmatch(value):
        moment = datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if op == ":":
            return f"{column} = ?", [iso(moment)]
        return f"{column} {_COMPARE[op]} ?", [iso(moment)]
    if not _DATE.fullmatch(value):
        raise syntax_error(f"dates take YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not {value!r}")
    try:
        start = datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise syntax_error(f"{value!r} is not a date") from None
    day_start, next_day = iso(start), iso(start + timedelta(days=1))
    # A date stands for its whole UTC day: `created>2026-01-01` means after that day.
    bounds = {
        ":": (f"{column} >= ? AND {column} < ?", [day_start, next_day]),
        "<": (f"{column} < ?", [day_start]),
        "<=": (f"{column} < ?", [next_day]),
        ">": (f"{column} >= ?", [next_day]),
        ">=": (f"{column} >= ?", [day_start]),
    }
    sql, args = bounds[op]
    return f"({sql})", args


def _order_by(term: Term) -> str:
    column = _ORDER_BY.get(term.value.lower())
    if term.op != ":" or term.negated or column is None:
        raise syntax_error(f"order_by takes one of {', '.join(_ORDER_BY)}")
    return column


def _sort(term: Term) -> bool:
    if term.op != ":" or term.negated or term.value.lower() not in ("asc", "desc"):
        raise syntax_error("sort takes asc or desc")
    return term.value.lower() == "desc"


def word_match(text: str | None, phrase: str | None) -> int:
    """SQLite function `zd_match`: whether the phrase's words occur, in order and adjacent, in the text."""
    if text is None or phrase is None:
        return 0
    words = re.findall(r"\w+", text.lower())
    wanted = re.findall(r"\w+", phrase.lower())
    if not wanted:
        return 0
    span = len(wanted)
    return int(any(words[i : i + span] == wanted for i in range(len(words) - span + 1)))
