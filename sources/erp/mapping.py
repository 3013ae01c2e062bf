"""NetSuite SuiteQL rows -> domain models. Pure; amounts are parsed from strings into Decimal exactly."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from domain.models import CreditHold, LegalEntity
from domain.money import Money
from sources.erp.payloads import CustomerRow


def decimal(text: str) -> Decimal:
    """A SuiteQL number string (Oracle style: ".5", "-.25", "1234.5") as an exact Decimal."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation as exc:
        raise ValueError(f"not a number: {text!r}") from exc
    if not value.is_finite():
        raise ValueError(f"not a finite number: {text!r}")
    return value


def to_legal_entity(row: CustomerRow) -> LegalEntity:
    """A customer row as the domain's LegalEntity (a missing amount is zero, a missing limit is none)."""
    currency = row.currency
    hold = row.creditholdoverride.lower() if row.creditholdoverride else CreditHold.AUTO.value
    days = row.daysoverduesearch
    return LegalEntity(
        erp_id=row.id,
        entity_id=row.entityid,
        legal_name=row.companyname,
        external_id=row.externalid,
        subsidiary=row.subsidiary,
        currency=currency,
        payment_terms=row.terms,
        credit_limit=Money.of(decimal(row.creditlimit), currency) if row.creditlimit else None,
        credit_hold=CreditHold(hold),
        balance=Money.of(decimal(row.balancesearch or "0"), currency),
        overdue_balance=Money.of(decimal(row.overduebalancesearch or "0"), currency),
        days_overdue=int(decimal(days)) if days else 0,
    )
