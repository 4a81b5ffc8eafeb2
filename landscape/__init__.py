"""landscape: a map of France's digital-inclusion landscape (domain library and CLI, no UI code)."""

__version__ = "0.1.0"
