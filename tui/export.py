"""Exporting what a screen shows to a JSON file in the exports folder (written atomically)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

from landscape.io.files import write_atomic
from landscape.paths import exports_dir


def export_path(stem: str, now: dt.datetime | None = None, directory: Path | None = None) -> Path:
    """A new file name: the view's name and the time, never overwriting an earlier export."""
    now = now or dt.datetime.now()
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-") or "export"
    folder = directory or exports_dir()
    path = folder / f"{safe}-{now:%Y%m%d-%H%M%S}.json"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"{safe}-{now:%Y%m%d-%H%M%S}-{n}.json"
    return path


def write_export(stem: str, payload: dict[str, Any]) -> Path:
    """Write `payload` with when and what it was, and return the file's path."""
    now = dt.datetime.now(dt.timezone.utc).astimezone()
    document = {"exported_at": now.isoformat(timespec="seconds"), "exported_by": "landscape tui", **payload}
    path = export_path(stem, now.replace(tzinfo=None))
    write_atomic(path, (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return path
