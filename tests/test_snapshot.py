"""Snapshots: deterministic export, the shipped JSON Schema, filtered exports, validated import and bad input."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from landscape.dataset import MapData, check, problems_of, read_dir
from landscape.io.snapshot import (KINDS, MAX_BYTES, export_document, load_snapshot, parse_document, schema_text,
                                select, shipped_schema_text)
from landscape.store.database import Store, connect
from tests.factories import tiny_map

VALIDATOR = Draft202012Validator(json.loads(shipped_schema_text()))


def db_hash(path: Path) -> str:
    """A hash of every row of every table (meta included: a committed write bumps the generation)."""
    conn = sqlite3.connect(path)
    digest = hashlib.sha256()
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    for table in tables:
        digest.update(table.encode())
        for row in sorted(map(repr, conn.execute(f"SELECT * FROM [{table}]"))):  # some tables have no rowid
            digest.update(row.encode())
    conn.close()
    return digest.hexdigest()


def without_time(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if k != "generated_at"}


def empty_db(path: Path) -> Path:
    store = Store(connect(path), path)
    store.ensure_schema()
    store.close()
    return path


def export(cli, db, *args) -> dict:
    r = cli("export", *args, db=db)
    assert r.code == 0, r.err
    return r.json()


def add_lieu(db: Path, **values) -> None:
    store = Store.open(db)
    with store.transaction() as tx:
        tx["lieux"].insert({"origin": "test", "id": "lieu-1", "pivot": "00000000000000", "nom": "Médiathèque",
                            "commune": "Pau", "code_postal": "64000", "adresse": "1 rue X", "date_maj": "2024-01-01",
                            "latitude": 43.3, "longitude": -0.37, "departement_code": "64", **values})
    store.close()


# --- schema ----------------------------------------------------------------------------------------

def test_shipped_schema_is_what_the_models_generate():
    assert shipped_schema_text() == schema_text(), "run `python -m landscape.io.snapshot` to regenerate it"
    Draft202012Validator.check_schema(json.loads(shipped_schema_text()))


def test_schema_command_prints_the_shipped_schema(cli):
    r = cli("schema")
    assert r.code == 0 and r.out == shipped_schema_text()
    assert r.json()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_schema_rejects_what_the_models_reject():
    doc = export_document(tiny_map())
    assert VALIDATOR.is_valid(doc)
    bad = json.loads(json.dumps(doc))
    bad["plans"][0]["status"] = "maybe"
    bad["events"][0]["date"] = "2013-13"
    bad["actors"][0]["departement"] = "99"
    bad["actors"][1]["colour"] = "red"
    messages = " | ".join(e.message for e in VALIDATOR.iter_errors(bad))
    assert "'maybe'" in messages and "'2013-13'" in messages and "'99'" in messages and "'colour'" in messages


# --- export ----------------------------------------------------------------------------------------

def test_export_is_deterministic_sorted_and_valid(cli, tiny_db, tmp_path):
    first = cli("export", "--out", tmp_path / "a.json", db=tiny_db)
    assert first.code == 0, first.err
    second = export(cli, tiny_db)
    a = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert without_time(a) == without_time(second)
    assert list(a) == ["schema_version", "generated_at", *KINDS]
    assert a["schema_version"] == 2 and a["generated_at"].endswith("Z")
    for kind in KINDS:
        ids = [r["id"] for r in a[kind]]
        assert ids == sorted(ids)
    assert list(a["actors"][0])[:3] == ["id", "sources", "disputes"]
    assert (len(a["actors"]), len(a["plans"])) == (5, 3)
    VALIDATOR.validate(a)
    # the text itself is identical but for the generated_at line
    text_a = (tmp_path / "a.json").read_text(encoding="utf-8").splitlines()
    cli("export", "--out", tmp_path / "b.json", db=tiny_db)
    text_b = (tmp_path / "b.json").read_text(encoding="utf-8").splitlines()
    assert [l for l in text_a if "generated_at" not in l] == [l for l in text_b if "generated_at" not in l]


def test_export_with_lieux_validates(cli, tiny_db):
    add_lieu(tiny_db)
    doc = export(cli, tiny_db, "--with-lieux")
    assert doc["lieux"][0]["nom"] == "Médiathèque" and doc["lieux"][0]["origin"] == "test"
    assert list(doc["lieux"][0])[:3] == ["origin", "id", "pivot"]
    VALIDATOR.validate(doc)
    assert "lieux" not in export(cli, tiny_db)


def test_failed_export_leaves_no_partial_file(cli, tiny_db, tmp_path, monkeypatch):
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    target = out_dir / "snap.json"
    target.write_text("previous", encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("landscape.io.files.os.fsync", disk_full)
    r = cli("export", "--out", target, db=tiny_db)
    assert r.code == 2 and "cannot write (No space left on device)" in r.err and r.err.count("\n") == 1
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in out_dir.iterdir()] == ["snap.json"]


@pytest.mark.parametrize("args, expected", [
    (("--kind", "offers"), {"offers": {"alpha-help", "beta-clicks"}, "actors": {"alpha", "beta"},
                            "sources": {"src-a", "src-b"}}),  # src-b: cited by beta's dispute
    (("--kind", "plan", "--query", "pyrenees atlantiques"), {"plans": {"plan-64-strategie-2018", "plan-64-fne-2024"},
                                                              "actors": {"dept-64", "alpha", "state"},
                                                              "sources": {"src-b", "src-a"}}),
    (("--query", "clicks"), {"offers": {"beta-clicks"}, "actors": {"beta"}, "sources": {"src-a", "src-b"}}),
    (("--kind", "relations", "--query", "gamma"), {"relations": {"gamma-funds-alpha", "gamma-funds-beta"},
                                                   "actors": {"gamma", "alpha", "beta"},
                                                   "sources": {"src-a", "src-b"}}),
])
def test_filtered_export_keeps_what_records_reference(cli, tiny_db, args, expected):
    doc = export(cli, tiny_db, *args)
    got = {kind: {r["id"] for r in doc[kind]} for kind in KINDS if doc[kind]}
    assert got == expected
    VALIDATOR.validate(doc)
    # self-contained: every reference resolves inside the filtered snapshot
    assert problems_of(parse_document(doc, file="f.json").data, complete=False) == []


def test_query_folds_case_and_accents():
    data = tiny_map()
    picked = select(data, kinds=["actors"], query="SECRETARIAT d etat")
    assert [a.id for a in picked.actors] == ["state"]
    assert [s.id for s in picked.sources] == ["src-b"]


def test_filtered_snapshot_imports_on_its_own(cli, tiny_db, tmp_path):
    doc = export(cli, tiny_db, "--kind", "events")
    path = tmp_path / "events.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    target = empty_db(tmp_path / "empty.db")
    r = cli("import", path, "--merge", db=target)
    assert r.code == 0, r.err
    assert without_time(export(cli, target)) == {k: v for k, v in without_time(doc).items() if k != "filtered"}
    # replacing a whole map with a filtered export is refused: it would drop what it lacks
    before = db_hash(tiny_db)
    r = cli("import", path, "--replace", db=tiny_db)
    assert r.code == 2 and "filtered snapshot" in r.err
    assert db_hash(tiny_db) == before


# --- round trip ------------------------------------------------------------------------------------

def test_round_trip_into_a_new_database(cli, tiny_db, tmp_path):
    add_lieu(tiny_db, services="Aide aux démarches administratives|Accès internet et matériel informatique")
    original = export(cli, tiny_db, "--with-lieux")
    path = tmp_path / "snap.json"
    cli("export", "--with-lieux", "--out", path, db=tiny_db)
    new = tmp_path / "new.db"
    r = cli("import", path, db=new)
    assert r.code == 0, r.err
    assert without_time(export(cli, new, "--with-lieux")) == without_time(original)


def test_round_trip_into_an_empty_database_default_mode(cli, tiny_db, tmp_path):
    path = tmp_path / "snap.json"
    cli("export", "--out", path, db=tiny_db)
    target = empty_db(tmp_path / "empty.db")
    r = cli("import", path, "--json", db=target)
    assert r.code == 0, r.err
    assert r.json()["mode"] == "replace" and r.json()["kinds"]["plans"]["added"] == 3
    assert without_time(export(cli, target)) == without_time(json.loads(path.read_text(encoding="utf-8")))


def test_import_into_a_database_with_records_needs_a_mode(cli, tiny_db, tmp_path):
    path = tmp_path / "snap.json"
    cli("export", "--out", path, db=tiny_db)
    before = db_hash(tiny_db)
    r = cli("import", path, db=tiny_db)
    assert r.code == 2 and "--replace" in r.err and "--merge" in r.err
    assert db_hash(tiny_db) == before


def test_replace_and_merge(cli, tiny_db, tmp_path):
    doc = export(cli, tiny_db)
    doc["actors"] = [a for a in doc["actors"] if a["id"] != "gamma"]
    doc["relations"] = [r for r in doc["relations"] if "gamma" not in r["id"]]
    alpha = next(a for a in doc["actors"] if a["id"] == "alpha")
    alpha["aliases"].append("Alpha")
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(doc), encoding="utf-8")

    r = cli("import", path, "--merge", "--json", db=tiny_db)
    assert r.code == 0, r.err
    assert r.json()["kinds"]["actors"] == {"records": 4, "added": 0, "changed": 1}
    after = export(cli, tiny_db)
    assert "gamma" in {a["id"] for a in after["actors"]}  # merge keeps what the snapshot lacks
    assert next(a for a in after["actors"] if a["id"] == "alpha")["aliases"] == ["AC", "Alpha"]

    r = cli("import", path, "--replace", db=tiny_db)
    assert r.code == 0, r.err
    assert without_time(export(cli, tiny_db)) == without_time(doc)


def test_merge_references_may_resolve_against_the_database(cli, tiny_db, tmp_path):
    doc = {"schema_version": 1, "generated_at": "2025-01-01T00:00:00Z",
           "offers": [{"id": "gamma-grants", "name": "Gamma Grants", "owner": "gamma", "category": "funding_scheme",
                       "sources": ["src-b"]}]}
    path = tmp_path / "offer.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    r = cli("import", path, "--merge", db=tiny_db)
    assert r.code == 0, r.err
    assert "gamma-grants" in {o["id"] for o in export(cli, tiny_db)["offers"]}


def test_old_consulted_relations_import_as_consulted_by(cli, tiny_db, tmp_path):
    doc = {"schema_version": 2, "generated_at": "2025-01-01T00:00:00Z",
           "relations": [{"id": "beta-heard-by-alpha", "source": "beta", "target": "alpha", "kind": "consulted",
                          "sources": ["src-b"]}]}
    path = tmp_path / "old-kind.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    r = cli("import", path, "--merge", db=tiny_db)
    assert r.code == 0, r.err
    kinds = {x["id"]: x["kind"] for x in export(cli, tiny_db)["relations"]}
    assert kinds["beta-heard-by-alpha"] == "consulted_by"


def test_round_trip_real_dataset(request, cli, tmp_path):
    _, _, problems = read_dir()
    if problems or problems_of(read_dir()[0]):
        pytest.skip("the curated datasets do not validate yet")
    real_db = request.getfixturevalue("real_db")
    path = tmp_path / "real.json"
    assert cli("export", "--out", path, db=real_db).code == 0
    doc = json.loads(path.read_text(encoding="utf-8"))
    VALIDATOR.validate(doc)
    new = tmp_path / "copy.db"
    assert cli("import", path, db=new).code == 0
    assert without_time(export(cli, new)) == without_time(doc)
    assert cli("diff", path, db=new).code == 0


# --- bad input -------------------------------------------------------------------------------------

def _doc() -> dict:
    return json.loads(json.dumps(export_document(tiny_map(), generated_at="2025-01-01T00:00:00Z")))


def _edit(change) -> bytes:
    doc = _doc()
    change(doc)
    return json.dumps(doc, ensure_ascii=False, indent=2).encode("utf-8")


def _first(doc, kind, record_id):
    return next(r for r in doc[kind] if r["id"] == record_id)


def _cut_mid_character(data: bytes) -> bytes:
    """`data` cut after the first byte of its first multi-byte UTF-8 character."""
    return data[:next(i for i, byte in enumerate(data) if byte >= 0xC0) + 1]


BAD = {
    "truncated": (lambda: _edit(lambda d: None)[:300], "truncated JSON"),
    "truncated mid-character": (lambda: _cut_mid_character(_edit(lambda d: None)), "truncated JSON"),
    "wrong type": (lambda: _edit(lambda d: _first(d, "actors", "alpha").update(name=42)),
                   "actor 'alpha', field 'name'"),
    "wrong list type": (lambda: _edit(lambda d: _first(d, "events", "ev-2013").update(actors="alpha")),
                        "event 'ev-2013', field 'actors'"),
    "unknown enum": (lambda: _edit(lambda d: _first(d, "plans", "plan-56-fne-2024").update(status="maybe")),
                     "plan 'plan-56-fne-2024', field 'status': 'maybe' is not allowed"),
    "unknown field": (lambda: _edit(lambda d: _first(d, "offers", "beta-clicks").update(price=3)),
                      "offer 'beta-clicks', field 'price': unknown field"),
    "duplicate id": (lambda: _edit(lambda d: d["actors"].append(dict(d["actors"][0]))),
                     "actor 'alpha', field 'id': duplicate id"),
    "dangling actor": (lambda: _edit(lambda d: _first(d, "offers", "alpha-help").update(owner="nobody")),
                       "offer 'alpha-help', field 'owner': unknown actor 'nobody'"),
    "dangling source": (lambda: _edit(lambda d: _first(d, "events", "ev-2018").update(sources=["ghost"])),
                        "event 'ev-2018', field 'sources[0]': unknown source 'ghost'"),
    "newer schema": (lambda: _edit(lambda d: d.update(schema_version=3)),
                     "schema_version 3 is newer than this version of landscape understands (2)"),
    "invalid utf-8": (lambda: _edit(lambda d: None).replace(b"Alpha Connect", b"Alpha \xff\xfe Connect"),
                      "not UTF-8 text"),
    "not json": (lambda: b"id,name,kind\nalpha,Alpha Connect,association\n", "not JSON"),
    "not a snapshot": (lambda: b"[1, 2, 3]", "a snapshot is a JSON object, not an array"),
    "no version": (lambda: b'{"actors": []}', "no 'schema_version'"),
    "records not a list": (lambda: _edit(lambda d: d.update(actors={"alpha": 1})), "'actors' must be an array"),
    "empty": (lambda: b"", "empty file"),
}


@pytest.mark.parametrize("case", list(BAD))
@pytest.mark.parametrize("mode", ["--replace", "--merge"])
def test_bad_input_is_refused_and_changes_nothing(cli, tiny_db, tmp_path, case, mode):
    make, expected = BAD[case]
    path = tmp_path / "bad.json"
    path.write_bytes(make())
    before = db_hash(tiny_db)
    r = cli("import", path, mode, db=tiny_db)
    assert r.code == 2, r.out
    assert r.err.startswith("landscape: error: ") and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert expected in r.err
    assert str(path) in r.err
    assert db_hash(tiny_db) == before


def test_a_50_mb_file_is_refused_unread(cli, tiny_db, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as fh:
        fh.write(b'{"schema_version": 1, "generated_at": "2025-01-01T00:00:00Z", "sources": [')
        row = json.dumps({"id": "s", "title": "x" * 1000, "kind": "web"}).encode() + b",\n"
        fh.write(row * (50 * 1024 * 1024 // len(row) + 1))
        fh.write(b'{"id": "last", "title": "t", "kind": "web"}]}')
    assert path.stat().st_size > 50 * 1024 * 1024 > MAX_BYTES
    before = db_hash(tiny_db)
    r = cli("import", path, "--replace", db=tiny_db)
    assert r.code == 2
    assert "50.0 MB is larger than the 20 MB a snapshot may be" in r.err and r.err.count("\n") == 1
    assert db_hash(tiny_db) == before


def test_bad_input_does_not_create_a_database(cli, tmp_path):
    path = tmp_path / "bad.json"
    path.write_bytes(BAD["dangling actor"][0]())
    target = tmp_path / "new.db"
    r = cli("import", path, db=target)
    assert r.code == 2 and "unknown actor 'nobody'" in r.err
    assert not target.exists() and list(tmp_path.iterdir()) == [path]


def test_errors_are_counted_and_stdin_is_read(cli, tiny_db):
    def two(d):
        _first(d, "actors", "alpha").update(name=42)
        _first(d, "plans", "plan-56-fne-2024").update(status="maybe")
    r = cli("import", "-", "--replace", db=tiny_db, stdin=_edit(two).decode())
    assert r.code == 2 and "<stdin>: actor 'alpha'" in r.err and "(and 1 more error)" in r.err


def test_missing_file(cli, tiny_db, tmp_path):
    r = cli("import", tmp_path / "nope.json", "--merge", db=tiny_db)
    assert r.code == 2 and "no such file" in r.err


def test_load_snapshot_library(tmp_path):
    path = tmp_path / "s.json"
    path.write_text(json.dumps(_doc()), encoding="utf-8")
    snap = load_snapshot(path)
    assert isinstance(snap.data, MapData) and snap.data.counts()["actors"] == 5
    check(snap.data)
