"""The CRM sandbox: a Salesforce REST imitation over one SQLite database.

It speaks a subset of the Salesforce REST API under `/services/data/vNN.N/`: SOQL queries (its own tokenizer
and recursive-descent parser) with `nextRecordsUrl` paging, sObject rows (GET/PATCH) and sObject Collections
(retrieve by GET/POST, update by PATCH) over Account, Contract, Opportunity and Entitlement, with
Salesforce's error arrays, `INVALID_SESSION_ID`, `REQUEST_LIMIT_EXCEEDED` and `Sforce-Limit-Info`.
"""
