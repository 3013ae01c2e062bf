from __future__ import annotations

import json

from sandbox.common.credentials import Credentials
from sandbox.erp.dialect import NetSuiteDialect

DIALECT = NetSuiteDialect(Credentials())


def test_only_the_oauth2_bearer_token_is_accepted():
    token = Credentials().erp_access_token
    assert DIALECT.authenticate({"authorization": f"Bearer {token}"})
    assert not DIALECT.authenticate({"authorization": "Bearer wrong"})
    assert not DIALECT.authenticate({"authorization": f"Basic {token}"})
    assert not DIALECT.authenticate({})


def test_unauthorized_is_netsuites_invalid_login():
    response = DIALECT.unauthorized()
    assert response.status_code == 401
    body = json.loads(bytes(response.body))
    assert body["type"] == "https://www.rfc-editor.org/rfc/rfc9110.html#section-15.5.2"
    assert body["title"] == "Unauthorized"
    detail = (
        "Invalid login attempt. For more details, see the Login Audit Trail in the NetSuite UI at "
        "Setup > Users/Roles > User Management > View Login Audit Trail."
    )
    assert body["o:errorDetails"] == [{"detail": detail, "o:errorCode": "INVALID_LOGIN"}]


def test_rate_limited_and_unavailable_use_the_error_shape():
    limited = DIALECT.rate_limited(1)
    assert limited.status_code == 429
    assert "retry-after" not in limited.headers
    assert json.loads(bytes(limited.body))["o:errorDetails"][0]["o:errorCode"] == "CONCURRENCY_LIMIT_EXCEEDED"
    down = DIALECT.unavailable()
    assert down.status_code == 503
    assert json.loads(bytes(down.body))["title"] == "Service Unavailable"
