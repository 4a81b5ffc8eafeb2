"""Several processes on one database: writers queue, rebuilds happen on the live file, nothing is lost."""

from __future__ import annotations

import os
import sqlite3
import threading

import pytest

from landscape.store import database as store_module
from landscape.errors import LandscapeError
from landscape.io.snapshot import ParsedSnapshot, import_snapshot
from landscape.store.database import Store, build, build_fresh
from tests.factories import tiny_map

PLACE = {"origin": "test", "id": "p1", "pivot": "12345678901234", "nom": "Lieu", "commune": "Pau",
         "code_postal": "64000", "adresse": "1 rue", "date_maj": "2024-01-01"}


def hold_write(path, started: threading.Event, release: threading.Event, work=None):
    """In another connection (as another process would): take the write lock, do `work`, wait, commit."""
    other = Store.open(path)
    with other.transaction() as db:
        if work:
            work(db)
        started.set()
        release.wait(10)
    other.close()


def test_rebuild_waits_for_a_concurrent_write_and_keeps_it(tiny_db):
    """init --force during a places import: the import that reported success is in the final map."""
    inode = os.stat(tiny_db).st_ino
    reader = Store.open(tiny_db)  # a dashboard open during the rebuild
    assert reader.db.execute("SELECT count(*) FROM actors").fetchone()[0] == 5
    started, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=hold_write, args=(tiny_db, started, release,
                                                       lambda db: db["lieux"].insert(PLACE)))
    writer.start()
    assert started.wait(5)
    smaller = tiny_map()
    smaller.competitors = []
    rebuild = threading.Thread(target=build, args=(tiny_db, smaller))
    rebuild.start()
    rebuild.join(0.3)
    assert rebuild.is_alive()  # queued behind the import, not racing it
    release.set()
    writer.join()
    rebuild.join(10)
    assert not rebuild.is_alive()
    assert os.stat(tiny_db).st_ino == inode  # the same file: no rename over open readers
    assert reader.db.execute("SELECT count(*) FROM lieux").fetchone()[0] == 1
    assert reader.db.execute("SELECT count(*) FROM competitors").fetchone()[0] == 0  # the reader sees the new map
    assert reader.map().competitors == []


def test_a_second_writer_queues_instead_of_failing(tiny_db):
    """A write that reads before it writes (replace a source's places) waits for the lock, then succeeds."""
    from landscape.io.lieux import COLUMNS, replace_origin

    started, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=hold_write, args=(tiny_db, started, release))
    writer.start()
    assert started.wait(5)
    threading.Timer(0.6, release.set).start()
    second = Store.open(tiny_db)
    row = tuple(PLACE.get(c) for c in COLUMNS)
    with second.transaction() as db:
        assert replace_origin(db, "test", [row]) == 0
    writer.join()
    assert second.db.execute("SELECT count(*) FROM lieux").fetchone()[0] == 1


def test_a_writer_that_waits_too_long_fails_in_one_line(tiny_db, monkeypatch):
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT", 0.2)
    started, release = threading.Event(), threading.Event()
    writer = threading.Thread(target=hold_write, args=(tiny_db, started, release))
    writer.start()
    assert started.wait(5)
    try:
        second = Store.open(tiny_db)
        with pytest.raises(LandscapeError, match="another landscape process has been writing"):
            with second.transaction() as db:
                db.execute("DELETE FROM lieux")
    finally:
        release.set()
        writer.join()


def test_import_summary_is_counted_inside_its_transaction(tiny_db):
    """Two overlapping imports: the second one's summary counts what was there when it wrote."""
    from landscape.model.models import Actor

    extra = Actor(id="zeta", name="Zeta", kind="association", sources=[tiny_map().sources[0].id])
    started, release = threading.Event(), threading.Event()

    def add_zeta(db):
        db["actors"].insert({"id": "zeta", "name": extra.name, "kind": extra.kind, "aliases": "[]"})
        db["citations"].insert({"record_table": "actors", "record_id": "zeta", "source_id": extra.sources[0],
                                "position": 0})

    writer = threading.Thread(target=hold_write, args=(tiny_db, started, release, add_zeta))
    writer.start()
    assert started.wait(5)
    threading.Timer(0.4, release.set).start()
    second = Store.open(tiny_db)
    second.map()  # a cached read from before the first import committed
    summary = import_snapshot(second, ParsedSnapshot("snap.json", 1, None, tiny_map()), "replace")
    writer.join()
    assert summary["kinds"]["actors"]["removed"] == 1


def test_interrupted_builds_leave_nothing_behind(tiny_db):
    stale = tiny_db.parent / f".{tiny_db.name}.99999999.abc.tmp"
    stale.write_bytes(b"x" * 1000)
    (tiny_db.parent / f".{tiny_db.name}.99999999.abc.tmp-journal").write_bytes(b"j")
    build(tiny_db, tiny_map())
    assert not list(tiny_db.parent.glob(f".{tiny_db.name}.*"))


def test_fresh_rebuild_keeps_an_unreadable_file_aside(tmp_path):
    path = tmp_path / "broken.db"
    path.write_bytes(b"SQLite format 3\x00" + b"\xff" * 5000)
    with pytest.raises(LandscapeError, match="init --force --fresh"):
        build(path, tiny_map())
    kept = build_fresh(path, tiny_map())
    assert kept is not None and kept.read_bytes().startswith(b"SQLite format 3\x00\xff")
    assert Store.open(path).counts()["actors"] == 5


def test_rebuild_through_a_symlink_updates_the_real_file(tmp_path, tiny_db):
    link = tmp_path / "link.db"
    link.symlink_to(tiny_db)
    build(link, tiny_map())
    assert link.is_symlink()
    fresh = build_fresh(link, tiny_map())
    assert link.is_symlink() and fresh is not None
    assert sqlite3.connect(tiny_db).execute("SELECT count(*) FROM actors").fetchone()[0] == 5
