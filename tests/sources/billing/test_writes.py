from __future__ import annotations

import pytest

from domain.models import CreditNoteReason, InvoiceStatus
from domain.money import Money
from domain.writes import ItemChange, WriteInvalid, check_credit
from sandbox.seed.model import Customer, Invoice
from sources.billing.client import BillingSource
from sources.cache import SourceCache
from sources.config import BillingConfig, CacheConfig
from sources.errors import SourceNotFound, SourceRejected
from sources.results import Fetched
from tests.sources.conftest import WriteRig
from tests.sources.write_ops import CTX


def _open_invoice(rig: WriteRig) -> tuple[Customer, Invoice]:
    return next(
        (c, i)
        for c in rig.sandbox.universe.customers
        for i in c.invoices
        if i.status == "open" and i.amount_remaining > 0
    )


async def test_issue_credit_reads_back_and_invalidates(rig: WriteRig) -> None:
    cache = SourceCache(CacheConfig())
    billing = BillingSource(rig.clients["billing"], BillingConfig(), cache)
    customer, seeded = _open_invoice(rig)
    before = (await billing.invoices([customer.billing_id], CTX))[customer.billing_id]
    assert isinstance(before, Fetched)
    note = await billing.issue_credit(
        seeded.id, Money.from_minor(100, seeded.currency), CreditNoteReason.DUPLICATE, "memo", "key-a", CTX
    )
    assert note.invoice_id == seeded.id and note.amount == Money.from_minor(100, seeded.currency)
    (write,) = (await rig.writes())["billing"]
    assert write["path"] == "/v1/credit_notes" and write["headers"]["idempotency-key"] == "key-a"
    after = (await billing.invoices([customer.billing_id], CTX))[customer.billing_id]
    assert isinstance(after, Fetched) and after.origin == "live" and after.value is not None
    invoice = next(i for i in after.value if i.id == seeded.id)
    assert invoice.amount_remaining == Money.from_minor(seeded.amount_remaining - 100, seeded.currency)


async def test_over_credit_is_a_rejection_naming_the_field(rig: WriteRig) -> None:
    billing = BillingSource(rig.clients["billing"], BillingConfig(), SourceCache(CacheConfig()))
    _, seeded = _open_invoice(rig)
    too_much = Money.from_minor(seeded.amount_remaining + 1, seeded.currency)
    with pytest.raises(SourceRejected) as raised:
        await billing.issue_credit(seeded.id, too_much, None, None, "key-b", CTX)
    assert raised.value.field == "amount"


async def test_validation_failure_writes_nothing(rig: WriteRig) -> None:
    billing = BillingSource(rig.clients["billing"], BillingConfig(), SourceCache(CacheConfig()))
    _, seeded = _open_invoice(rig)
    invoice = await billing.invoice(seeded.id, CTX)
    assert invoice is not None and invoice.status is InvoiceStatus.OPEN
    with pytest.raises(WriteInvalid):
        check_credit(invoice.amount_remaining + Money.of(1, invoice.currency), invoice)
    assert all(not found for found in (await rig.writes()).values())


async def test_amend_subscription_changes_quantity(rig: WriteRig) -> None:
    billing = BillingSource(rig.clients["billing"], BillingConfig(), SourceCache(CacheConfig()))
    sub = next(s for c in rig.sandbox.universe.customers for s in c.subscriptions if s.status == "active")
    item = sub.items[0]
    amended = await billing.amend_subscription(
        sub.id, [ItemChange.set_quantity(item.id, 77)], "none", "k", CTX
    )
    assert next(i for i in amended.items if i.id == item.id).quantity == 77
    (write,) = (await rig.writes())["billing"]
    assert "items%5B0%5D%5Bquantity%5D=77" in write["body"] or "items[0][quantity]=77" in write["body"]


async def test_reads_for_validation(rig: WriteRig) -> None:
    billing = BillingSource(rig.clients["billing"], BillingConfig(), SourceCache(CacheConfig()))
    sub = next(s for c in rig.sandbox.universe.customers for s in c.subscriptions)
    price = await billing.price(sub.items[0].price_id, CTX)
    assert price is not None and price.id == sub.items[0].price_id
    assert await billing.price("price_missing", CTX) is None
    assert await billing.subscription("sub_missing1", CTX) is None
    with pytest.raises(SourceNotFound):
        await billing.amend_subscription(
            "sub_missing1", [ItemChange.set_quantity("si_x1", 2)], "none", "k", CTX
        )
