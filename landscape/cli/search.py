"""CLI commands: search (being written)."""
