"""SuiteQL for the ERP sandbox: tokenizer, parser, catalog of tables, compiler to SQLite and runner.

The subset: `SELECT col | BUILTIN.DF(col) [[AS] alias], ... FROM customer | transaction [alias]
[WHERE cond] [ORDER BY item [ASC|DESC], ...]` with comparisons, IN, LIKE, IS [NOT] NULL, AND, OR, NOT
and parentheses. Literals are bound as parameters, never spliced into SQL. Anything else is refused.
"""
