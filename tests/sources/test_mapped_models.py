"""Every domain model the connectors map from the sandbox's real answers is one its own validation accepts
unchanged: the mapping's shortcuts (shared Money instances among them) never bypass a domain invariant."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from sources.billing.client import BillingSource
from sources.cache import SourceCache
from sources.config import BillingConfig, CrmConfig, ErpConfig, SupportConfig
from sources.context import CallContext
from sources.crm.client import CrmSource
from sources.erp.client import ErpSource
from sources.results import Fetched, Outcome
from sources.support.client import SupportSource
from tests.sources.conftest import ClientFor
from tests.support.sandbox import Sandbox

CUSTOMERS = 40


def models(value: Any) -> Iterator[BaseModel]:
    """`value`'s models, nested ones included."""
    if isinstance(value, BaseModel):
        yield value
        for field in type(value).model_fields:
            yield from models(getattr(value, field))
    elif isinstance(value, list | tuple):
        for item in value:
            yield from models(item)


def values(answers: dict[str, Outcome[Any]]) -> list[Any]:
    found = [answer.value for answer in answers.values() if isinstance(answer, Fetched)]
    assert len(found) == len(answers)
    return [value for value in found if value is not None]


async def test_mapped_models_equal_their_validated_selves(
    sandbox: Sandbox, client_for: ClientFor, cache: SourceCache, ctx: CallContext
) -> None:
    customers = sandbox.universe.customers[:CUSTOMERS]
    crm = CrmSource(client_for(sandbox.crm, "http://crm.test"), CrmConfig(), cache)
    erp = ErpSource(client_for(sandbox.erp, "http://erp.test"), ErpConfig(), cache)
    billing = BillingSource(client_for(sandbox.billing, "http://billing.test"), BillingConfig(), cache)
    support = SupportSource(client_for(sandbox.support, "http://support.test"), SupportConfig(), cache)
    accounts = [c.account_id for c in customers]
    stripe = [c.billing_id for c in customers]
    orgs = [str(c.support_org_id) for c in customers]
    mapped = [
        *values(await crm.accounts(accounts, ctx)),
        *values(await crm.contracts(accounts, ctx)),
        *values(await crm.entitlements(accounts, ctx)),
        *values(await erp.legal_entities([str(c.erp_id) for c in customers], ctx)),
        *values(await billing.customers(stripe, ctx)),
        *values(await billing.subscriptions(stripe, ctx)),
        *values(await billing.invoices(stripe, ctx)),
        *values(await support.organizations(orgs, ctx)),
        *values(await support.cases(orgs, ctx)),
    ]
    sla = await support.sla_policies(ctx)
    assert isinstance(sla, Fetched)
    mapped.append(sla.value)

    checked: dict[str, int] = {}
    for model in models(mapped):
        assert type(model).model_validate(model.model_dump()) == model
        checked[type(model).__name__] = checked.get(type(model).__name__, 0) + 1
    assert set(checked) >= {
        "Account",
        "Contract",
        "Entitlement",
        "LegalEntity",
        "BillingCustomer",
        "Subscription",
        "SubscriptionItem",
        "Invoice",
        "Money",
        "SupportOrganization",
        "Case",
        "SlaPolicy",
        "SlaTarget",
    }
