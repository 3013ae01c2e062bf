"""The fault matrix: each system x each way a vendor fails, through the real connectors.

For each cell: the right SourceError code, reads retried exactly as the policy says (transient failures
`max_attempts` times, bad answers once), Retry-After honoured, writes without a vendor idempotency key sent
once, and no secret in the error or the observer's labels. A clock that never waits; no timing assertions.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from domain.models import CasePriority, CreditHold, CreditNoteReason
from domain.money import Money
from sources.billing.client import BillingSource
from sources.cache import SourceCache
from sources.config import BillingConfig, CacheConfig, CallPolicy, CrmConfig, ErpConfig, SupportConfig
from sources.context import CallContext
from sources.crm.client import CrmSource
from sources.erp.client import ErpSource
from sources.errors import SourceError
from sources.results import Fetched
from sources.support.client import SupportSource
from tests.sources.conftest import ClientFor
from tests.sources.fakes import FakeClock, RecordingObserver
from tests.support.sandbox import Sandbox, client_journal

CTX = CallContext("req-matrix", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
ATTEMPTS = CallPolicy().max_attempts
SECRETS = [
    CrmConfig().access_token.get_secret_value(),
    ErpConfig().access_token.get_secret_value(),
    BillingConfig().secret_key.get_secret_value(),
    SupportConfig().api_token.get_secret_value(),
]

Handler = Callable[[httpx.Request], httpx.Response]


@dataclass
class System:
    name: str
    build: Callable[[httpx.AsyncClient, FakeClock, RecordingObserver], Any]
    read: Callable[[Any], Awaitable[dict[str, Any]]]
    key: str


SYSTEMS = [
    System(
        "crm",
        lambda c, k, o: CrmSource(c, CrmConfig(), SourceCache(CacheConfig()), observer=o, clock=k.clock),
        lambda s: s.accounts(["0015T0000000001QAA"], CTX),
        "0015T0000000001QAA",
    ),
    System(
        "erp",
        lambda c, k, o: ErpSource(c, ErpConfig(), SourceCache(CacheConfig()), observer=o, clock=k.clock),
        lambda s: s.legal_entities(["42"], CTX),
        "42",
    ),
    System(
        "billing",
        lambda c, k, o: BillingSource(
            c, BillingConfig(), SourceCache(CacheConfig()), observer=o, clock=k.clock
        ),
        lambda s: s.invoices(["cus_A1b2C3"], CTX),
        "cus_A1b2C3",
    ),
    System(
        "support",
        lambda c, k, o: SupportSource(
            c, SupportConfig(), SourceCache(CacheConfig()), observer=o, clock=k.clock
        ),
        lambda s: s.organizations(["42"], CTX),
        "42",
    ),
]


def answer(status: int, body: bytes, headers: dict[str, str] | None = None) -> Handler:
    return lambda request: httpx.Response(status, content=body, headers=headers)


def raising(exc: type[httpx.TransportError]) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        raise exc("injected", request=request)

    return handler


WRONG_SHAPE = (
    b'{"records": "nope", "items": "nope", "data": "nope", "organizations": "nope", '
    b'"done": "nope", "has_more": "nope", "totalSize": "nope"}'
)
SF_LIMIT = b'[{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]'


@dataclass
class Fault:
    name: str
    handler: Handler
    code: str
    attempts: int
    min_wait: float = 0.0
    only: str | None = None


FAULTS = [
    Fault("503", answer(503, b'{"error": "down"}'), "SOURCE_UNAVAILABLE", ATTEMPTS),
    Fault("500", answer(500, b'{"error": "boom"}'), "SOURCE_UNAVAILABLE", ATTEMPTS),
    Fault("timeout", raising(httpx.ReadTimeout), "SOURCE_TIMEOUT", ATTEMPTS),
    Fault("connection refused", raising(httpx.ConnectError), "SOURCE_UNAVAILABLE", ATTEMPTS),
    Fault("malformed json", answer(200, b'{"records": ['), "SOURCE_BAD_RESPONSE", 1),
    Fault("wrong shape", answer(200, WRONG_SHAPE), "SOURCE_BAD_RESPONSE", 1),
    Fault("429 retry-after", answer(429, b"{}", {"Retry-After": "2"}), "SOURCE_RATE_LIMITED", ATTEMPTS, 2.0),
    Fault("403 request limit", answer(403, SF_LIMIT), "SOURCE_RATE_LIMITED", ATTEMPTS, 1.0, only="crm"),
]
CELLS = [(s, f) for s in SYSTEMS for f in FAULTS if f.only in (None, s.name)]


@pytest.mark.parametrize(("system", "fault"), CELLS, ids=[f"{s.name}-{f.name}" for s, f in CELLS])
async def test_fault_matrix(system: System, fault: Fault) -> None:
    clock, observer = FakeClock(), RecordingObserver()
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return fault.handler(request)

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url=f"http://{system.name}.test")
    source = system.build(client, clock, observer)
    outcome = (await system.read(source))[system.key]
    assert isinstance(outcome, SourceError), outcome
    assert outcome.code == fault.code
    assert len(requests) == fault.attempts
    assert [c.attempt for c in observer.calls] == list(range(1, fault.attempts + 1))
    assert all(r.headers["x-request-id"] == CTX.request_id for r in requests)
    assert all(s >= fault.min_wait for s in clock.sleeps) and len(clock.sleeps) == fault.attempts - 1
    shown = [str(outcome), repr(outcome), *map(repr, observer.everything())]
    assert not [secret for secret in SECRETS for text in shown if secret in text]
    assert source.circuit_state == "closed"  # one failed call is below the threshold


# --- the same through the sandbox's control plane -----------------------------------------------------

SANDBOX_FAULTS = [
    ("down", {"down": True}, "SOURCE_UNAVAILABLE"),
    ("error 500", {"error_rate": 1, "error_status": 500}, "SOURCE_UNAVAILABLE"),
    ("error 502", {"error_rate": 1, "error_status": 502}, "SOURCE_UNAVAILABLE"),
]


@pytest.mark.parametrize("system", SYSTEMS, ids=[s.name for s in SYSTEMS])
@pytest.mark.parametrize(("_name", "faults", "code"), SANDBOX_FAULTS, ids=[f[0] for f in SANDBOX_FAULTS])
async def test_sandbox_faults_are_retried_then_reported(
    system: System, _name: str, faults: dict[str, Any], code: str, sandbox: Sandbox, client_for: ClientFor
) -> None:
    client = client_for(getattr(sandbox, system.name), f"http://{system.name}.test")
    (await client.put("/__sandbox/faults", json=faults)).raise_for_status()
    clock, observer = FakeClock(), RecordingObserver()
    outcome = (await system.read(system.build(client, clock, observer)))[system.key]
    assert isinstance(outcome, SourceError) and outcome.code == code
    entries = await client_journal(client)
    assert len(entries) == ATTEMPTS
    assert {e["headers"]["x-request-id"] for e in entries} == {CTX.request_id}
    assert CTX.traceparent is not None
    # Every attempt carries the request's trace (its own client span id once an SDK records spans).
    assert {e["headers"]["traceparent"].split("-")[1] for e in entries} == {CTX.traceparent.split("-")[1]}


@pytest.mark.parametrize("system", SYSTEMS, ids=[s.name for s in SYSTEMS])
async def test_sandbox_breaker_opens_and_fails_fast(
    system: System, sandbox: Sandbox, client_for: ClientFor
) -> None:
    client = client_for(getattr(sandbox, system.name), f"http://{system.name}.test")
    await client.put("/__sandbox/faults", json={"down": True})
    clock, observer = FakeClock(), RecordingObserver()
    source = system.build(client, clock, observer)
    for _ in range(CallPolicy().breaker_failure_threshold):
        assert isinstance((await system.read(source))[system.key], SourceError)
    assert source.circuit_state == "open"
    sent = len(await client_journal(client))
    outcome = (await system.read(source))[system.key]
    assert isinstance(outcome, SourceError) and outcome.code == "SOURCE_CIRCUIT_OPEN"
    assert len(await client_journal(client)) == sent
    await client.delete("/__sandbox/faults")
    clock.now += CallPolicy().breaker_reset_s
    probe = (await system.read(source))[system.key]
    assert isinstance(probe, Fetched)
    assert source.circuit_state == "closed"
    assert [state for _, state in observer.circuits] == ["open", "half_open", "closed"]


# --- writes: sent once unless the vendor honours an idempotency key -----------------------------------


def _unavailable(requests: list[httpx.Request]) -> httpx.AsyncClient:
    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(503, json={"error": "down"})

    return httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://vendor.test")


async def test_writes_without_a_vendor_key_are_sent_once() -> None:
    crm_requests: list[httpx.Request] = []
    erp_requests: list[httpx.Request] = []
    support_requests: list[httpx.Request] = []
    clock = FakeClock()
    cache = SourceCache(CacheConfig())
    crm = CrmSource(_unavailable(crm_requests), CrmConfig(), cache, clock=clock.clock)
    erp = ErpSource(_unavailable(erp_requests), ErpConfig(), cache, clock=clock.clock)
    support = SupportSource(_unavailable(support_requests), SupportConfig(), cache, clock=clock.clock)
    with pytest.raises(SourceError):
        await crm.renew_contract("8005T0000000001QAA", 24, CTX)
    with pytest.raises(SourceError):
        await erp.set_credit_hold("42", CreditHold.ON, CTX)
    with pytest.raises(SourceError):
        await support.escalate_case("7", CasePriority.URGENT, "note", "key-9", CTX)
    assert [r.method for r in crm_requests] == ["PATCH"]
    assert [r.method for r in erp_requests] == ["PATCH"]
    assert [r.method for r in support_requests] == ["PUT"]


async def test_stripe_writes_are_retried_with_the_same_key() -> None:
    requests: list[httpx.Request] = []
    note = {
        "id": "cn_1",
        "number": "CN-1",
        "invoice": "in_1",
        "customer": "cus_1",
        "amount": 500,
        "currency": "usd",
        "status": "issued",
        "created": 1_700_000_000,
    }

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        if len(requests) == 1:
            raise httpx.ReadTimeout("lost", request=request)
        if len(requests) == 2:
            return httpx.Response(503, json={"error": {"type": "api_error"}})
        return httpx.Response(200, json=note)

    client = httpx.AsyncClient(transport=httpx.MockTransport(handler), base_url="http://billing.test")
    billing = BillingSource(client, BillingConfig(), SourceCache(CacheConfig()), clock=FakeClock().clock)
    credited = await billing.issue_credit(
        "in_1", Money.from_minor(500, "usd"), CreditNoteReason.DUPLICATE, None, "key-42", CTX
    )
    assert credited.id == "cn_1"
    assert [r.headers["idempotency-key"] for r in requests] == ["key-42"] * 3
    assert len({r.content for r in requests}) == 1
