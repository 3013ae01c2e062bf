"""Process logging for the CLI commands: one line per record, at the configured level."""

from __future__ import annotations

import logging


def configure_logging(level: str) -> None:
    """Send records at `level` and above to stderr."""
    logging.basicConfig(
        level=level.upper(),
        format="%(asctime)s %(levelname)-7s %(name)s  %(message)s",
        datefmt="%H:%M:%S",
        force=True,
    )
    # One line per upstream call is too much at info; the sandbox journal and debug level show them.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
