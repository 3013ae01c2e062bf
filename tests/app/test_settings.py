from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from app.settings import Settings
from sandbox.common.credentials import Credentials


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    for name in list(os.environ):
        if name.upper().startswith("TESSERA_"):
            monkeypatch.delenv(name)


def test_nested_values_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESSERA_CRM__BASE_URL", "https://acme.my.salesforce.com")
    monkeypatch.setenv("TESSERA_BILLING__SECRET_KEY", "sk_live_not_a_real_key")
    monkeypatch.setenv("TESSERA_SUPPORT__TIMEOUT_S", "0.5")
    monkeypatch.setenv("TESSERA_CACHE__ENABLED", "false")
    monkeypatch.setenv("TESSERA_PORT", "9000")
    monkeypatch.setenv("TESSERA_LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("TESSERA_GRAPHIQL", "false")

    settings = Settings()

    assert settings.crm.base_url == "https://acme.my.salesforce.com"
    assert settings.crm.api_version == "v60.0"  # untouched siblings keep their defaults
    assert settings.billing.secret_key.get_secret_value() == "sk_live_not_a_real_key"
    assert settings.support.timeout_s == 0.5
    assert settings.cache.enabled is False
    assert settings.port == 9000
    assert settings.log_level == "debug"
    assert settings.graphiql is False


def test_defaults_point_at_the_sandbox_with_its_demo_credentials() -> None:
    settings = Settings()
    demo = Credentials()

    assert settings.crm.access_token.get_secret_value() == demo.crm_access_token
    assert settings.erp.access_token.get_secret_value() == demo.erp_access_token
    assert settings.erp.account_id == demo.erp_account_id
    assert settings.billing.secret_key.get_secret_value() == demo.billing_secret_key
    assert settings.support.email == demo.support_email
    assert settings.support.api_token.get_secret_value() == demo.support_api_token
    assert [
        settings.crm.base_url,
        settings.billing.base_url,
        settings.support.base_url,
        settings.erp.base_url,
    ] == [
        "http://127.0.0.1:8101",
        "http://127.0.0.1:8102",
        "http://127.0.0.1:8103",
        "http://127.0.0.1:8104",
    ]
    assert (settings.host, settings.port, settings.log_level) == ("127.0.0.1", 8000, "info")
    assert settings.graphiql is True
    assert settings.max_customers_per_query == 200


def test_secrets_never_appear_in_the_settings_text() -> None:
    text = repr(Settings()) + str(Settings().model_dump())
    demo = Credentials()

    for secret in (
        demo.crm_access_token,
        demo.erp_access_token,
        demo.billing_secret_key,
        demo.support_api_token,
    ):
        assert secret not in text


def test_a_bad_value_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESSERA_CRM__TIMEOUT_S", "-1")

    with pytest.raises(ValidationError):
        Settings()


def test_unknown_nested_keys_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESSERA_CRM__BASE_ULR", "https://typo.example")

    with pytest.raises(ValidationError):
        Settings()


def _env_names(model: type[BaseModel], prefix: str) -> list[str]:
    names = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names += _env_names(annotation, f"{prefix}{name.upper()}__")
        else:
            names.append(f"{prefix}{name.upper()}")
    return names


def test_the_readme_documents_every_variable() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    names = _env_names(Settings, "TESSERA_")

    assert "TESSERA_CRM__BASE_URL" in names
    missing = [name for name in names if f"`{name}`" not in readme]
    assert missing == [], f"add these to the README's configuration table: {missing}"
