"""Where landscape keeps its files."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP = "landscape"


def default_db_path() -> Path:
    """``LANDSCAPE_DB`` if set, else ``landscape.db`` in the platform's user data directory."""
    env = os.environ.get("LANDSCAPE_DB")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP, appauthor=False)) / "landscape.db"


def exports_dir() -> Path:
    """Where the TUI saves exports and briefs: ``LANDSCAPE_EXPORTS`` or the user's documents folder."""
    env = os.environ.get("LANDSCAPE_EXPORTS")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_documents_dir()) / "landscape"


def settings_path() -> Path:
    """The user's settings file (focal actor, theme, open-data URLs)."""
    env = os.environ.get("LANDSCAPE_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / "settings.json"
