"""Shared fixtures: a hand-built map, the real curated map, and an in-process CLI runner."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from landscape.dataset import load_dir
from landscape.store.database import Store, build
from tests.factories import tiny_map


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory, monkeypatch):
    """Never touch the user's real database, settings or exports."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("LANDSCAPE_DB", str(home / "default.db"))
    monkeypatch.setenv("LANDSCAPE_CONFIG", str(home / "settings.json"))
    monkeypatch.setenv("LANDSCAPE_EXPORTS", str(home / "exports"))
    monkeypatch.setenv("LANG", "C.UTF-8")  # English unless a test asks for French
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    from landscape.i18n import set_lang

    set_lang("en")


@pytest.fixture(scope="session")
def real_map():
    return load_dir()


@pytest.fixture(scope="session")
def real_db_template(tmp_path_factory, real_map) -> Path:
    path = tmp_path_factory.mktemp("real") / "landscape.db"
    build(path, real_map)
    return path


@pytest.fixture
def real_db(tmp_path, real_db_template) -> Path:
    """A private copy of the database built from the curated datasets."""
    path = tmp_path / "landscape.db"
    src = Store.open(real_db_template)
    src.db.conn.execute("VACUUM INTO ?", [str(path)])
    src.close()
    return path


@pytest.fixture
def tiny_db(tmp_path) -> Path:
    path = tmp_path / "tiny.db"
    build(path, tiny_map())
    return path


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self):
        return json.loads(self.out)


@pytest.fixture
def cli(capsys, monkeypatch):
    """Run ``landscape ARGS`` in-process through the real entry point; returns code, stdout, stderr."""
    from tui.command import run  # the console script's entry point: the CLI plus the dashboard

    def invoke(*args: str, db: Path | None = None, stdin: str | None = None) -> Result:
        argv = ["landscape", *(["--db", str(db)] if db else []), *map(str, args)]
        monkeypatch.setattr(sys, "argv", argv)
        if stdin is not None:
            import io
            monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            run()
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return invoke
