"""The dialect's HTTP routes, one resource per module, each built from a shared `Context`."""
