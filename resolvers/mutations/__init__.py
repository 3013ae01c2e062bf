"""The write path in the schema: one module per mutation, the shared payload types and the runner that
routes each write to its owning system under authorization, validation, idempotency and audit."""
