from __future__ import annotations

import base64
import io
import json
import logging
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager

from app.correlation import current_request_id
from app.logs import REDACTED, JsonLineFormatter, RequestIdFilter, configured_secrets
from app.main import create_app
from domain.systems import SourceSystem
from resolvers.auth import ALL_SCOPES
from sandbox import runner
from sandbox.common.credentials import Credentials
from sandbox.seed.model import Universe
from tests.app.conftest import settings_with
from tests.app.test_auth import CREDIT, _credit_input
from tests.support.sandbox import put_faults

PROFILE = """
query Profile($id: ID!) {
  customer(id: $id) {
    account { name legal { legalName } } contracts { id } subscriptions { id } cases { id }
  }
}"""

CRM_TOKEN = "00DSECRET0000001!crm-token-Zq81"
ERP_TOKEN = "erp-secret-token-Xk42"
BILLING_KEY = "sk_live_billing_secret_Wm73"
SUPPORT_TOKEN = "support-secret-token-Vp19"
API_KEY = "api-key-secret-Yt56-0123456789"
SUPPORT_EMAIL = "ops@tessera.example"


class Captured:
    """Every record and every formatted line logged while installed (no redaction: proves none is needed)."""

    def __init__(self) -> None:
        self.stream = io.StringIO()
        self.records: list[logging.LogRecord] = []
        outer = self

        class Keep(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                outer.records.append(record)

        self.keep = Keep()
        self.lines = logging.StreamHandler(self.stream)
        self.lines.addFilter(RequestIdFilter())
        self.lines.setFormatter(JsonLineFormatter())

    def json_lines(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.stream.getvalue().splitlines()]


@pytest.fixture
def captured() -> Iterator[Captured]:
    root = logging.getLogger()
    capture = Captured()
    level = root.level
    root.addHandler(capture.keep)
    root.addHandler(capture.lines)
    root.setLevel(logging.DEBUG)
    try:
        yield capture
    finally:
        root.removeHandler(capture.keep)
        root.removeHandler(capture.lines)
        root.setLevel(level)


def test_a_record_is_one_json_line_with_time_level_logger_message_and_request_id() -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonLineFormatter(secrets=["hunter2-secret"]))
    log = logging.getLogger("tessera.test.logs")
    log.addHandler(handler)
    log.propagate = False
    token = current_request_id.set("req-77")
    try:
        log.warning("calling %s with hunter2-secret", "crm", extra={"system": "crm"})
    finally:
        current_request_id.reset(token)
        log.removeHandler(handler)
        log.propagate = True

    line = json.loads(stream.getvalue())
    assert next(iter(line)) == "time" and line["time"].endswith("+00:00")
    assert line["level"] == "WARNING"
    assert line["logger"] == "tessera.test.logs"
    assert line["message"] == f"calling crm with {REDACTED}"
    assert line["request_id"] == "req-77"
    assert line["system"] == "crm"


@pytest.fixture
async def secret_gateway(
    seeded_dir: Path,
) -> AsyncIterator[tuple[httpx.AsyncClient, dict[SourceSystem, Any]]]:
    """The gateway and sandbox sharing distinctive credentials, with a distinctive API key."""
    credentials = Credentials(
        crm_access_token=CRM_TOKEN,
        erp_access_token=ERP_TOKEN,
        billing_secret_key=BILLING_KEY,
        support_api_token=SUPPORT_TOKEN,
        support_email=SUPPORT_EMAIL,
    )
    sandboxes = {SourceSystem(n): app for n, app in runner.build_apps(seeded_dir, credentials).items()}
    settings = settings_with(
        api_keys={"ops": {"key": API_KEY, "scopes": sorted(ALL_SCOPES)}},
        crm={"access_token": CRM_TOKEN},
        erp={"access_token": ERP_TOKEN},
        billing={"secret_key": BILLING_KEY},
        support={"api_token": SUPPORT_TOKEN, "email": SUPPORT_EMAIL},
        cache={"enabled": False},
    )
    zendesk_basic = base64.b64encode(f"{SUPPORT_EMAIL}/token:{SUPPORT_TOKEN}".encode()).decode()
    assert sorted(configured_secrets(settings)) == sorted(
        [CRM_TOKEN, ERP_TOKEN, BILLING_KEY, SUPPORT_TOKEN, zendesk_basic, API_KEY]
    )
    transports = {system: httpx.ASGITransport(app=app) for system, app in sandboxes.items()}
    app = create_app(settings, transports=transports)
    async with (
        LifespanManager(app) as manager,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=manager.app),
            base_url="http://gw",
            headers={"Authorization": f"Bearer {API_KEY}"},
        ) as client,
    ):
        yield client, sandboxes


async def test_no_secret_reaches_a_log_an_answer_or_a_metric(
    captured: Captured,
    secret_gateway: tuple[httpx.AsyncClient, dict[SourceSystem, Any]],
    customer_id: str,
    universe: Universe,
) -> None:
    client, sandboxes = secret_gateway
    answers: list[httpx.Response] = []
    variables = {"id": customer_id}
    answers.append(await client.post("/graphql", json={"query": PROFILE, "variables": variables}))
    await put_faults(sandboxes[SourceSystem.BILLING], down=True)
    answers.append(await client.post("/graphql", json={"query": PROFILE, "variables": variables}))
    await put_faults(sandboxes[SourceSystem.BILLING])
    answers.append(
        await client.post(
            "/graphql",
            json={"query": PROFILE, "variables": variables},
            headers={"Authorization": f"Bearer {API_KEY}x"},
        )
    )
    credit = {"input": {**_credit_input(universe), "idempotencyKey": "logs-secret-1"}}
    answers.append(await client.post("/graphql", json={"query": CREDIT, "variables": credit}))
    answers.append(await client.get("/readyz"))
    answers.append(await client.get("/metrics"))

    assert [a.status_code for a in answers] == [200, 200, 401, 200, 200, 200]
    assert answers[1].json()["errors"][0]["extensions"]["code"] == "SOURCE_UNAVAILABLE"
    lines = captured.json_lines()
    access = [line for line in lines if line["logger"] == "tessera.access"]
    assert [line["outcome"] for line in access] == ["ok", "partial", "unauthenticated", "ok"]
    assert all(line["request_id"] for line in access)
    assert access[0]["operation"] == "Profile" and access[0]["latency_ms"] >= 0
    assert access[1]["error_codes"] == ["SOURCE_UNAVAILABLE"]
    audits = [line for line in lines if line["logger"] == "tessera.audit"]
    assert len(audits) == 1 and audits[0]["audit"]["mutation"] == "issueCredit"
    assert audits[0]["request_id"] == answers[3].headers["x-request-id"]

    support_basic = base64.b64encode(f"{SUPPORT_EMAIL}/token:{SUPPORT_TOKEN}".encode()).decode()
    haystacks = [
        captured.stream.getvalue(),
        *(json.dumps(record.__dict__, default=str) for record in captured.records),
        *(record.getMessage() for record in captured.records),
        *(a.text for a in answers),
        *(json.dumps(dict(a.headers)) for a in answers),
    ]
    assert len(captured.records) > 5
    for secret in (CRM_TOKEN, ERP_TOKEN, BILLING_KEY, SUPPORT_TOKEN, API_KEY, support_basic):
        leaks = [h for h in haystacks if secret in h]
        assert leaks == [], f"a secret leaked: {secret}"
