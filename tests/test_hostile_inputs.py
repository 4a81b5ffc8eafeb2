"""Every command, on every input, exits 0, 1 (diff only) or 2 with one line on stderr (issue 10, items 4 and 9)."""

from __future__ import annotations

import json
import sqlite3
import time
import tracemalloc
from pathlib import Path

import pytest

from landscape.errors import LandscapeError
from landscape.io.lieux import STANDARD_FIELDS
from landscape.io.opendata import import_file
from landscape.store.database import Store
from tests.test_opendata import csv_bytes, db_hash, place

NESTED = "[" * 100_000


def one_line(r, code: int = 2) -> None:
    assert r.code == code, (r.code, r.err)
    assert r.err.startswith("landscape: error: ") and r.err.count("\n") == 1, r.err
    assert "Traceback" not in r.err


# --- item 4: tracebacks ---------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["import", "import-", "diff", "diff-new", "fetch-json", "fetch-csv-name"])
def test_deeply_nested_json_is_one_line(cli, tiny_db, tmp_path, how):
    path = tmp_path / "deep.json"
    path.write_text(NESTED)
    (tmp_path / "deep.csv").write_text(NESTED)
    before = db_hash(Store.open(tiny_db))
    args = {"import": (["import", path, "--merge"], None), "import-": (["import", "-", "--merge"], NESTED),
            "diff": (["diff", path], None), "diff-new": (["diff", path, path], None),
            "fetch-json": (["fetch", "lieux", "--file", path], None),
            "fetch-csv-name": (["fetch", "lieux", "--file", tmp_path / "deep.csv"], None)}[how]
    r = cli(*args[0], db=tiny_db, stdin=args[1])
    one_line(r)
    assert "nested too deeply" in r.err
    assert db_hash(Store.open(tiny_db)) == before


@pytest.mark.parametrize("body", [
    b"id," + b"x" * (200 * 1024) + b"\n1,2\n",                       # one header cell over the csv field limit
    b"id,pivot,nom," + b'"' + b"y" * (140 * 1024) + b"\n",           # an unterminated quote in the header
    b"\0" * (300 * 1000),                                             # NULs
    csv_bytes([place(1)])[:-2] + b"\0\0\r\n",                         # a NUL inside a good file
])
def test_broken_csv_headers_and_nuls_are_one_line(cli, tiny_db, tmp_path, body):
    path = tmp_path / "bad.csv"
    path.write_bytes(body)
    before = db_hash(Store.open(tiny_db))
    r = cli("fetch", "lieux", "--file", path, db=tiny_db)
    one_line(r)
    assert db_hash(Store.open(tiny_db)) == before


def test_a_field_over_the_csv_limit_in_a_row_is_one_line(cli, tiny_db, tmp_path):
    path = tmp_path / "big-cell.csv"
    path.write_bytes(csv_bytes([place(1), place(2, nom="n" * (200 * 1024))]))
    r = cli("fetch", "lieux", "--file", path, db=tiny_db)
    one_line(r)
    assert "line 3" in r.err


@pytest.mark.parametrize("value", ["abc", "", "-1", "1.5", "0"])
@pytest.mark.parametrize("command", [["stats"], ["show", "alpha"], ["list", "actors"], ["search", "alpha"],
                                     ["export"], ["tui"], ["fetch", "lieux", "--file", "x.csv"]])
def test_a_schema_version_that_is_not_a_number_is_one_line(cli, tiny_db, value, command):
    with sqlite3.connect(tiny_db) as conn:
        conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [value])
    r = cli(*command, db=tiny_db)
    one_line(r)
    assert "not a landscape database" in r.err and "schema_version" in r.err


def test_an_unforeseen_error_is_one_line_with_a_hint_and_debug_shows_the_traceback(cli, tiny_db, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("something\nbroke\x1b]52;c;x\x07")
    monkeypatch.setattr("landscape.analysis.profile.profile", boom)  # show imports it when it runs
    r = cli("show", "alpha", db=tiny_db)
    one_line(r)
    assert r.err == ("landscape: error: unexpected RuntimeError: something broke\\x1b]52;c;x\\x07 "
                     "(rerun with --debug for the traceback)\n")
    r = cli("--debug", "show", "alpha", db=tiny_db)
    assert r.code == 2 and "Traceback" in r.err and "RuntimeError" in r.err
    assert r.err.endswith("(rerun with --debug for the traceback)\n")
    r = cli("show", "alpha", db=tiny_db)  # --debug does not stick to the next run
    assert "Traceback" not in r.err


# --- item 9: the same checks and caps on every path in ----------------------------------------------

def _lieu(**values) -> dict:
    row = dict.fromkeys(STANDARD_FIELDS)
    row.update(origin="test", id="lieu-1", pivot="43493312300029", nom="Médiathèque", commune="Pau",
               code_postal="64000", code_insee="64445", adresse="1 rue X", date_maj="2024-01-01",
               latitude=43.3, longitude=-0.37, departement_code="64")
    row.update(values)
    return row


def _snapshot_with(cli, db: Path, tmp_path: Path, lieu: dict) -> Path:
    doc = json.loads(cli("export", db=db).out)
    doc["lieux"] = [lieu]
    path = tmp_path / "with-lieux.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_a_clean_place_in_a_snapshot_imports(cli, tiny_db, tmp_path):
    path = _snapshot_with(cli, tiny_db, tmp_path, _lieu())
    r = cli("import", path, "--merge", db=tiny_db)
    assert r.code == 0, r.err
    assert Store.open(tiny_db).db.execute("SELECT nom FROM lieux").fetchall() == [("Médiathèque",)]


def test_a_place_with_no_departement_imports_as_fetch_keeps_it(cli, tiny_db, tmp_path):
    path = _snapshot_with(cli, tiny_db, tmp_path, _lieu(code_postal="99999", code_insee=None, departement_code=None))
    r = cli("import", path, "--merge", db=tiny_db)
    assert r.code == 0, r.err


@pytest.mark.parametrize("values, field", [
    ({"pivot": "not-a-siret"}, "pivot"),
    ({"code_postal": "nope"}, "code_postal"),
    ({"date_maj": "yesterday"}, "date_maj"),
    ({"departement_code": "ZZ"}, "departement_code"),
    ({"departement_code": "33"}, "departement_code"),
    ({"nom": "N" * (5 * 1024 * 1024)}, "nom"),
    ({"nom": "Evil\x1b]52;c;U1JD\x07"}, "nom"),
    ({"nom": "Evil \u202egnp.exe"}, "nom"),
    ({"presentation_detail": "a\x9bb"}, "presentation_detail"),
    ({"services": "Not a service"}, "services"),
    ({"origin": "x\x1b[2J"}, "origin"),
])
def test_snapshot_places_pass_the_standards_checks(cli, tiny_db, tmp_path, values, field):
    path = _snapshot_with(cli, tiny_db, tmp_path, _lieu(**values))
    before = db_hash(Store.open(tiny_db))
    r = cli("import", path, "--merge", db=tiny_db)
    one_line(r)
    assert f"lieu 'lieu-1', field '{field}'" in r.err
    assert "\x1b" not in r.err and "\u202e" not in r.err
    assert db_hash(Store.open(tiny_db)) == before


@pytest.mark.parametrize("values, field", [({"nom": "Evil\x1b]52;c;U1JD\x07"}, "nom"),
                                           ({"nom": "N" * 5000}, "nom"),
                                           ({"adresse": "1 rue \u202eX"}, "adresse")])
def test_fetch_refuses_the_same_places(tmp_path, tiny_db, values, field):
    path = tmp_path / "places.csv"
    path.write_bytes(csv_bytes([place(1), place(2, **values)]))
    store = Store.open(tiny_db)
    result = import_file(store, path, origin="places.csv", report=tmp_path / "report.csv")
    assert (result.imported, result.rejected) == (1, 1)
    assert [(p.id, p.field) for p in result.problems] == [("lieu-2", field)]


def test_an_optional_field_with_a_control_character_is_dropped(tmp_path, tiny_db):
    path = tmp_path / "places.csv"
    path.write_bytes(csv_bytes([place(1, horaires="Mo-Fr\x1b[31m 09:00-12:00", presentation_detail="line\r\nnext")]))
    store = Store.open(tiny_db)
    result = import_file(store, path, origin="places.csv", report=tmp_path / "report.csv")
    assert result.imported == 1 and [(p.field, p.outcome) for p in result.problems] == [("horaires", "dropped")]
    row = store.db.execute("SELECT horaires, presentation_detail FROM lieux").fetchone()
    assert row == (None, "line\nnext")


def test_a_one_gigabyte_sparse_file_is_refused_at_once_without_reading_it(cli, tiny_db, tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:
        fh.write(csv_bytes([place(1)]))
        fh.truncate(1024 ** 3)
    tracemalloc.start()
    started = time.monotonic()
    try:
        r = cli("fetch", "lieux", "--file", path, db=tiny_db)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    one_line(r)
    assert "byte limit" in r.err
    assert time.monotonic() - started < 10 and peak < 20 * 1024 * 1024


def test_a_sparse_file_under_the_cap_is_streamed_not_slurped(tmp_path, tiny_db):
    path = tmp_path / "sparse.csv"
    with path.open("wb") as fh:
        fh.write(csv_bytes([place(1)]))
        fh.truncate(64 * 1024 * 1024)
    tracemalloc.start()
    try:
        with pytest.raises(LandscapeError, match="NUL byte"):
            import_file(Store.open(tiny_db), path, origin="sparse.csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024  # a few 1 MiB chunks, never the 64 MiB file


def test_a_large_clean_file_is_read_in_constant_memory(tmp_path, tiny_db):
    path = tmp_path / "many.csv"
    rows = csv_bytes([place(1, presentation_detail="d" * 15000)])
    header, body = rows.split(b"\r\n", 1)
    with path.open("wb") as fh:
        fh.write(header + b"\r\n")
        for _ in range(800):  # one long place 800 times: the copies are rejected as duplicates, the file read whole
            fh.write(body)
    store = Store.open(tiny_db)
    tracemalloc.start()
    try:
        result = import_file(store, path, origin="many.csv", report=tmp_path / "r.csv")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert (result.imported, result.rejected) == (1, 799) and path.stat().st_size > 12_000_000
    assert peak < 4_000_000  # a few chunks and rows at a time, never the file or its decoded text


def test_local_files_have_the_download_cap(tmp_path, tiny_db):
    from landscape.io.http import Policy
    from landscape.io.opendata import fetch_lieux

    path = tmp_path / "places.csv"
    path.write_bytes(csv_bytes([place(i) for i in range(50)]))
    with pytest.raises(LandscapeError, match="over the 1000-byte limit"):
        fetch_lieux(Store.open(tiny_db), file=path, policy=Policy(max_bytes=1000))


def test_a_fifo_is_refused_without_blocking(cli, tiny_db, tmp_path):
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    r = cli("fetch", "lieux", "--file", fifo, db=tiny_db)
    one_line(r)
    assert "not a regular file" in r.err
