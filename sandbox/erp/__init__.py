"""The ERP sandbox: a NetSuite SuiteTalk REST imitation under `/services/rest/`.

It speaks a faithful subset of NetSuite's dialect: OAuth 2.0 bearer auth, the customer, invoice and
creditMemo records (GET, customer PATCH, collection paging with limit/offset), SuiteQL over the customer
and transaction tables (`POST /query/v1/suiteql` with `Prefer: transient`), and `o:errorDetails` errors.
"""
