"""The documents the benchmarks send. `PROFILE` is the README's main example at full width: never trim it."""

from __future__ import annotations

import json
from typing import Any

MONEY = "{ amount currency }"
TARGET = "{ priority metric targetMinutes businessHours }"
ALERT = "{ caseId subject priority metric breachAt minutesRemaining }"

#: Every field of every part of a customer: invoices and cases at their default page size (20).
CUSTOMER_FIELDS = f"""
    id
    account {{
      id name industry type segment tier ownerId website parentId
      externalIds {{ erpCustomerId billingCustomerId supportOrgId }}
      legal {{
        erpId entityId legalName externalId subsidiary currency paymentTerms creditLimit {MONEY}
        creditHold onCreditHold balance {MONEY} overdueBalance {MONEY} daysOverdue
        aging {{ current {MONEY} days1To30 {MONEY} days31To60 {MONEY} days61To90 {MONEY} over90 {MONEY} }}
      }}
    }}
    contracts {{ id number status startDate endDate termMonths activatedAt inForce }}
    entitlements {{
      id name type status startDate endDate isPerIncident casesPerEntitlement remainingCases slaProcessId
    }}
    subscriptions {{
      id customerId status currentPeriodStart currentPeriodEnd cancelAtPeriodEnd created collectionMethod
      items {{ id priceId productId productName quantity unitAmount {MONEY} interval intervalCount }}
    }}
    subscriptionStatus {{
      status total counts {{ status count }} pastDueSubscriptionIds mrr {MONEY} mrrByCurrency {MONEY}
      unpricedItemIds
    }}
    invoices {{
      id customerId number status subscriptionId currency total {MONEY} amountDue {MONEY}
      amountPaid {MONEY} amountRemaining {MONEY} created dueDate periodStart periodEnd overdue
    }}
    delinquency {{
      status overdueBalance {MONEY} daysOverdue creditHold pastDueSubscriptionIds overdueInvoiceIds
      billingOverdue {MONEY} billingOverdueAmount {MONEY} billingDaysOverdue reasons sources
      missingSources complete
    }}
    sla {{
      tier
      policy {{ id title description position tier targets {TARGET} }}
      targets {{ priority targets {TARGET} }}
      breached {ALERT}
      atRisk {ALERT}
      breachedCaseIds atRiskCaseIds
    }}
    cases {{
      id organizationId subject status priority createdAt updatedAt open
      sla {{ metric stage breachAt }}
    }}
    sources {{ system answered origin latencyMs errorCode ageS stale }}
    discrepancies {{ kind systems detail prevailing }}
"""

#: One customer's whole operational profile (the README's `Profile` query, every field selected).
PROFILE = f"query Profile($id: ID!) {{\n  customer(id: $id) {{{CUSTOMER_FIELDS}  }}\n}}\n"

#: The same profile for many customers at once.
PROFILES = f"query Profiles($ids: [ID!]!) {{\n  customers(ids: $ids) {{{CUSTOMER_FIELDS}  }}\n}}\n"

#: Only the CRM account: primes the cross-reference (one CRM call) without touching any other system.
XREF_ONLY = "query Xref($ids: [ID!]!) { customers(ids: $ids) { id } }"

#: The floor: no resolver, no upstream, only HTTP, parsing, validation and serialisation.
TYPENAME = "{ __typename }"


def body(query: str, variables: dict[str, Any] | None = None) -> bytes:
    """A GraphQL POST body."""
    payload: dict[str, Any] = {"query": query}
    if variables is not None:
        payload["variables"] = variables
    return json.dumps(payload, separators=(",", ":")).encode()


def count_fields(value: Any) -> int:
    """Resolved fields in a GraphQL `data` value: one per key of every object, lists walked through."""
    if isinstance(value, dict):
        return sum(1 + count_fields(v) for v in value.values())
    if isinstance(value, list):
        return sum(count_fields(v) for v in value)
    return 0
