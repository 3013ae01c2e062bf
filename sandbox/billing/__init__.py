"""The billing sandbox: an imitation of Stripe's REST API (`/v1/`, API version 2023-08-16 shapes).

It speaks the subset the billing connector needs: customers (retrieve, list), customer balance
transactions (list, retrieve, create adjustments), subscriptions (retrieve, list, update items /
proration_behavior / cancel_at_period_end / metadata), invoices (retrieve, list), credit notes (create,
retrieve, list), prices and products; form-encoded bodies with bracketed nesting, cursor paging,
`expand[]`, Idempotency-Key, and Stripe's error envelope, 401, 429 and 503 answers.
"""
