"""The support connector: Zendesk organizations, tickets (cases) with their SLA state, and SLA policies."""
