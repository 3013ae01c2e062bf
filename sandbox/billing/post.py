"""Running a POST endpoint: parse, idempotency, validate (not saved), execute in a transaction (saved)."""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

from starlette.requests import Request
from starlette.responses import Response

from sandbox.billing import idempotency
from sandbox.billing.context import Billing
from sandbox.billing.errors import StripeError, api_error
from sandbox.billing.form import FormError, parse_form
from sandbox.billing.responses import failure
from sandbox.common.db import transaction

log = logging.getLogger(__name__)

Plan = TypeVar("Plan")
Validate = Callable[[dict[str, Any]], Plan]
Execute = Callable[[Billing, Plan], dict[str, Any]]


async def run_post(
    request: Request, billing: Billing, validate: Validate[Plan], execute: Execute[Plan]
) -> Response:
    """Answer one POST the way Stripe's idempotency layer does.

    `validate` checks the parameters without touching the database: its errors are answered and never
    saved. `execute` runs inside one transaction; from then on the answer (success, a 4xx from the
    endpoint, or a 500) is saved under the Idempotency-Key, atomically with the write it made.
    """
    body = await request.body()
    key = request.headers.get("idempotency-key")
    headers = {"Idempotency-Key": key} if key is not None else {}
    try:
        if key is not None:
            idempotency.check_key(key)
        params = parse_form(body)
    except FormError as exc:
        return failure(StripeError(exc.message, param=exc.param), headers=headers)
    except StripeError as exc:
        return failure(exc)
    scope = idempotency.scope_of(request.headers)
    request_print = idempotency.fingerprint(request.method, request.url.path, params)
    if key is not None:
        with transaction(billing.conn):
            idempotency.prune(billing.conn, billing.now())
        replay = _replay(billing, scope, key, request_print, headers)
        if replay is not None:
            return replay
        if (scope, key) in billing.in_flight:
            return failure(idempotency.in_use(key), headers=headers)
    try:
        plan = validate(params)
    except StripeError as exc:
        return failure(exc, headers=headers)
    if key is not None:
        billing.in_flight.add((scope, key))
    try:
        status, answer = _execute(billing, execute, plan, scope, key, request_print)
    except sqlite3.IntegrityError:
        # Another process saved this key between our lookup and our commit: its answer is the answer.
        replay = _replay(billing, scope, key or "", request_print, headers)
        if replay is None:
            raise
        return replay
    finally:
        if key is not None:
            billing.in_flight.discard((scope, key))
    return Response(answer, status_code=status, headers=headers, media_type="application/json")


def _execute(
    billing: Billing, execute: Execute[Plan], plan: Plan, scope: str, key: str | None, request_print: str
) -> tuple[int, str]:
    conn = billing.conn
    try:
        with transaction(conn):
            try:
                result = execute(billing, plan)
            except sqlite3.IntegrityError as exc:
                # A constraint broken by the endpoint itself is a bug, not a racing idempotent request.
                raise RuntimeError("endpoint broke a database constraint") from exc
            answer = json.dumps(result, separators=(",", ":"))
            if key is not None:
                idempotency.save(
                    conn, scope, key, idempotency.Saved(request_print, 200, answer), billing.now()
                )
        return 200, answer
    except sqlite3.IntegrityError:
        raise
    except StripeError as exc:
        status, answer = exc.status, json.dumps(exc.body(), separators=(",", ":"))
    except Exception:
        log.exception("billing endpoint failed")
        error = api_error()
        status, answer = error.status, json.dumps(error.body(), separators=(",", ":"))
    # The endpoint began executing, so its failure is the saved answer too (the write was rolled back).
    if key is not None:
        with transaction(conn):
            idempotency.save(
                conn, scope, key, idempotency.Saved(request_print, status, answer), billing.now()
            )
    return status, answer


def _replay(
    billing: Billing, scope: str, key: str, request_print: str, headers: dict[str, str]
) -> Response | None:
    saved = idempotency.lookup(billing.conn, scope, key)
    if saved is None:
        return None
    if saved.request != request_print:
        return failure(idempotency.mismatch(key), headers=headers)
    return Response(
        saved.body,
        status_code=saved.status,
        headers={**headers, "Idempotent-Replayed": "true"},
        media_type="application/json",
    )
