"""The store: explicit schema, a faithful round trip, and builds that never half-happen."""

import hashlib
import shutil
import sqlite3

import pytest
import tomli_w

from landscape.dataset import datasets_dir, load_dir
from landscape.errors import RecordError
from landscape.store.database import Store, build
from tests.factories import tiny_map


def digest(path) -> str:
    """A hash of every row of every table: equal digests mean an unchanged database."""
    conn = sqlite3.connect(path)
    h = hashlib.sha256()
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"):
        for row in conn.execute(f"SELECT * FROM [{name}] ORDER BY 1, 2"):
            h.update(repr(row).encode())
    conn.close()
    return h.hexdigest()


def test_round_trip_is_exact(tiny_db):
    assert Store.open(tiny_db).map() == tiny_map()


def test_schema_is_explicit(tiny_db):
    db = Store.open(tiny_db).db
    assert db["actors"].pks == ["id"]
    assert {c.name: c.notnull for c in db["actors"].columns}["name"]
    fks = {(fk.column, fk.other_table) for fk in db["relations"].foreign_keys}
    assert fks == {("source", "actors"), ("target", "actors")}
    assert any(i.columns == ["departement_code"] for i in db["plans"].indexes)
    assert [fk.other_table for fk in db["plan_carriers"].foreign_keys] == ["actors", "plans"] or \
        {fk.other_table for fk in db["plan_carriers"].foreign_keys} == {"actors", "plans"}
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_enforced(tiny_db):
    db = Store.open(tiny_db).db
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO relations (id, source, target, kind) VALUES ('r', 'nobody', 'alpha', 'funds')")


def write_dataset(directory, data):
    """Write a MapData as dataset files, one TOML file per table."""
    for table in ("sources", "actors", "plans", "events", "relations", "competitors", "offers"):
        rows = [r.model_dump(mode="json", exclude_none=True) for r in data.table(table)]
        (directory / f"{table}.toml").write_text(tomli_w.dumps({table: rows}), encoding="utf-8")


def test_broken_dataset_leaves_existing_database_intact(tmp_path, tiny_db):
    directory = tmp_path / "ds"
    directory.mkdir()
    write_dataset(directory, tiny_map())
    shutil.copy(datasets_dir() / "departements.csv", directory)
    assert load_dir(directory).counts()["actors"] == 5
    before = digest(tiny_db)
    text = (directory / "relations.toml").read_text()
    (directory / "relations.toml").write_text(text.replace('target = "alpha"', 'target = "nobody"', 1))
    with pytest.raises(RecordError) as exc:
        build(tiny_db, directory=directory)
    assert "datasets/relations.toml" in str(exc.value) and "unknown actor 'nobody'" in str(exc.value)
    assert digest(tiny_db) == before
    assert not list(tmp_path.glob(".tiny.db.*"))


def test_failed_write_rolls_back(tiny_db):
    store = Store.open(tiny_db)
    before = digest(tiny_db)
    data = tiny_map()
    data.actors = data.actors[:-1]  # dept-64 is still referenced by a plan and a relation
    with pytest.raises(Exception):
        store.replace_map(data)
    assert digest(tiny_db) == before
    assert store.map() == tiny_map()


def test_generation_grows_with_writes(tiny_db):
    store = Store.open(tiny_db)
    g = store.generation()
    store.merge_map(tiny_map())
    assert store.generation() == g + 1


def test_rebuild_keeps_imported_places(tiny_db):
    store = Store.open(tiny_db)
    store.db["lieux"].insert({"origin": "test", "id": "p1", "pivot": "12345678901234", "nom": "Lieu",
                              "commune": "Pau", "code_postal": "64000", "adresse": "1 rue", "date_maj": "2024-01-01"})
    store.close()
    build(tiny_db, tiny_map())
    assert Store.open(tiny_db).db["lieux"].count == 1


def test_not_a_database(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("hello, I am not SQLite" * 100)
    from landscape.errors import LandscapeError
    with pytest.raises(LandscapeError, match="not a landscape database"):
        Store.open(bad)


def test_a_query_from_another_thread_waits_for_a_write_in_progress(tiny_db):
    """One connection shared with worker threads: a query never sees, nor joins, a half-done transaction."""
    import threading

    store = Store.open(tiny_db)
    seen = []
    worker = threading.Thread(target=lambda: seen.append(
        store.db.execute("SELECT name FROM actors WHERE id = 'alpha'").fetchone()[0]))
    with store.transaction() as db:
        db.execute("UPDATE actors SET name = 'half done' WHERE id = 'alpha'")
        worker.start()
        worker.join(timeout=0.3)
        assert worker.is_alive() and not seen  # waiting for the transaction to end
        db.execute("UPDATE actors SET name = 'Alpha Connect 2' WHERE id = 'alpha'")
    worker.join()
    assert seen == ["Alpha Connect 2"]


def test_a_database_that_cannot_be_created_leaves_nothing(tmp_path):
    from landscape.errors import LandscapeError
    (tmp_path / "plain-file").write_text("x")
    with pytest.raises(LandscapeError, match="cannot create the database .*not a folder"):
        Store.open(tmp_path / "plain-file" / "x.db")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plain-file"]
