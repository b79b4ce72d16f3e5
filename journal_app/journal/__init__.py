"""The typed API of one open journal: records, schema, repositories, search. Owns all SQL."""
