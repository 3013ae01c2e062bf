"""Partial failure: a failing system nulls its own fields with a coded error; everything else answers."""

from __future__ import annotations

import socket
from collections.abc import Awaitable, Callable
from dataclasses import replace
from typing import Any

import httpx
import pytest

from sandbox.common.faults import Faults
from sources.config import BillingConfig, CrmConfig, ErpConfig, SupportConfig
from tests.resolvers.conftest import Gateway
from tests.resolvers.fakes import ExplodingCrm
from tests.support.sandbox import Sandbox

QUERY = """query($id: ID!) { customer(id: $id) {
  id
  account { name legal { legalName } }
  contracts { id }
  entitlements { id }
  invoices { id }
  cases { id }
  sla { tier }
  sources { system answered origin errorCode }
} }"""

#: The response paths each system owns in QUERY.
FIELDS: dict[str, set[tuple[str, ...]]] = {
    "crm": {("customer", "account"), ("customer", "contracts"), ("customer", "entitlements")},
    "erp": {("customer", "account", "legal")},
    "billing": {("customer", "invoices")},
    "support": {("customer", "cases"), ("customer", "sla")},
}
SECRETS = [
    CrmConfig().access_token.get_secret_value(),
    ErpConfig().access_token.get_secret_value(),
    BillingConfig().secret_key.get_secret_value(),
    SupportConfig().api_token.get_secret_value(),
]

MakeGateway = Callable[..., Awaitable[Gateway]]


def _customer_id(sandbox: Sandbox) -> str:
    return next(
        c for c in sandbox.universe.customers if c.discrepancy is None and c.support_org_exists
    ).account_id


def _value(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = None if data is None else data[key]
    return data


def _assert_only_system_failed(result: Any, system: str, code: str) -> None:
    failed_paths = {tuple(str(p) for p in e.path) for e in result.errors}
    assert failed_paths == FIELDS[system]
    assert {(e.extensions["code"], e.extensions["source"]) for e in result.errors} == {(code, system)}
    for path in FIELDS[system]:
        assert _value(result.data, path) is None
    for other, paths in FIELDS.items():
        if other != system:
            for path in paths:
                assert _value(result.data, path) is not None, (other, path)
    statuses = {s["system"]: s for s in result.data["customer"]["sources"]}
    assert statuses[system.upper()]["answered"] is False
    assert statuses[system.upper()]["errorCode"] == code
    assert all(s["answered"] for name, s in statuses.items() if name != system.upper())
    _assert_nothing_leaks(result)


def _assert_nothing_leaks(result: Any) -> None:
    for error in result.errors:
        shown = str(error.formatted)
        assert "://" not in shown
        assert "Traceback" not in shown
        assert error.original_error is None
        for secret in SECRETS:
            assert secret not in shown


@pytest.mark.parametrize("system", ["erp", "billing", "support"])
async def test_system_down(gateway: Gateway, sandbox: Sandbox, system: str) -> None:
    sandbox.apps[system].faults = Faults(down=True)
    result = await gateway.execute(QUERY, id=_customer_id(sandbox))
    _assert_only_system_failed(result, system, "SOURCE_UNAVAILABLE")


def _malformed(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=b'{"records": [', headers={"content-type": "application/json"})


@pytest.mark.parametrize("system", ["erp", "billing", "support"])
async def test_malformed_json(make_gateway: MakeGateway, sandbox: Sandbox, system: str) -> None:
    gateway = await make_gateway(transports={system: httpx.MockTransport(_malformed)})
    result = await gateway.execute(QUERY, id=_customer_id(sandbox))
    _assert_only_system_failed(result, system, "SOURCE_BAD_RESPONSE")


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.parametrize("system", ["erp", "billing", "support"])
async def test_closed_port(make_gateway: MakeGateway, sandbox: Sandbox, system: str) -> None:
    port = _closed_port()

    class ClosedPort(httpx.AsyncHTTPTransport):
        async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
            url = request.url.copy_with(scheme="http", host="127.0.0.1", port=port)
            return await super().handle_async_request(replace_url(request, url))

    gateway = await make_gateway(transports={system: ClosedPort()})
    result = await gateway.execute(QUERY, id=_customer_id(sandbox))
    _assert_only_system_failed(result, system, "SOURCE_UNAVAILABLE")


def replace_url(request: httpx.Request, url: httpx.URL) -> httpx.Request:
    request.url = url
    return request


@pytest.mark.parametrize("system", ["erp", "billing", "support"])
async def test_timeout(make_gateway: MakeGateway, sandbox: Sandbox, system: str) -> None:
    sandbox.apps[system].faults = Faults(latency_ms=2_000)
    gateway = await make_gateway(timeout_s=0.05)
    result = await gateway.execute(QUERY, id=_customer_id(sandbox))
    _assert_only_system_failed(result, system, "SOURCE_TIMEOUT")


async def test_crm_down_keeps_the_customer_and_reports_every_field(
    gateway: Gateway, sandbox: Sandbox
) -> None:
    sandbox.apps["crm"].faults = Faults(down=True)
    customer_id = _customer_id(sandbox)
    result = await gateway.execute(QUERY, id=customer_id)
    customer = result.data["customer"]
    assert customer["id"] == customer_id
    assert customer["account"] is None and customer["invoices"] is None and customer["cases"] is None
    assert {(e.extensions["code"], e.extensions["source"]) for e in result.errors} == {
        ("SOURCE_UNAVAILABLE", "crm")
    }
    statuses = {s["system"]: (s["answered"], s["errorCode"]) for s in customer["sources"]}
    assert statuses["CRM"] == (False, "SOURCE_UNAVAILABLE")
    assert statuses["BILLING"] == (False, "CROSS_REFERENCE_UNAVAILABLE")
    # Nothing downstream of the cross-reference was called, and the policies still were.
    assert sandbox.counts()["billing"] == 0 and sandbox.counts()["erp"] == 0
    _assert_nothing_leaks(result)


async def test_unexpected_exception_is_masked(gateway: Gateway, sandbox: Sandbox) -> None:
    broken = replace(gateway.sources, crm=ExplodingCrm())  # type: ignore[arg-type]
    gateway = Gateway(schema=gateway.schema, sources=broken)
    result = await gateway.execute(
        "query($id: ID!) { customer(id: $id) { account { name } } }", id=_customer_id(sandbox)
    )
    assert result.data == {"customer": None}
    assert [(e.message, e.extensions) for e in result.errors] == [("Internal error", {"code": "INTERNAL"})]
    _assert_nothing_leaks(result)
    assert ExplodingCrm.SECRET not in str(result.errors[0].formatted)


async def test_syntax_errors_are_shown_as_they_are(gateway: Gateway) -> None:
    result = await gateway.execute("{ customer(id: ")
    assert result.errors and "Syntax Error" in result.errors[0].message
