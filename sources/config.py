"""Connection settings of each source and of the process-wide cache, as frozen value objects.

Defaults point at the sandbox on its default ports with its published demo credentials, so the demo needs
no configuration; `app` builds these from the environment for a real deployment.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SourceConfig(_Frozen):
    """What every connector's configuration has: where the system is, its timeout, its connection pool."""

    base_url: str
    timeout_s: float = Field(default=2.0, gt=0)
    max_connections: int = Field(default=20, gt=0)


class CrmConfig(SourceConfig):
    """Salesforce REST: instance URL, API version and an OAuth access token."""

    base_url: str = "http://127.0.0.1:8101"
    api_version: str = "v60.0"
    access_token: SecretStr = SecretStr("00DTESSERA000001!demo-crm-access-token")


class ErpConfig(SourceConfig):
    """NetSuite REST and SuiteQL: account URL, account id and an OAuth 2.0 access token."""

    base_url: str = "http://127.0.0.1:8104"
    access_token: SecretStr = SecretStr("tessera-demo-netsuite-access-token")
    account_id: str = "TSTDRV1234567"
    in_limit: int = Field(default=1000, gt=0, le=1000)
    """Ids per SuiteQL `IN (...)` list (Oracle allows at most 1,000 expressions)."""


class BillingConfig(SourceConfig):
    """Stripe: API base URL and a secret key."""

    base_url: str = "http://127.0.0.1:8102"
    secret_key: SecretStr = SecretStr("sk_test_tessera_demo_key")
    api_version: str = "2023-08-16"
    """Sent as `Stripe-Version`, pinning the object shapes the payload models expect."""
    max_concurrency: int = Field(default=16, gt=0)


class SupportConfig(SourceConfig):
    """Zendesk Support: subdomain URL, agent email and API token."""

    base_url: str = "http://127.0.0.1:8103"
    email: str = "agent@tessera.example"
    api_token: SecretStr = SecretStr("tessera-demo-zendesk-api-token")
    max_concurrency: int = Field(default=16, gt=0)


class CacheConfig(_Frozen):
    """The process-wide TTL cache: size bound per (system, entity) and a TTL per kind of data."""

    enabled: bool = True
    maxsize: int = Field(default=50_000, gt=0)
    xref_ttl_s: float = Field(default=3600, ge=0)
    crm_ttl_s: float = Field(default=300, ge=0)
    erp_ttl_s: float = Field(default=120, ge=0)
    billing_ttl_s: float = Field(default=60, ge=0)
    support_ttl_s: float = Field(default=30, ge=0)
    sla_policies_ttl_s: float = Field(default=600, ge=0)
