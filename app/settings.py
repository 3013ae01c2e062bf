"""The gateway's settings, read from `TESSERA_*` environment variables when (and only when) built."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.auth import ApiKeyConfig
from resolvers.execution import MAX_KEPT
from sources.config import BillingConfig, CacheConfig, CrmConfig, ErpConfig, SupportConfig

LogLevel = Literal["critical", "error", "warning", "info", "debug"]
LogFormat = Literal["json", "text"]


class Settings(BaseSettings):
    """Everything the process needs; defaults point at the sandbox on its default ports.

    Nested values use `__`: `TESSERA_CRM__BASE_URL`, `TESSERA_BILLING__SECRET_KEY`.
    """

    model_config = SettingsConfigDict(
        env_prefix="TESSERA_",
        env_nested_delimiter="__",
        case_sensitive=False,
        extra="ignore",
        frozen=True,
    )

    crm: CrmConfig = Field(default_factory=CrmConfig)
    erp: ErpConfig = Field(default_factory=ErpConfig)
    billing: BillingConfig = Field(default_factory=BillingConfig)
    support: SupportConfig = Field(default_factory=SupportConfig)
    cache: CacheConfig = Field(default_factory=CacheConfig)
    host: str = "127.0.0.1"
    port: int = Field(default=8000, ge=0, le=65535)
    log_level: LogLevel = "info"
    log_format: LogFormat = "json"
    """`json`: one JSON object per record (time, level, logger, message, request_id); `text`: a terminal's."""
    graphiql: bool = True
    max_customers_per_query: int = Field(default=200, ge=1)
    request_deadline_s: float = Field(default=2.5, gt=0)
    """The whole request's budget: no upstream attempt starts, and no retry waits, past it."""
    planned_completion: bool = True
    """Complete plain fields (attributes, lists and objects of them) by a plan built once per query; false:
    every field goes through graphql-core's general path (the same answers, several times slower)."""
    kept_values: int = Field(default=MAX_KEPT, ge=0)
    """At most this many completed customer field values kept in the process (least recently used dropped
    first; a full profile keeps 11, about 47 KB); 0: none kept, every field built on every request."""
    otlp_endpoint: str | None = None
    """OTLP/HTTP collector base URL (`http://collector:4318`); unset: spans are made but not exported,
    unless the standard `OTEL_EXPORTER_OTLP_ENDPOINT` is set."""
    api_keys: dict[str, ApiKeyConfig] = Field(default_factory=dict)
    """API keys by name, as JSON: `{"console": {"key": "...", "scopes": ["profile:read"]}}`; none: all 401."""

    @field_validator("api_keys")
    @classmethod
    def _distinct_keys(cls, value: dict[str, ApiKeyConfig]) -> dict[str, ApiKeyConfig]:
        secrets = [config.key.get_secret_value() for config in value.values()]
        if len(set(secrets)) != len(secrets):
            raise ValueError("two API key names share one key")
        return value

    @field_validator("log_level", mode="before")
    @classmethod
    def _lower_log_level(cls, value: object) -> object:
        return value.lower() if isinstance(value, str) else value
