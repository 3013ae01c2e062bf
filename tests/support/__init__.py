"""Test support shared by the test packages: seeded sandboxes, their apps and clients, and source wiring."""
