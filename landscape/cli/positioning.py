"""CLI commands: positioning (being written)."""
