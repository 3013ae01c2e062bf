"""The sandbox's fixed demo credentials; the gateway's default settings use the same values."""

# ruff: noqa: S105  (demo values, published in the README on purpose)

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Credentials:
    """What each sandbox system accepts. Demo values only: never real secrets."""

    crm_access_token: str = "00DTESSERA000001!demo-crm-access-token"
    billing_secret_key: str = "sk_test_tessera_demo_key"
    support_email: str = "agent@tessera.example"
    support_api_token: str = "tessera-demo-zendesk-api-token"
    support_oauth_token: str = "tessera-demo-zendesk-oauth-token"
    erp_access_token: str = "tessera-demo-netsuite-access-token"
    erp_account_id: str = "TSTDRV1234567"
