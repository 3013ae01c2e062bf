"""The billing connector: Stripe customers, subscriptions and invoices, fanned out per customer."""
