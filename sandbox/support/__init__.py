"""The support system of record: an imitation of the Zendesk Support API (`/api/v2/`) over SQLite.

Speaks a subset of Zendesk's dialect: Basic `email/token:api_token` and Bearer auth; organizations (show,
show_many by ids or external_ids); an organization's tickets with cursor and offset paging; tickets (show,
show_many, update of status / priority / comment, comments list); ticket search (`type:ticket` with
organization, status, priority, tags, ticket_type, created/updated and free-text terms); SLA policies and
per-ticket SLA state (`include=slas`); X-Rate-Limit headers and 429 with Retry-After. See README.md.
"""
