"""The CRM account, with the ERP's legal customer joined through the cross-reference."""

from __future__ import annotations

import strawberry

from domain.models import Account as DomainAccount
from domain.models import Tier
from resolvers.execution import in_place, kept
from resolvers.fields import field
from resolvers.ledger import Entity
from resolvers.profile import CustomerProfile, Resolved
from resolvers.types.legal import LegalEntity


@strawberry.type(description="The customer's ids in the other systems of record, as the CRM records them.")
class ExternalIds:
    """The CRM's cross-reference."""

    erp_customer_id: strawberry.ID | None
    billing_customer_id: strawberry.ID | None
    support_org_id: strawberry.ID | None


@strawberry.type(
    description="The customer as the CRM (system of record for identity and engagement) knows it."
)
class Account:
    """CRM account; `id` is the Salesforce Account Id (the customer's id)."""

    id: strawberry.ID
    name: str
    industry: str | None
    type: str | None
    segment: str | None
    tier: Tier | None
    owner_id: strawberry.ID | None
    website: str | None
    parent_id: strawberry.ID | None
    external_ids: ExternalIds
    profile: strawberry.Private[CustomerProfile]

    @field(
        description="The legal customer from the ERP; null when the CRM names no ERP id.",
        graphql_type=LegalEntity | None,
    )
    @in_place
    @kept(lambda account: account.profile.kept_key((Entity.ACCOUNTS, Entity.LEGAL)))
    def legal(self) -> Resolved[LegalEntity | None]:
        """The ERP legal customer."""

        def build() -> LegalEntity | None:
            legal = self.profile.legal_now()
            return None if legal is None else LegalEntity.of(legal)

        return self.profile.when_ready((Entity.ACCOUNTS, Entity.LEGAL), build)

    @staticmethod
    def of(account: DomainAccount, profile: CustomerProfile) -> Account:
        """Build from the domain account."""
        return Account(
            id=strawberry.ID(account.id),
            name=account.name,
            industry=account.industry,
            type=account.type,
            segment=account.segment,
            tier=account.support_tier,
            owner_id=_id(account.owner_id),
            website=account.website,
            parent_id=_id(account.parent_id),
            external_ids=ExternalIds(
                erp_customer_id=_id(account.erp_customer_id),
                billing_customer_id=_id(account.billing_customer_id),
                support_org_id=_id(account.support_org_id),
            ),
            profile=profile,
        )


def _id(value: str | None) -> strawberry.ID | None:
    return None if value is None else strawberry.ID(value)
