"""Connectors to the four systems of record: vendor dialects, payload models, batching and caching."""
