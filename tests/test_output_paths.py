"""Output paths: never over the database or a special file, through symlinks, modes kept, atomic (issue 10, item 7)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from landscape.errors import LandscapeError
from landscape.io.files import write_atomic
from landscape.store.database import Store
from tests.test_opendata import csv_bytes, db_hash, place

WRITERS = {
    "export": lambda out: ["export", "--out", out],
    "brief": lambda out: ["brief", "alpha", "--out", out],
    "brief-md": lambda out: ["brief", "alpha", "--markdown", "--out", out],
    "report": lambda out: ["fetch", "lieux", "--file", "{csv}", "--report", out],
}


def run_writer(cli, db: Path, tmp_path: Path, writer: str, out: Path):
    places = tmp_path / "places.csv"
    places.write_bytes(csv_bytes([place(1), place(2, pivot="bad")]))
    args = [str(places) if a == "{csv}" else a for a in WRITERS[writer](out)]
    return cli(*args, db=db)


def one_line(r) -> None:
    assert r.code == 2 and r.err.startswith("landscape: error: ") and r.err.count("\n") == 1, r.err


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("suffix", ["", "-wal", "-shm", "-journal"])
def test_never_over_the_database_or_its_files(cli, tiny_db, tmp_path, writer, suffix):
    Store.open(tiny_db).close()
    target = Path(f"{tiny_db}{suffix}")
    digest = db_hash(Store.open(tiny_db))
    r = run_writer(cli, tiny_db, tmp_path, writer, target)
    one_line(r)
    assert "refused" in r.err and "database" in r.err
    if target.exists():  # SQLite's own -wal and -shm come and go; none holds what the command would write
        assert not target.read_bytes().startswith((b"{", b"#", b"Alpha", b"line,"))
    assert db_hash(Store.open(tiny_db)) == digest


@pytest.mark.parametrize("writer", ["export", "brief", "report"])
def test_never_over_the_database_through_a_symlink_or_a_hard_link(cli, tiny_db, tmp_path, writer):
    link = tmp_path / "innocent.json"
    link.symlink_to(tiny_db)
    hard = tmp_path / "hard.json"
    os.link(tiny_db, hard)
    digest = db_hash(Store.open(tiny_db))
    for target in (link, hard):
        r = run_writer(cli, tiny_db, tmp_path, writer, target)
        one_line(r)
        assert "refused" in r.err
    assert link.is_symlink() and db_hash(Store.open(tiny_db)) == digest


def test_never_over_another_sqlite_database(cli, tiny_db, tmp_path, real_db):
    before = real_db.read_bytes()
    r = cli("export", "--out", real_db, db=tiny_db)
    one_line(r)
    assert "SQLite database" in r.err and real_db.read_bytes() == before


@pytest.mark.parametrize("writer", WRITERS)
def test_never_over_a_device_a_fifo_or_a_folder(cli, tiny_db, tmp_path, writer):
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    for target in (Path("/dev/null"), fifo, folder):
        r = run_writer(cli, tiny_db, tmp_path, writer, target)
        one_line(r)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode) and stat.S_ISFIFO(os.stat(fifo).st_mode) and folder.is_dir()


@pytest.mark.parametrize("writer", WRITERS)
def test_a_symlink_is_written_through(cli, tiny_db, tmp_path, writer):
    real = tmp_path / "real" / "out.txt"
    real.parent.mkdir()
    real.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    r = run_writer(cli, tiny_db, tmp_path, writer, link)
    assert r.code == 0, r.err
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() != "old" and real.stat().st_size > 0
    assert sorted(p.name for p in real.parent.iterdir()) == ["out.txt"]  # no temporary file left


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o600, 0o664])
def test_an_existing_file_keeps_its_mode(cli, tiny_db, tmp_path, mode):
    out = tmp_path / "map.json"
    out.write_text("{}")
    out.chmod(mode)
    r = cli("export", "--out", out, db=tiny_db)
    assert r.code == 0, r.err
    assert stat.S_IMODE(out.stat().st_mode) == mode and json.loads(out.read_text())["schema_version"] == 2


def test_a_new_file_gets_the_usual_mode(tmp_path):
    old = os.umask(0o022)
    try:
        path = write_atomic(tmp_path / "new.txt", b"x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "keep.txt"
    out.write_text("precious")

    def fail(*args):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(out, b"new")
    assert out.read_text() == "precious" and [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_export_to_dash_writes_to_stdout(cli, tiny_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("export", "--out", "-", db=tiny_db)
    assert r.code == 0 and json.loads(r.out)["schema_version"] == 2
    assert not (tmp_path / "-").exists()
    r = cli("brief", "alpha", "--markdown", "--out", "-", db=tiny_db)
    assert r.code == 0 and r.out.startswith("# Alpha Connect") and not (tmp_path / "-").exists()


def test_the_library_refuses_databases_it_is_told_about(tmp_path):
    db = tmp_path / "x.db"
    with pytest.raises(LandscapeError, match="database"):
        write_atomic(tmp_path / "x.db-wal", b"x", databases=[db])


def test_the_dashboards_exports_use_the_same_function(tmp_path, monkeypatch):
    import tui.export

    monkeypatch.setenv("LANDSCAPE_EXPORTS", str(tmp_path))
    assert tui.export.write_atomic is write_atomic
    path = tui.export.write_export("actors", {"rows": []})
    assert path.parent == tmp_path and json.loads(path.read_text())["rows"] == []
