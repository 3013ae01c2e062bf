"""The mutations as a client sends them, selecting every result type."""

from __future__ import annotations

FAILURES = """
      ... on MutationError { message code }
      ... on ValidationError { field }
"""

ISSUE_CREDIT = (
    """
mutation($input: IssueCreditInput!) {
  issueCredit(input: $input) {
    __typename
    ... on IssueCreditSuccess {
      creditNote { id invoiceId amount { amount currency } reason memo status }
      invoice { id status amountDue { amount currency } amountRemaining { amount currency } }
    }
"""
    + FAILURES
    + "  }\n}"
)

AMEND_SUBSCRIPTION = (
    """
mutation($input: AmendSubscriptionInput!) {
  amendSubscription(input: $input) {
    __typename
    ... on AmendSubscriptionSuccess { subscription { id status items { id priceId quantity } } }
"""
    + FAILURES
    + "  }\n}"
)

RENEW_CONTRACT = (
    """
mutation($input: RenewContractInput!) {
  renewContract(input: $input) {
    __typename
    ... on RenewContractSuccess { contract { id status startDate endDate termMonths } }
"""
    + FAILURES
    + "  }\n}"
)

ESCALATE_CASE = (
    """
mutation($input: EscalateCaseInput!) {
  escalateCase(input: $input) {
    __typename
    ... on EscalateCaseSuccess { case { id priority status organizationId } }
"""
    + FAILURES
    + "  }\n}"
)

SET_CREDIT_HOLD = (
    """
mutation($input: SetCreditHoldInput!) {
  setCreditHold(input: $input) {
    __typename
    ... on SetCreditHoldSuccess { legalEntity { erpId creditHold onCreditHold } }
"""
    + FAILURES
    + "  }\n}"
)

PROFILE = """
query($id: ID!) {
  customer(id: $id) {
    id
    account { legal { creditHold onCreditHold } }
    contracts { id endDate termMonths }
    subscriptions { id items { id priceId quantity } }
    invoices(first: 100) { id amountRemaining { amount currency } }
    cases(first: 100) { id priority }
    recentInvoices: invoices { id amountRemaining { amount currency } }
    recentCases: cases { id priority }
  }
}
"""
