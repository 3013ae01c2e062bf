"""The SOQL subset: a tokenizer, a recursive-descent parser to an AST, and a compiler to SQLite SQL.

Stages follow the query's life: `lexer` (text to tokens), `parser` (tokens to `ast`), `compiler` (the AST
checked against the sObject schema and turned into one parameterized SQL statement). Every failure is a
`SalesforceError` with Salesforce's code, never a silent wrong answer.
"""
