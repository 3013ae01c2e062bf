"""The measured lower bound of a profile's latency: the critical path of the upstream calls it made.

Each sandbox system journals how long it took to answer each call (`duration_ms`: from the request's arrival
to its answer, injected latency and the system's own work included). A gateway with no cost of its own would
still wait for those answers in their dependency order:
- the CRM account query comes first when the cross-reference is cold: it names the ERP, billing and support
  ids, so every call to those systems waits for it (the SLA policies, which name no customer, do not); the
  account's contracts and entitlements come in the same query, as subqueries;
- a CRM query for the contracts and entitlements alone (the account cached) and the support SLA policies
  need only what the request names, so they run from the start;
- a system the gateway calls with at most `c` requests in flight (billing and support fan out per customer,
  16 each by default) cannot answer calls totalling D ms in less than max(D / c, the longest call).
So the bound is the larger of the independent calls and the account plus the slowest dependent system. It
counts the upstreams' own service time, which a bound of injected latency alone (2 L) leaves to the gateway.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qs

#: Systems whose calls wait for the CRM account (the cross-reference), with the paths that do not.
_INDEPENDENT_PATHS = {"support": ("/api/v2/slas/policies",)}


#: The Account fields that name the other systems' ids: a query selecting one reads the cross-reference.
_XREF_FIELDS = ("ERP_CUSTOMER_ID__C", "BILLING_CUSTOMER_ID__C", "SUPPORT_ORG_ID__C")


def _is_account_query(entry: Mapping[str, Any]) -> bool:
    """Whether a CRM call read the cross-reference: an Account query selecting another system's id (a
    query for an account's children alone selects only `Id` beside its subqueries)."""
    soql = " ".join(parse_qs(entry.get("query", "")).get("q", [])).upper()
    return " FROM ACCOUNT" in soql and any(field in soql for field in _XREF_FIELDS)


def _makespan(durations: Iterable[float], concurrency: int) -> float:
    """The least time `durations` can take with at most `concurrency` of them at once."""
    values = list(durations)
    if not values:
        return 0.0
    return max(max(values), sum(values) / max(1, concurrency))


def critical_path_ms(journals: Mapping[str, list[dict[str, Any]]], concurrency: Mapping[str, int]) -> float:
    """The measured lower bound (ms) of the request whose upstream calls `journals` holds, per system."""
    account = 0.0
    independent: list[float] = []
    dependent: dict[str, list[float]] = {}
    for system, entries in journals.items():
        for entry in entries:
            duration = float(entry["duration_ms"])
            if system == "crm":
                if _is_account_query(entry):
                    account = max(account, duration)
                else:
                    independent.append(duration)
            elif entry["path"] in _INDEPENDENT_PATHS.get(system, ()):
                independent.append(duration)
            else:
                dependent.setdefault(system, []).append(duration)
    slowest_dependent = max(
        (_makespan(durations, concurrency.get(system, 1)) for system, durations in dependent.items()),
        default=0.0,
    )
    return max(max(independent, default=0.0), account + slowest_dependent)
