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


def test_call_policy_defaults_are_sane() -> None:
    from sources.config import CallPolicy

    policy = CrmConfig().policy
    assert policy == CallPolicy()
    assert policy.max_attempts == 3 and policy.backoff_base_s < policy.backoff_max_s
    assert policy.breaker_failure_threshold >= 3 and policy.breaker_reset_s > 0
    assert CrmConfig().connect_timeout_s <= CrmConfig().timeout_s
    assert CacheConfig().max_stale_s >= 0


def test_policies_are_per_system() -> None:
    from sources.config import CallPolicy

    crm = CrmConfig(policy=CallPolicy(max_attempts=1))
    assert crm.policy.max_attempts == 1 and BillingConfig().policy.max_attempts == 3


def test_the_registry_reports_every_circuit() -> None:
    import httpx

    from domain.systems import SourceSystem
    from sources.billing.client import BillingSource
    from sources.cache import SourceCache
    from sources.crm.client import CrmSource
    from sources.erp.client import ErpSource
    from sources.registry import Sources
    from sources.support.client import SupportSource

    client = httpx.AsyncClient(base_url="http://unused.test")
    cache = SourceCache(CacheConfig())
    sources = Sources(
        crm=CrmSource(client, CrmConfig(), cache),
        erp=ErpSource(client, ErpConfig(), cache),
        billing=BillingSource(client, BillingConfig(), cache),
        support=SupportSource(client, SupportConfig(), cache),
    )
    assert sources.circuit_states() == {system: "closed" for system in SourceSystem}
