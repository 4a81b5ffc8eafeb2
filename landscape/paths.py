"""Where landscape keeps its files."""

from __future__ import annotations

import hashlib
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


def datasets_dir() -> Path:
    """The curated datasets: shipped inside the wheel, or beside the package in a source checkout."""
    bundled = Path(__file__).resolve().parent / "datasets"
    if bundled.is_dir():
        return bundled
    return bundled.parent.parent / "datasets"


def fingerprint(directory: Path | None = None) -> str:
    """A hash of the curated files, to tell whether a database was built from them (a millisecond or two)."""
    directory = directory or datasets_dir()
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
