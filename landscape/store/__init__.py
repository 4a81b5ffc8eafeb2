"""The SQLite map: its schema and transactions, the one write path and its journal, the search index, fast stdlib reads."""
