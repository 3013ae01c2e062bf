"""NetSuite's reference lists the sandbox needs: currencies, terms, credit hold and transaction statuses."""

from __future__ import annotations

from typing import Final

# Internal ids follow a fresh NetSuite account's defaults, so ids seen here look like real ones.
CURRENCY_IDS: Final[dict[str, int]] = {"USD": 1, "GBP": 2, "CAD": 3, "EUR": 4}
CURRENCY_NAMES: Final[dict[int, str]] = {v: k for k, v in CURRENCY_IDS.items()}

TERMS_IDS: Final[dict[str, int]] = {
    "1% 10 Net 30": 1,
    "2% 10 Net 30": 2,
    "Due on receipt": 3,
    "Net 15": 4,
    "Net 30": 5,
    "Net 45": 6,
    "Net 60": 7,
}
TERMS_NAMES: Final[dict[int, str]] = {v: k for k, v in TERMS_IDS.items()}

CREDIT_HOLD_NAMES: Final[dict[str, str]] = {"AUTO": "Auto", "ON": "On", "OFF": "Off"}

INVOICE = "CustInvc"
CREDIT_MEMO = "CustCred"
TYPE_NAMES: Final[dict[str, str]] = {INVOICE: "Invoice", CREDIT_MEMO: "Credit Memo"}

# SuiteQL's transaction.status holds the one-letter code; records and BUILTIN.DF show the name.
STATUS_NAMES: Final[dict[tuple[str, str], str]] = {
    (INVOICE, "A"): "Open",
    (INVOICE, "B"): "Paid In Full",
    (CREDIT_MEMO, "A"): "Open",
    (CREDIT_MEMO, "B"): "Fully Applied",
}
