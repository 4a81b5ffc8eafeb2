"""CLI commands: fetch (being written)."""
