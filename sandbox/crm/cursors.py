"""Query locators: the server-side snapshot behind `nextRecordsUrl`, kept for the most recent queries."""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

from sandbox.crm.schema import Field, SObject
from sandbox.crm.soql.compiler import ChildQuery
from sandbox.seed.ids import salesforce_id

# Salesforce keeps a bounded number of open cursors per user and drops the oldest.
MAX_OPEN_CURSORS = 50


@dataclass(frozen=True)
class Cursor:
    """The full answer of one query, paged out `batch_size` rows at a time.

    `select` is the query's fields and subqueries in order; a subquery's locator is a cursor over one parent's
    child rows, with the child's fields.
    """

    sobject: SObject
    select: tuple[Field | ChildQuery, ...]
    records: list[dict[str, Any]]
    batch_size: int


class Cursors:
    """Open query locators by id (`01g...`), oldest dropped first."""

    def __init__(self) -> None:
        self._open: OrderedDict[str, Cursor] = OrderedDict()
        self._counter = 0

    def open(self, cursor: Cursor) -> str:
        """Keep a cursor and return its locator id."""
        self._counter += 1
        locator = salesforce_id("01g", self._counter)
        self._open[locator] = cursor
        while len(self._open) > MAX_OPEN_CURSORS:
            self._open.popitem(last=False)
        return locator

    def get(self, locator: str) -> Cursor | None:
        """The cursor of a locator, if it is still open."""
        return self._open.get(locator)
