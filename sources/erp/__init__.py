"""The ERP connector: NetSuite SuiteQL for the legal customer, credit terms and receivables."""
