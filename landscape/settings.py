"""User settings (focal actor, theme, open-data URLs, download deadline), kept as JSON in the user's config directory."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from landscape.errors import LandscapeError
from landscape.i18n import N_, _
from landscape.io.files import write_file
from landscape.paths import settings_path

# A plain dataclass, not a pydantic model: the dashboard reads the settings before its first frame,
# and importing pydantic would cost more than drawing it. Types are still checked on every construction.


@dataclass
class Settings:
    focal_actor: str = "wetechcare"
    theme: str = "textual-dark"
    lieux_url: str | None = None  # None: the documented national dataset
    departements_url: str | None = None  # None: geo.api.gouv.fr
    user: str | None = None  # who the journal names as a change's author (None: the login name)
    lang: str | None = None  # "fr" or "en"; None: from the locale (LC_ALL, LC_MESSAGES, LANG)
    deadline: float | None = None  # seconds a download may take in all; None: limits.DEADLINE

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            optional = "None" in str(f.type)
            if optional and value is None:
                continue
            if "float" in str(f.type):
                if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 < value < 1e9:
                    raise ValueError(f"{f.name}: expected a positive number of seconds or null, got {value!r}")
                setattr(self, f.name, float(value))
            elif not isinstance(value, str):
                wanted = "a string or null" if optional else "a string"
                raise ValueError(f"{f.name}: expected {wanted}, got {type(value).__name__}")

    @property
    def download_deadline(self) -> float:
        """Seconds a download may take in all (the ``deadline`` setting, else the default)."""
        from landscape.io.limits import DEADLINE

        return self.deadline or DEADLINE

    @classmethod
    def from_json(cls, raw: Any) -> Settings:
        """Settings from a decoded JSON object; unknown keys are ignored (written by a newer landscape)."""
        if not isinstance(raw, dict):
            raise ValueError(f"expected an object, got {type(raw).__name__}")
        known = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=2)


UNREADABLE = N_("{path}: unreadable settings ({error})")


def load_settings(path: Path | None = None) -> Settings:
    path = path or settings_path()
    try:
        return Settings.from_json(json.loads(path.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return Settings()
    except (ValueError, UnicodeDecodeError) as exc:  # json.JSONDecodeError is a ValueError
        raise LandscapeError(_(UNREADABLE).format(path=path, error=(str(exc).splitlines() or ["?"])[0])) from None
    except RecursionError:
        raise LandscapeError(_(UNREADABLE).format(path=path, error=_("JSON nested too deeply"))) from None
    except OSError as exc:  # a folder, or a file this user may not read
        raise LandscapeError(_(UNREADABLE).format(path=path, error=exc.strerror or exc)) from None


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write the settings atomically (temporary file, then rename)."""
    path = path or settings_path()
    write_file(path, settings.to_json().encode(), what=N_("the settings"))
    return path
