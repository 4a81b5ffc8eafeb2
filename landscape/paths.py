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


def datasets_dir() -> Path:
    """The curated datasets: shipped inside the wheel, or beside the package in a source checkout."""
    bundled = Path(__file__).resolve().parent / "datasets"
    if bundled.is_dir():
        return bundled
    return bundled.parent.parent / "datasets"


def fingerprint(directory: Path | None = None) -> str:
    """A hash of the curated files, to tell whether a database was built from them (a millisecond or two)."""
    directory = directory or datasets_dir()
    import hashlib  # rarely needed; importing it costs a few ms on every start

    digest = hashlib.sha256()
    for path in sorted(directory.glob("*")):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def dataset_stamp(directory: Path | None = None) -> str:
    """The curated files' names, sizes and modification times: a few stat calls, and it changes whenever a
    file's content may have."""
    directory = directory or datasets_dir()
    return ";".join(f"{path.name}:{st.st_size}:{st.st_mtime_ns}" for path in sorted(directory.glob("*"))
                    if path.is_file() and (st := path.stat()))


def built_from_current_datasets(meta: dict[str, str], stamp: str | None = None) -> bool:
    """Whether a map whose meta holds `dataset_hash` (and `dataset_stamp`) was built from today's bundled
    datasets: the stamp (today's, or `stamp` read already) answers at once when it matches, else the files
    are read and hashed."""
    if meta.get("dataset_stamp") and meta["dataset_stamp"] == (stamp if stamp is not None else dataset_stamp()):
        return True
    return meta.get("dataset_hash") == fingerprint()
