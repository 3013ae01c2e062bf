"""The fault matrix, end to end: for each system and each way it fails, the profile still answers HTTP 200
with the other systems' fields intact, the failed system's fields null with its code and source, after
exactly the attempts the policy allows, and nothing unhandled; then the circuit opens and closes."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from domain.systems import SourceSystem
from sandbox.common.system import SystemApp
from tests.app.conftest import settings_with
from tests.e2e.harness import (
    MALFORMED,
    REFUSED,
    RETRY_AFTER,
    WRONG_SHAPE,
    Harness,
    open_gateway,
    policy_settings,
)
from tests.support.sandbox import put_faults

PROFILE = """
query Profile($id: ID!) {
  customer(id: $id) {
    id
    account { name legal { legalName } }
    contracts { id }
    entitlements { id }
    subscriptions { id }
    invoices(first: 3) { id }
    cases(first: 3) { id }
    sources { system answered origin errorCode }
  }
}
"""

#: The fields each system answers (paths under `customer`).
FIELDS: dict[SourceSystem, list[tuple[str, ...]]] = {
    SourceSystem.CRM: [("contracts",), ("entitlements",)],
    SourceSystem.ERP: [("account", "legal")],
    SourceSystem.BILLING: [("subscriptions",), ("invoices",)],
    SourceSystem.SUPPORT: [("cases",)],
}

#: A small, fast policy: two attempts, tiny backoff (slept on the fake clock), a short attempt timeout.
POLICY = {
    "max_attempts": 2,
    "backoff_base_s": 0.01,
    "backoff_max_s": 0.05,
    "retry_after_max_s": 5.0,
    "rate_limit_default_s": 1.0,
    "breaker_failure_threshold": 50,
    "breaker_reset_s": 30.0,
}
#: Only the cross-reference is cached, so every query calls the other entities upstream.
NO_CACHE = {
    "crm_ttl_s": 0,
    "erp_ttl_s": 0,
    "billing_ttl_s": 0,
    "support_ttl_s": 0,
    "sla_policies_ttl_s": 0,
    "max_stale_s": 0,
}


def matrix_settings(**policy: Any) -> Any:
    return settings_with(
        **policy_settings({**POLICY, **policy}, timeout_s=0.1, connect_timeout_s=0.05),
        cache=NO_CACHE,
        request_deadline_s=5.0,
    )


# (fault, sandbox faults or a transport mode, expected code, attempts per call under POLICY)
FAULTS: list[tuple[str, dict[str, Any] | str, str, int]] = [
    ("503", {"error_rate": 1, "error_status": 503}, "SOURCE_UNAVAILABLE", 2),
    ("500", {"error_rate": 1, "error_status": 500}, "SOURCE_UNAVAILABLE", 2),
    ("timeout", {"latency_ms": 1_000}, "SOURCE_TIMEOUT", 2),
    (REFUSED, REFUSED, "SOURCE_UNAVAILABLE", 2),
    (MALFORMED, MALFORMED, "SOURCE_BAD_RESPONSE", 1),
    (WRONG_SHAPE, WRONG_SHAPE, "SOURCE_BAD_RESPONSE", 1),
    (RETRY_AFTER, RETRY_AFTER, "SOURCE_RATE_LIMITED", 2),
]
CASES = [(system, *fault) for system in FIELDS for fault in FAULTS] + [
    # Salesforce's over-limit answer: 403 REQUEST_LIMIT_EXCEEDED (the sandbox's rate limiter sends it).
    (
        SourceSystem.CRM,
        "403 REQUEST_LIMIT_EXCEEDED",
        {"rate_limit_per_second": 0.001},
        "SOURCE_RATE_LIMITED",
        2,
    )
]


def _at(customer: dict[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = customer
    for part in path:
        value = value[part]
    return value


def _paths(system: SourceSystem) -> Iterator[tuple[str, ...]]:
    yield from FIELDS[system]


async def _inject(
    harness: Harness, app: SystemApp, system: SourceSystem, fault: dict[str, Any] | str
) -> None:
    if isinstance(fault, str):
        harness.upstream[system].mode = fault
    else:
        await put_faults(app, **fault)


@pytest.mark.parametrize(
    ("system", "fault", "injected", "code", "attempts_per_call"),
    CASES,
    ids=[f"{case[0].value}-{case[1]}" for case in CASES],
)
async def test_a_failing_system_leaves_the_others_intact(
    sandboxes: dict[SourceSystem, SystemApp],
    customer_id: str,
    system: SourceSystem,
    fault: str,
    injected: dict[str, Any] | str,
    code: str,
    attempts_per_call: int,
) -> None:
    async with open_gateway(matrix_settings(), sandboxes) as gw:
        # Warm the cross-reference, then count the calls of a healthy profile (one attempt each).
        assert (await gw.profile(PROFILE, customer_id)).json().get("errors") is None
        gw.reset()
        healthy = (await gw.profile(PROFILE, customer_id)).json()
        calls = gw.attempts()
        assert healthy.get("errors") is None and calls[system] > 0
        gw.reset()

        await _inject(gw, sandboxes[system], system, injected)
        response = await gw.profile(PROFILE, customer_id)

    assert response.status_code == 200
    body = response.json()
    customer = body["data"]["customer"]
    failed = {path for path in _paths(system)}
    for other, paths in FIELDS.items():
        for path in paths:
            if path in failed:
                assert _at(customer, path) is None, path
            else:
                assert _at(customer, path) == _at(healthy["data"]["customer"], path), (other, path)
    assert customer["account"]["name"] == healthy["data"]["customer"]["account"]["name"]
    errors = body["errors"]
    assert errors, "the failed fields must be reported"
    assert {(e["extensions"]["code"], e["extensions"]["source"]) for e in errors} == {(code, system.value)}
    assert {tuple(e["path"][1:]) for e in errors} == failed
    assert all(e["extensions"]["requestId"] == response.headers["x-request-id"] for e in errors)
    statuses = {s["system"]: s for s in customer["sources"]}
    assert statuses[system.name]["answered"] is False
    assert statuses[system.name]["errorCode"] == code
    assert all(s["answered"] for name, s in statuses.items() if name != system.name)
    # Exactly the attempts the policy allows: each call retried only if the failure is transient.
    assert gw.attempts()[system] == calls[system] * attempts_per_call
    assert {s: n for s, n in gw.attempts().items() if s is not system} == {
        s: n for s, n in calls.items() if s is not system
    }


async def test_a_retry_after_beyond_the_deadline_is_not_waited_for(
    sandboxes: dict[SourceSystem, SystemApp], customer_id: str
) -> None:
    settings = settings_with(**policy_settings(POLICY, timeout_s=0.1), cache=NO_CACHE, request_deadline_s=2.0)
    async with open_gateway(settings, sandboxes) as gw:
        await gw.profile(PROFILE, customer_id)
        gw.reset()
        gw.upstream[SourceSystem.SUPPORT].mode = RETRY_AFTER
        gw.upstream[SourceSystem.SUPPORT].retry_after = "3"
        started = gw.clock.now()
        body = (await gw.profile(PROFILE, customer_id)).json()

    assert {e["extensions"]["code"] for e in body["errors"]} == {"SOURCE_RATE_LIMITED"}
    assert gw.attempts()[SourceSystem.SUPPORT] == 1  # the 3 s wait would end past the 2 s deadline
    assert gw.clock.now() - started < 2.0


async def test_the_circuit_opens_fails_fast_and_closes_after_a_probe(
    sandboxes: dict[SourceSystem, SystemApp], customer_id: str
) -> None:
    settings = settings_with(
        **policy_settings({**POLICY, "breaker_failure_threshold": 2, "breaker_reset_s": 30.0}, timeout_s=0.1),
        cache=NO_CACHE,
    )
    billing = SourceSystem.BILLING
    async with open_gateway(settings, sandboxes) as gw:
        await gw.profile(PROFILE, customer_id)
        await put_faults(sandboxes[billing], error_rate=1, error_status=503)

        # Two failed calls (subscriptions and invoices, each after its retries) open the circuit.
        first = (await gw.profile(PROFILE, customer_id)).json()
        assert {e["extensions"]["code"] for e in first["errors"]} == {"SOURCE_UNAVAILABLE"}
        runtime = gw.runtime
        assert runtime.sources.circuit_states()[billing] == "open"

        # While open: failing fast, nothing sent upstream, the other systems intact.
        gw.reset()
        fast = await gw.profile(PROFILE, customer_id)
        body = fast.json()
        assert fast.status_code == 200
        assert {(e["extensions"]["code"], e["extensions"]["source"]) for e in body["errors"]} == {
            ("SOURCE_CIRCUIT_OPEN", "billing")
        }
        assert gw.attempts()[billing] == 0
        assert body["data"]["customer"]["contracts"] is not None
        ready = (await gw.client.get("/readyz")).json()
        assert ready["systems"]["billing"] == {"up": False, "code": "SOURCE_CIRCUIT_OPEN", "circuit": "open"}
        assert "billing" in ready["down"]
        metrics = (await gw.client.get("/metrics")).text
        assert 'tessera_circuit_state{system="billing",tessera_circuit_state="open"} 1.0' in metrics

        # The system recovers; after the reset timeout one probe goes through and closes the circuit.
        await put_faults(sandboxes[billing])
        gw.clock.advance(31)
        assert runtime.sources.circuit_states()[billing] == "half_open"
        gw.reset()
        await gw.profile(PROFILE, customer_id)
        assert gw.attempts()[billing] >= 1
        assert runtime.sources.circuit_states()[billing] == "closed"
        healed = (await gw.profile(PROFILE, customer_id)).json()
        assert healed.get("errors") is None
        metrics = (await gw.client.get("/metrics")).text
        assert 'tessera_circuit_state{system="billing",tessera_circuit_state="closed"} 1.0' in metrics
        assert 'tessera_circuit_transitions_total{state="open",system="billing"} 1.0' in metrics
