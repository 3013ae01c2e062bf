"""The core: canonical models, the ownership registry and pure business rules. No I/O, no GraphQL."""
