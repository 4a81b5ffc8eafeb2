"""User settings (focal actor, theme, open-data URLs), kept as JSON in the user's config directory."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import LandscapeError
from .files import write_atomic
from .paths import settings_path

class Settings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    focal_actor: str = "wetechcare"
    theme: str = "textual-dark"
    lieux_url: str | None = None  # None: the documented national dataset
    departements_url: str | None = None  # None: geo.api.gouv.fr


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        return Settings.model_validate(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return Settings()
    except (json.JSONDecodeError, UnicodeDecodeError, ValidationError) as exc:
        raise LandscapeError(f"{path}: unreadable settings ({str(exc).splitlines()[0]})") from None


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically (temporary file, then rename)."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, settings.model_dump_json(indent=2).encode())
    return path
