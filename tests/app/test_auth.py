from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from pydantic import SecretStr, ValidationError

from app.auth import ApiKeyConfig, Authenticator, bearer_token
from app.main import create_app
from app.settings import Settings
from domain.systems import SourceSystem
from resolvers.audit import MemoryAuditSink
from resolvers.auth import ALL_SCOPES, Principal, Scope
from sandbox.common.system import SystemApp
from sandbox.seed.model import Universe
from tests.app.conftest import AUTH, TEST_KEY, settings_with

PROFILE = "query($id: ID!) { customer(id: $id) { id account { name } } }"
READ_KEY = "read-only-key-0123456789"
CREDITS_KEY = "credits-only-key-0123456789"
KEYS = {
    "tests": {"key": TEST_KEY, "scopes": sorted(ALL_SCOPES)},
    "dashboard": {"key": READ_KEY, "scopes": ["profile:read"]},
    "refund-bot": {"key": CREDITS_KEY, "scopes": ["credits:write"]},
}
CREDIT = """
mutation($input: IssueCreditInput!) {
  issueCredit(input: $input) { __typename ... on MutationError { code } }
}"""


@pytest.fixture
async def open_gateway(
    sandboxes: dict[SourceSystem, SystemApp],
) -> AsyncIterator[tuple[httpx.AsyncClient, MemoryAuditSink]]:
    """A gateway with three keys and a captured audit sink; the client sends no key by itself."""
    audit = MemoryAuditSink()
    transports = {system: httpx.ASGITransport(app=app) for system, app in sandboxes.items()}
    app = create_app(settings_with(api_keys=KEYS), transports=transports, audit=audit)
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(transport=httpx.ASGITransport(app=manager.app), base_url="http://gw") as client,
    ):
        yield client, audit


def _upstream_calls(sandboxes: dict[SourceSystem, SystemApp]) -> int:
    return sum(len(app.journal.entries()) for app in sandboxes.values())


def _credit_input(universe: Universe) -> dict[str, Any]:
    customer = next(c for c in universe.customers if any(i.status == "open" for i in c.invoices))
    invoice = next(i for i in customer.invoices if i.status == "open")
    return {
        "customerId": customer.account_id,
        "invoiceId": invoice.id,
        "amount": {"amount": "1.00", "currency": invoice.currency.upper()},
        "idempotencyKey": "credit-1",
    }


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-configured-key"}, {"Authorization": f"Basic {TEST_KEY}"}],
    ids=["no-header", "unknown-key", "wrong-scheme"],
)
async def test_no_or_an_unknown_key_is_401_before_any_execution(
    open_gateway: tuple[httpx.AsyncClient, MemoryAuditSink],
    sandboxes: dict[SourceSystem, SystemApp],
    customer_id: str,
    headers: dict[str, str],
) -> None:
    client, audit = open_gateway

    response = await client.post(
        "/graphql", json={"query": PROFILE, "variables": {"id": customer_id}}, headers=headers
    )

    assert response.status_code == 401
    assert response.json() == {
        "errors": [
            {
                "message": "a valid API key is required: send Authorization: Bearer <key>",
                "extensions": {"code": "UNAUTHENTICATED", "requestId": response.headers["x-request-id"]},
            }
        ]
    }
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert _upstream_calls(sandboxes) == 0
    assert audit.records == []


async def test_a_get_query_without_a_key_is_401(
    open_gateway: tuple[httpx.AsyncClient, MemoryAuditSink], sandboxes: dict[SourceSystem, SystemApp]
) -> None:
    client, _ = open_gateway

    response = await client.get("/graphql", params={"query": "{ __typename }"})

    assert response.status_code == 401
    assert _upstream_calls(sandboxes) == 0


async def test_health_readiness_and_the_graphiql_page_stay_open(
    open_gateway: tuple[httpx.AsyncClient, MemoryAuditSink],
) -> None:
    client, _ = open_gateway

    assert (await client.get("/healthz")).status_code == 200
    assert (await client.get("/readyz")).status_code == 200
    page = await client.get("/graphql", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "graphiql" in page.text.lower()


async def test_a_read_only_key_reads_but_cannot_mutate(
    open_gateway: tuple[httpx.AsyncClient, MemoryAuditSink],
    sandboxes: dict[SourceSystem, SystemApp],
    universe: Universe,
    customer_id: str,
) -> None:
    client, audit = open_gateway
    headers = {"Authorization": f"Bearer {READ_KEY}"}

    read = await client.post(
        "/graphql", json={"query": PROFILE, "variables": {"id": customer_id}}, headers=headers
    )
    for app in sandboxes.values():
        app.journal.clear()
    write = await client.post(
        "/graphql", json={"query": CREDIT, "variables": {"input": _credit_input(universe)}}, headers=headers
    )

    assert read.status_code == 200
    assert read.json()["data"]["customer"]["id"] == customer_id
    assert write.status_code == 200
    body = write.json()
    assert body["data"] == {"issueCredit": None}
    assert [e["extensions"]["code"] for e in body["errors"]] == ["FORBIDDEN"]
    assert _upstream_calls(sandboxes) == 0
    assert [(r.principal, r.outcome) for r in audit.records] == [("dashboard", "FORBIDDEN")]


async def test_a_credits_only_key_cannot_read_the_profile(
    open_gateway: tuple[httpx.AsyncClient, MemoryAuditSink],
    sandboxes: dict[SourceSystem, SystemApp],
    customer_id: str,
) -> None:
    client, _ = open_gateway

    response = await client.post(
        "/graphql",
        json={"query": PROFILE, "variables": {"id": customer_id}},
        headers={"Authorization": f"Bearer {CREDITS_KEY}"},
    )

    assert response.status_code == 200
    assert response.json()["data"] == {"customer": None}
    assert [e["extensions"]["code"] for e in response.json()["errors"]] == ["FORBIDDEN"]
    assert _upstream_calls(sandboxes) == 0


async def test_a_refused_mutation_is_audited_under_the_keys_name_never_the_key(
    open_gateway: tuple[httpx.AsyncClient, MemoryAuditSink],
    universe: Universe,
    caplog: pytest.LogCaptureFixture,
) -> None:
    client, audit = open_gateway
    given = {**_credit_input(universe), "amount": {"amount": "-1.00", "currency": "USD"}}

    response = await client.post(
        "/graphql", json={"query": CREDIT, "variables": {"input": given}}, headers=AUTH
    )

    assert response.json()["data"]["issueCredit"]["__typename"] == "ValidationError"
    (record,) = audit.records
    assert record.principal == "tests"
    assert record.outcome == "ValidationError"
    assert TEST_KEY not in json.dumps(record.as_dict())


async def test_no_keys_configured_refuses_every_graphql_request(
    sandboxes: dict[SourceSystem, SystemApp], caplog: pytest.LogCaptureFixture
) -> None:
    transports = {system: httpx.ASGITransport(app=app) for system, app in sandboxes.items()}
    app = create_app(Settings.model_validate({}), transports=transports)
    with caplog.at_level(logging.WARNING, logger="tessera.app"):
        async with (
            LifespanManager(app) as manager,
            httpx.AsyncClient(transport=httpx.ASGITransport(app=manager.app), base_url="http://gw") as client,
        ):
            response = await client.post("/graphql", json={"query": "{ __typename }"}, headers=AUTH)

    assert response.status_code == 401
    assert "no API keys configured" in caplog.text


# --- the pieces -----------------------------------------------------------------------------------------


def test_the_authenticator_finds_the_principal_by_key() -> None:
    authenticator = Authenticator(
        {
            "a": ApiKeyConfig(key=SecretStr("a" * 20), scopes=frozenset({Scope.PROFILE_READ})),
            "b": ApiKeyConfig(key=SecretStr("b" * 20), scopes=frozenset({Scope.CASES_WRITE})),
        }
    )

    assert authenticator.authenticate("Bearer " + "b" * 20) == Principal("b", frozenset({Scope.CASES_WRITE}))
    assert authenticator.authenticate("bearer   " + "a" * 20) == Principal(
        "a", frozenset({Scope.PROFILE_READ})
    )
    assert authenticator.authenticate("Bearer " + "a" * 19) is None
    assert authenticator.authenticate(None) is None
    assert not Authenticator({})


def test_every_configured_key_is_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    import hmac

    compared: list[bytes] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append(b)
        return real(a, b)

    monkeypatch.setattr(hmac, "compare_digest", spy)
    authenticator = Authenticator({name: ApiKeyConfig(key=SecretStr(name * 20)) for name in "abc"})

    assert authenticator.authenticate("Bearer " + "a" * 20) is not None
    assert len(compared) == 3  # no early exit on the first match


def test_bearer_token_parsing() -> None:
    assert bearer_token("Bearer abc") == "abc"
    assert bearer_token("Bearer ") is None
    assert bearer_token("Token abc") is None
    assert bearer_token("") is None


def test_api_keys_come_from_tessera_api_keys_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "TESSERA_API_KEYS",
        json.dumps({"console": {"key": "k" * 24, "scopes": ["profile:read", "cases:write"]}}),
    )

    settings = Settings()

    config = settings.api_keys["console"]
    assert config.key.get_secret_value() == "k" * 24
    assert config.scopes == {Scope.PROFILE_READ, Scope.CASES_WRITE}
    assert "k" * 24 not in repr(settings)


@pytest.mark.parametrize(
    "keys",
    [
        {"a": {"key": "short", "scopes": []}},
        {"a": {"key": "k" * 20, "scopes": ["everything"]}},
        {"a": {"key": "k" * 20, "scopes": []}, "b": {"key": "k" * 20, "scopes": []}},
    ],
    ids=["short-key", "unknown-scope", "shared-key"],
)
def test_bad_key_configuration_is_refused(keys: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Settings.model_validate({"api_keys": keys})
