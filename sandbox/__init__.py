"""Imitation systems of record (CRM, billing, support, ERP) for the demo, the tests and the benchmarks.

Each speaks a faithful subset of its vendor's REST dialect over its own SQLite database. Nothing here
imports the gateway.
"""
