"""GraphQL edge: strawberry types, Query and Mutation roots, per-request context and dataloaders."""
