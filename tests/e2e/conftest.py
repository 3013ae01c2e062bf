"""The end-to-end suites share the app tests' seeded sandbox fixtures."""

from __future__ import annotations

from tests.app.conftest import customer_id, sandboxes, seeded_dir, seeded_sandbox, universe

__all__ = ["customer_id", "sandboxes", "seeded_dir", "seeded_sandbox", "universe"]
