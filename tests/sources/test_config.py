from __future__ import annotations

import pytest
from pydantic import ValidationError

from sandbox.common.credentials import Credentials
from sources.config import BillingConfig, CacheConfig, CrmConfig, ErpConfig, SupportConfig


def test_defaults_are_the_sandbox_demo_credentials() -> None:
    demo = Credentials()
    assert CrmConfig().access_token.get_secret_value() == demo.crm_access_token
    assert ErpConfig().access_token.get_secret_value() == demo.erp_access_token
    assert ErpConfig().account_id == demo.erp_account_id
    assert BillingConfig().secret_key.get_secret_value() == demo.billing_secret_key
    assert SupportConfig().email == demo.support_email
    assert SupportConfig().api_token.get_secret_value() == demo.support_api_token


def test_defaults_point_at_the_sandbox_ports() -> None:
    assert CrmConfig().base_url.endswith(":8101")
    assert BillingConfig().base_url.endswith(":8102")
    assert SupportConfig().base_url.endswith(":8103")
    assert ErpConfig().base_url.endswith(":8104")
    assert CrmConfig().timeout_s == 2.0


def test_secrets_do_not_show_in_repr() -> None:
    assert "demo-crm-access-token" not in repr(CrmConfig())
    assert "sk_test" not in repr(BillingConfig())


def test_configs_are_frozen() -> None:
    config = CacheConfig()
    with pytest.raises(ValidationError):
        config.enabled = False  # type: ignore[misc]
    assert config.xref_ttl_s > config.crm_ttl_s
