"""Databases an older landscape made: every command reads them through the upgrade, never a raw SQL error.

`tests/data/schema1.sql` is a schema-1 file (the tables of an older version, with a few records, one of
them a source URL that version accepted and today's checks refuse) and one imported place.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from landscape.errors import LandscapeError
from landscape.paths import fingerprint
from landscape.store.database import Store, build
from landscape.store.summary import OutOfDate, open_readonly, read_summary

SCHEMA_1 = Path(__file__).parent / "data" / "schema1.sql"
HOSTILE_URL = "https://senat.fr./rap/r21-778/r21-7782.html"


def schema1_db(tmp_path: Path, **meta: str) -> Path:
    """A schema-1 database as an older landscape left it; `meta` adds keys (imported_from, base)."""
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_1.read_text(encoding="utf-8"))
    conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
    conn.commit()
    conn.close()
    return path


def meta_of(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT key, value FROM meta"))
    finally:
        conn.close()


def one_line(err: str) -> bool:
    return err.count("\n") <= 1 and "Traceback" not in err and "no such column" not in err


def test_the_fixture_is_the_old_layout_with_a_record_today_refuses(tmp_path):
    path = schema1_db(tmp_path)
    conn = sqlite3.connect(path)
    columns = {r[1] for r in conn.execute("PRAGMA table_info(plans)")}
    assert "lead" in columns and "generation" not in columns
    assert conn.execute("SELECT url FROM sources WHERE id = 'senat-r21-778-2'").fetchone()[0] == HOSTILE_URL
    conn.close()
    assert meta_of(path)["schema_version"] == "1" and "base" not in meta_of(path)


def test_an_old_map_built_from_the_bundled_datasets_is_rebuilt_from_todays(tmp_path, real_map):
    path = schema1_db(tmp_path)
    store = Store.open(path)
    try:
        meta = dict(store.db.execute("SELECT key, value FROM meta").fetchall())
        assert meta["schema_version"] == "2" and meta["base"] == "bundled" and meta["dataset_hash"] == fingerprint()
        assert store.counts() == real_map.counts()
        assert store.map().index("sources")["senat-r21-778-2"].url != HOSTILE_URL
        assert store.db.execute("SELECT nom FROM lieux").fetchall() == [("Espace numérique des Aubiers",)]
        assert store.db.execute("SELECT population FROM departements WHERE code = '33'").fetchone()[0] == 1623749
        assert any("rebuilt from the bundled datasets" in n for n in store.notices)
    finally:
        store.close()


def test_the_users_changes_to_an_old_bundled_map_are_replayed_on_todays(cli, tmp_path):
    import json

    from landscape.store import journal

    path = schema1_db(tmp_path, base="bundled")  # as versions that recorded the base left it
    event = {"id": "2026-gironde-roadmap-signed", "date": "2026-11-20", "title": "Feuille de route signée",
             "kind": "governance", "scope": "departmental", "departement": "33", "actors": ["cd-gironde"],
             "sources": ["departements-fr-gironde-solidarites-numerique"]}
    conn = sqlite3.connect(path)
    journal.ensure_schema(conn)
    conn.execute("INSERT INTO journal (id, at, author, origin, action, record_table, record_id, after) "
                 "VALUES ('j1', '2026-11-20T10:00:00+00:00', 'me', 'cli', 'add', 'events', ?, ?)",
                 [event["id"], json.dumps(event)])
    conn.commit()
    conn.close()
    r = cli("show", event["id"], "--json", db=path)
    assert r.code == 0 and "rebuilt from the bundled datasets" in r.err, r.err
    assert r.json()["record"]["title"] == "Feuille de route signée"


@pytest.mark.parametrize("args", [
    ("stats",), ("stats", "--json"), ("list", "actors"), ("list", "plans", "--json"), ("show", "wetechcare"),
    ("show", "33"), ("show", "Gironde"), ("search", "gironde"), ("departements",), ("departement", "33"),
    ("brief", "wetechcare"), ("export", "--out", "-"), ("init", "--force"),
])
def test_every_command_reads_an_old_database_through_the_upgrade(cli, tmp_path, args):
    path = schema1_db(tmp_path)
    r = cli(*args, db=path)
    assert r.code == 0 and one_line(r.err), r.err
    assert meta_of(path)["schema_version"] == "2"
    again = cli(*args, db=path)  # now a current file: no notice, the same answer
    assert again.code == 0 and again.err == "", again.err
    if args[0] not in ("init", "export"):  # (they print the time)
        assert again.out == r.out


def test_an_old_map_of_unknown_origin_says_how_to_rebuild_it(cli, tmp_path):
    path = schema1_db(tmp_path, imported_from="team-map.json")  # a snapshot went in: not only the bundled map
    for args in (("stats",), ("show", "33"), ("search", "gironde"), ("departements",), ("list", "sources")):
        r = cli(*args, db=path)
        assert r.code == 2 and r.err.count("\n") == 1, (args, r.err)
        assert "senat-r21-778-2" in r.err and "'url'" in r.err and "landscape init --force" in r.err, r.err
    assert meta_of(path)["schema_version"] == "1"  # left as it was
    r = cli("init", "--force", db=path)
    assert r.code == 0, r.err
    assert meta_of(path)["schema_version"] == "2" and cli("stats", "--json", db=path).json()["lieux"] == 1


def test_build_brings_an_old_layout_up_and_keeps_the_users_tables(tmp_path):
    from landscape.store import journal

    path = schema1_db(tmp_path, imported_from="team-map.json")
    conn = sqlite3.connect(path)
    journal.ensure_schema(conn)
    conn.execute("INSERT INTO notes VALUES ('n1', 'actors', 'wetechcare', '2025-01-02', 'Call back', 'me')")
    conn.commit()
    conn.close()
    build(path)
    store = Store.open(path)
    try:
        assert {"generation", "title_fr", "signed"} <= {c.name for c in store.db["plans"].columns}
        assert "lead" not in {c.name for c in store.db["plans"].columns}
        assert store.db["plan_carriers"].exists() and store.meta("schema_version") == "2"
        assert store.db.execute("SELECT text FROM notes").fetchall() == [("Call back",)]
        assert store.db.execute("SELECT count(*) FROM lieux").fetchone()[0] == 1
        assert store.map().counts()["plans"] > 2
    finally:
        store.close()


def test_the_light_readers_ask_for_the_store_instead_of_failing_on_a_column(tmp_path):
    from landscape.analysis.search import SearchIndex

    path = schema1_db(tmp_path)
    for read in (open_readonly, read_summary, SearchIndex.from_db):
        with pytest.raises(OutOfDate, match="made by an older landscape"):
            read(path)
    Store.open(path).close()
    assert read_summary(path, "wetechcare").focal.id == "wetechcare"


def test_the_fast_paths_rebuild_a_map_from_older_bundled_datasets(cli, tmp_path):
    path = tmp_path / "bundled.db"
    build(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE meta SET value = 'an-older-hash' WHERE key = 'dataset_hash'")
        conn.execute("DELETE FROM meta WHERE key = 'dataset_stamp'")  # older versions did not write it
        conn.execute("DELETE FROM citations WHERE record_table = 'offers'")  # what the older datasets lacked
        conn.execute("DELETE FROM offers")
    conn.close()
    with pytest.raises(OutOfDate, match="bundled datasets of an older version"):
        open_readonly(path)
    r = cli("stats", "--json", db=path)
    assert r.code == 0 and "the bundled datasets changed" in r.err
    assert r.json()["offers"] > 0 and meta_of(path)["dataset_hash"] == fingerprint()


def test_the_dashboard_command_upgrades_an_old_database_before_opening(cli, tmp_path, monkeypatch):
    import tui.app

    path = schema1_db(tmp_path)
    opened = []
    monkeypatch.setattr(tui.app, "run_app", lambda db, **_: opened.append(meta_of(db)["schema_version"]))
    r = cli("tui", db=path)
    assert r.code == 0 and opened == ["2"] and one_line(r.err), r.err


async def test_the_dashboard_shows_an_old_database_once_upgraded(tmp_path):
    from tests.tui_helpers import make_app, settle

    path = schema1_db(tmp_path)
    app = make_app(path, focal="wetechcare")
    async with app.run_test() as pilot:
        assert app.summary is None  # the light reader leaves an old file to the store
        await settle(app, pilot)
        assert app.load_error is None and app.data is not None
        assert f"{len(app.data.actors)} actors" in app.screen.query_one("#counts").render().plain


def test_an_upgrade_error_is_a_landscape_error(tmp_path):
    path = schema1_db(tmp_path, base="/somewhere/datasets")
    with pytest.raises(LandscapeError, match="init --force"):
        Store.open(path)


def test_the_datasets_stamp_vouches_only_for_unchanged_files(tmp_path, monkeypatch):
    import os

    from landscape import paths

    folder = tmp_path / "datasets"
    folder.mkdir()
    (folder / "actors.toml").write_text("a = 1\n")
    meta = {"dataset_stamp": paths.dataset_stamp(folder), "dataset_hash": paths.fingerprint(folder)}
    monkeypatch.setattr(paths, "datasets_dir", lambda: folder)
    assert paths.built_from_current_datasets(meta)
    (folder / "actors.toml").write_text("a = 2\n")  # same size, new content
    os.utime(folder / "actors.toml", ns=(1, 1))
    assert paths.dataset_stamp(folder) != meta["dataset_stamp"] and not paths.built_from_current_datasets(meta)
    (folder / "actors.toml").write_text("a = 1\n")  # the same content again, touched: the hash decides
    assert paths.built_from_current_datasets(meta)
    assert not paths.built_from_current_datasets({"dataset_hash": "older"})


def test_opening_a_map_built_without_the_stamp_adds_it_and_keeps_the_generation(tmp_path):
    from landscape.paths import dataset_stamp
    from landscape.store.database import Store

    path = tmp_path / "bundled.db"
    build(path)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DELETE FROM meta WHERE key = 'dataset_stamp'")  # as a version before the stamp built it
    conn.close()
    generation = meta_of(path)["generation"]
    Store.open(path).close()
    meta = meta_of(path)
    assert meta["dataset_stamp"] == dataset_stamp() and meta["generation"] == generation
    with sqlite3.connect(path) as c:
        c.execute("UPDATE meta SET value = 'touched' WHERE key = 'dataset_stamp'")  # the files touched since
    locker = sqlite3.connect(path, isolation_level=None)
    locker.execute("BEGIN IMMEDIATE")  # another process writing: the stamp is left for another day
    try:
        Store.open(path).close()
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert meta_of(path)["dataset_stamp"] == "touched"
