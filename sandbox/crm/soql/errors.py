"""SOQL errors in Salesforce's shape: the query line, a caret, the row and column, then the detail."""

from __future__ import annotations

from sandbox.crm.errors import SalesforceError


def located(code: str, source: str, pos: int, detail: str) -> SalesforceError:
    """A query error pointing at character `pos` of the query, the way Salesforce prints them."""
    pos = max(0, min(pos, len(source)))
    row = source.count("\n", 0, pos) + 1
    line_start = source.rfind("\n", 0, pos) + 1
    line_end = source.find("\n", pos)
    line = source[line_start : line_end if line_end != -1 else len(source)]
    column = pos - line_start + 1
    caret = " " * (column - 1) + "^"
    return SalesforceError(code, f"\n{line}\n{caret}\nERROR at Row:{row}:Column:{column}\n{detail}")


def malformed(source: str, pos: int, detail: str) -> SalesforceError:
    """A `MALFORMED_QUERY` error at `pos`."""
    return located("MALFORMED_QUERY", source, pos, detail)
