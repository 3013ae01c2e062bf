"""The CRM connector: Salesforce REST and SOQL for accounts (the cross-reference), contracts, entitlements."""
