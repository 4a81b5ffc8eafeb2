"""CLI commands: snapshot (being written)."""
