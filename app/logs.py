"""Process logging for the CLI commands (never applied at import): one record per line on stderr, as JSON by
default, every record with its time, level, logger, message and the id of the request it was made for.

Structured fields given as `extra` (the access line's operation and outcome, an upstream call's system and
status, an audit record) become top-level keys. As a last line of defence, every configured credential
(the four systems' tokens and keys, the API keys) is replaced by `[redacted]` in the formatted line; none
is ever logged on purpose.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from pythonjsonlogger.json import JsonFormatter

from app.correlation import current_request_id
from app.settings import LogFormat, Settings
from sources.support.client import basic_auth

REDACTED = "[redacted]"
_TEXT_FORMAT = "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s]  %(message)s"


class RequestIdFilter(logging.Filter):
    """Give every record the `request_id` of the request being served (None outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Add the id; never drop a record."""
        if getattr(record, "request_id", None) is None:
            record.request_id = current_request_id.get()
        return True


class _Redacting:
    """Replaces known secrets in a formatted line (plain and JSON-escaped)."""

    def __init__(self, secrets: Iterable[str]) -> None:
        found = {value for value in secrets if value}
        escaped = {json.dumps(value)[1:-1] for value in found}
        # Longest first, so a secret containing another is replaced whole.
        self._secrets = sorted(found | escaped, key=len, reverse=True)

    def redact(self, line: str) -> str:
        for secret in self._secrets:
            if secret in line:
                line = line.replace(secret, REDACTED)
        return line


class JsonLineFormatter(JsonFormatter):
    """One JSON object per record: time (UTC, ISO 8601), level, logger, message, request_id, extras."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__(
            "%(levelname)s %(name)s %(message)s %(request_id)s",
            rename_fields={"levelname": "level", "name": "logger"},
            timestamp="time",
        )
        self._redacting = _Redacting(secrets)

    def format(self, record: logging.LogRecord) -> str:
        """The record as one redacted JSON line."""
        return self._redacting.redact(super().format(record))

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        """Put `time` first, as log shippers expect."""
        super().add_fields(log_data, record, message_dict)
        if "time" in log_data:
            fields = dict(log_data)
            log_data.clear()
            log_data["time"] = fields.pop("time")
            log_data.update(fields)


class TextFormatter(logging.Formatter):
    """A terminal's line, with the request id, redacted."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__(_TEXT_FORMAT, datefmt="%H:%M:%S")
        self._redacting = _Redacting(secrets)

    def format(self, record: logging.LogRecord) -> str:
        """The record as one redacted line."""
        return self._redacting.redact(super().format(record))


def configured_secrets(settings: Settings) -> list[str]:
    """Every credential in the settings: never to appear in a log line."""
    secrets = [
        settings.crm.access_token.get_secret_value(),
        settings.erp.access_token.get_secret_value(),
        settings.billing.secret_key.get_secret_value(),
        settings.support.api_token.get_secret_value(),
        # Zendesk's header carries the token base64-encoded: that form is as secret as the token.
        basic_auth(settings.support.email, settings.support.api_token.get_secret_value()).removeprefix(
            "Basic "
        ),
    ]
    secrets += [config.key.get_secret_value() for config in settings.api_keys.values()]
    return secrets


def build_handler(fmt: LogFormat = "json", secrets: Iterable[str] = ()) -> logging.Handler:
    """A stderr handler with the request id filter and the chosen formatter."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonLineFormatter(secrets) if fmt == "json" else TextFormatter(secrets))
    return handler


def configure_logging(level: str, fmt: LogFormat = "json", *, settings: Settings | None = None) -> None:
    """Send records at `level` and above to stderr as `fmt`, redacting the credentials of `settings`."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    root.addHandler(build_handler(fmt, configured_secrets(settings) if settings is not None else ()))
    root.setLevel(level.upper())
    # One line per upstream call is too much at info; the sandbox journal and debug level show them.
    for noisy in ("httpx", "httpcore"):
        logging.getLogger(noisy).setLevel(max(logging.WARNING, root.level))
