"""The sandbox systems' JSON answers, encoded by orjson.

Starlette's `JSONResponse` encodes with the standard library (compact separators, UTF-8, no ASCII
escaping); for a list of Stripe invoices that was about a third of the billing sandbox's CPU, and in the
benchmarks the sandbox shares two cores with the gateway it answers, while the vendors it imitates run on
machines of their own. orjson writes the same bytes for what the dialects answer (objects with string or
integer keys, strings, integers, floats, booleans, nulls, lists): a test compares the two.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse as StarletteJSONResponse


class JSONResponse(StarletteJSONResponse):
    """Starlette's `JSONResponse`, its body encoded by orjson (integer keys written as strings, as the
    standard library writes them)."""

    def render(self, content: Any) -> bytes:
        """The body: compact UTF-8 JSON."""
        return orjson.dumps(content, option=orjson.OPT_NON_STR_KEYS)
