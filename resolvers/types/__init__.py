"""The schema's object types and enums, one concept per module, each built from a domain model."""

from resolvers.types import enums as _enums  # noqa: F401  (register the domain enums before any type uses them)
