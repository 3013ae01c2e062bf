"""Connection settings of each source and of the process-wide cache, as frozen value objects.

Defaults point at the sandbox on its default ports with its published demo credentials, so the demo needs
no configuration; `app` builds these from the environment for a real deployment.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, SecretStr


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class CallPolicy(_Frozen):
    """How the gateway calls one system: retries, backoff, rate-limit waits, concurrency, circuit breaker.

    Reads (GET, SOQL, the read-only POSTs such as SuiteQL) are retried on a timeout, an unreachable system,
    a 5xx or a rate limit; writes only where the vendor honours an idempotency key (Stripe). A malformed or
    wrongly shaped answer, a 4xx and "not found" are never retried.
    """

    max_attempts: int = Field(default=3, ge=1, le=10)
    """Attempts per read call, the first one included (1 = no retries)."""
    backoff_base_s: float = Field(default=0.1, ge=0)
    """Full-jitter exponential backoff: attempt n waits uniform(0, min(max, base * 2**(n-1)))."""
    backoff_max_s: float = Field(default=2.0, ge=0)
    retry_after_max_s: float = Field(default=5.0, ge=0)
    """The longest Retry-After a call waits for; a longer window fails the call with SOURCE_RATE_LIMITED."""
    rate_limit_default_s: float = Field(default=1.0, ge=0)
    """How long calls hold off after a rate-limit answer that names no Retry-After (Salesforce's 403)."""
    max_in_flight: int = Field(default=20, gt=0)
    """Upstream requests in flight to this system at once, over every caller."""
    breaker_failure_threshold: int = Field(default=5, ge=1)
    """Consecutive failed calls (timeout, unavailable, bad response; each after its retries) that open it."""
    breaker_reset_s: float = Field(default=30.0, gt=0)
    """How long the breaker stays open before it lets one probe call through."""


class SourceConfig(_Frozen):
    """What every connector's configuration has: where the system is, its timeouts, its connection pool and
    the policy of its calls."""

    base_url: str
    timeout_s: float = Field(default=2.0, gt=0)
    """The bound of one attempt (and its read timeout), clamped to the request's deadline."""
    connect_timeout_s: float = Field(default=1.0, gt=0)
    """The bound of establishing a connection (never more than `timeout_s`)."""
    max_connections: int = Field(default=20, gt=0)
    policy: CallPolicy = Field(default_factory=CallPolicy)


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
    max_stale_s: float = Field(default=300, ge=0)
    """How long past its TTL an answer is kept to be served (marked stale, with its age) when the live call
    fails; 0 turns stale-if-error off."""
