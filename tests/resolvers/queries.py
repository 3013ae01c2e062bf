"""GraphQL documents shared by the resolver tests."""

from __future__ import annotations

MONEY = "{ amount currency }"

ACCOUNT = f"""account {{
  id name industry type segment tier ownerId website parentId
  externalIds {{ erpCustomerId billingCustomerId supportOrgId }}
  legal {{
    erpId entityId legalName subsidiary currency paymentTerms creditLimit {MONEY} creditHold onCreditHold
    balance {MONEY} overdueBalance {MONEY} daysOverdue
    aging {{ current {MONEY} days1To30 {MONEY} days31To60 {MONEY} days61To90 {MONEY} over90 {MONEY} }}
  }}
}}"""

PROFILE = f"""
  id
  {ACCOUNT}
  contracts {{ id number status startDate endDate termMonths activatedAt inForce }}
  entitlements {{ id name type status startDate endDate isPerIncident casesPerEntitlement remainingCases }}
  subscriptions {{
    id customerId status currentPeriodStart currentPeriodEnd cancelAtPeriodEnd created collectionMethod
    items {{ id priceId productId quantity unitAmount {MONEY} interval intervalCount }}
  }}
  subscriptionStatus {{ status total pastDueSubscriptionIds mrr {MONEY} counts {{ status count }} }}
  invoices(first: 100) {{
    id number status subscriptionId currency created dueDate overdue
    total {MONEY} amountDue {MONEY} amountPaid {MONEY} amountRemaining {MONEY}
  }}
  delinquency {{ status reasons sources missingSources complete overdueBalance {MONEY} daysOverdue }}
  sla {{
    tier policy {{ id title tier targets {{ priority metric targetMinutes }} }}
    breachedCaseIds atRiskCaseIds
  }}
  cases(first: 100) {{ id subject status priority createdAt open }}
  sources {{ system answered origin latencyMs errorCode }}
"""

CUSTOMERS = "query($ids: [ID!]!) { customers(ids: $ids) { %s } }"
CUSTOMER = "query($id: ID!) { customer(id: $id) { %s } }"

FULL_CUSTOMERS = CUSTOMERS % PROFILE
FULL_CUSTOMER = CUSTOMER % PROFILE
FULL_WITH_DISCREPANCIES = CUSTOMERS % (PROFILE + " discrepancies { kind systems detail prevailing }")

#: Every source touched, but as few fields as possible.
THIN_CUSTOMERS = (
    CUSTOMERS
    % """
  id account { legal { erpId } } contracts { id } entitlements { id } subscriptions { id }
  invoices { id } cases { id } sla { tier }
"""
)

CRM_ONLY = (
    CUSTOMERS
    % "id account { id name tier externalIds { erpCustomerId } } contracts { id } entitlements { id }"
)
