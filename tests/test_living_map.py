"""Keeping the map alive from the CLI: every change validated, journaled, undoable, kept across rebuilds."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest

from landscape.dataset import datasets_dir
from tests.test_store import digest


def curated_digest(path) -> str:
    """Every row of every table but the bookkeeping ones (meta moves with each write attempt)."""
    return digest(path)


def test_a_working_session(cli, real_db, tmp_path):
    r = cli("add", "event", "--set", "date=2026-11-20", "--set", "title=Signature de la feuille de route FNE",
            "--set", "kind=governance", "--set", "scope=departmental", "--set", "departement=33",
            "--set", "actors=cd-gironde", "--source-url", "https://www.gironde.fr/actualites/fne-2026",
            "--source-title", "Feuille de route signée", "--json", db=real_db)
    assert r.code == 0, r.err
    event_id = r.json()["id"]
    assert event_id == "signature-de-la-feuille-de-route-fne"
    shown = cli("show", event_id, "--json", db=real_db).json()
    assert shown["record"]["departement"] == "33"
    assert any(s["url"] == "https://www.gironde.fr/actualites/fne-2026" for s in shown["sources"])

    r = cli("edit", "plan-33-fne-2024", "--set", "status=adopted", "--source-note", "met the CD's director on 2026-11-18",
            db=real_db)
    assert r.code == 0, r.err
    assert cli("show", "plan-33-fne-2024", "--json", db=real_db).json()["record"]["status"] == "adopted"
    assert cli("retire", "fondation-sfr", "--reason", "foundation closed", db=real_db).code == 0
    assert cli("note", "wetechcare", "Asked for the 2026 impact figures", "--date", "2026-11-19", db=real_db).code == 0
    r = cli("log", "wetechcare", "--kind", "meeting", "--date", "2026-11-19", "--summary", "Pix partnership",
            "--next", "send the draft convention", "--due", "2026-12-01", db=real_db)
    assert r.code == 0, r.err
    assert cli("assess", "wetechcare", "--influence", "5", "--interest", "5", "--why", "leads the FNE hub work",
               db=real_db).code == 0

    agenda = cli("agenda", "--json", db=real_db).json()
    assert [a["next"] for a in agenda] == ["send the draft convention"]
    brief = cli("brief", "wetechcare", db=real_db).out
    assert "Your contacts and notes (private)" in brief and "send the draft convention" in brief
    placed = next(r for r in cli("positioning", "--json", db=real_db).json() if r["id"] == "wetechcare")
    assert placed["own"]["why"] == "leads the FNE hub work" and placed["curated"] == [4, 5]
    history = cli("history", "--json", db=real_db).json()
    assert [h["action"] for h in history][:6] == ["assess", "log", "note", "retire", "edit", "add"]
    assert history[4]["before"]["status"] == "finalised_unsigned" and history[4]["after"]["status"] == "adopted"

    assert cli("undo", db=real_db).code == 0  # the assessment goes
    conn = sqlite3.connect(real_db)
    assert conn.execute("SELECT count(*) FROM assessments").fetchone()[0] == 0
    conn.close()

    # A rebuild keeps the user's layer.
    assert cli("init", "--force", db=real_db).code == 0
    assert cli("show", "plan-33-fne-2024", "--json", db=real_db).json()["record"]["status"] == "adopted"
    assert cli("show", event_id, "--json", db=real_db).code == 0
    assert cli("agenda", "--json", db=real_db).json()[0]["next"] == "send the draft convention"
    assert cli("conflicts", "--json", db=real_db).json() == []

    # A rebuild from a datasets copy where the base changed the same plan's status: one conflict, both values.
    copy = tmp_path / "datasets"
    shutil.copytree(datasets_dir(), copy)
    plans = copy / "plans-nouvelle-aquitaine-occitanie.toml"
    text = plans.read_text(encoding="utf-8")
    start = text.index('id = "plan-33-fne-2024"')
    end = text.index("[[plans]]", start)
    block = text[start:end].replace('status = "finalised_unsigned"', 'status = "in_force"')
    plans.write_text(text[:start] + block + text[end:], encoding="utf-8")
    r = cli("init", "--force", "--from", str(copy), db=real_db)
    assert r.code == 0, r.err
    found = cli("conflicts", "--json", db=real_db).json()
    assert [(c["record_id"], c["field"], c["base_value"], c["user_value"]) for c in found] == [
        ("plan-33-fne-2024", "status", "in_force", "adopted")]
    assert cli("show", "plan-33-fne-2024", "--json", db=real_db).json()["record"]["status"] == "adopted"
    assert cli("conflicts", "resolve", "plan-33-fne-2024", "status", "--keep", "base", db=real_db).code == 0
    assert cli("conflicts", "--json", db=real_db).json() == []
    assert cli("show", "plan-33-fne-2024", "--json", db=real_db).json()["record"]["status"] == "in_force"


@pytest.mark.parametrize("args, message", [
    (("add", "event", "--set", "date=2026-01-01", "--set", "title=X", "--set", "kind=governance",
      "--set", "scope=national"), "source is required"),
    (("add", "event", "--set", "date=2026-01-01", "--set", "title=X", "--set", "kind=party",
      "--set", "scope=national", "--source", "thesis-intro"), "field 'kind'"),
    (("add", "relation", "--set", "source=wetechcare", "--set", "target=nobody", "--set", "kind=partner",
      "--source", "thesis-intro"), "unknown actor 'nobody'"),
    (("add", "event", "--set", "date=2026-13-01", "--set", "title=X", "--set", "kind=governance",
      "--set", "scope=national", "--source", "thesis-intro"), "field 'date'"),
    (("edit", "plan-33-fne-2024", "--set", "status=adopted"), "source is required"),
    (("edit", "plan-33-fne-2024", "--set", "carriers=nobody", "--source", "thesis-intro"), "unknown actor 'nobody'"),
    (("edit", "plan-33-fne-2024", "--set", "colour=blue", "--source", "thesis-intro"), "unknown field"),
    (("log", "wetechcare", "--kind", "meeting", "--date", "yesterday", "--summary", "x"), "field 'date'"),
    (("assess", "wetechcare", "--influence", "4", "--interest", "3", "--why", " "), "field 'why'"),
])
def test_refused_changes_leave_the_database_as_it_was(cli, real_db, args, message):
    before = curated_digest(real_db)
    r = cli(*args, db=real_db)
    assert r.code == 2
    assert message in r.err and r.err.count("\n") == 1 and "Traceback" not in r.err
    assert curated_digest(real_db) == before


def test_changes_travel_to_a_colleague_and_import_once(cli, real_db, tmp_path, real_db_template):
    assert cli("edit", "plan-33-fne-2024", "--set", "status=adopted", "--source", "thesis-intro", db=real_db).code == 0
    assert cli("assess", "la-mednum", "--influence", "5", "--interest", "4", "--why", "national voice",
               db=real_db).code == 0
    assert cli("note", "wetechcare", "private thought", db=real_db).code == 0
    patch = tmp_path / "changes.jsonl"
    assert cli("changes", "export", "--out", str(patch), db=real_db).code == 0
    lines = patch.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and "private thought" not in patch.read_text(encoding="utf-8")

    colleague = tmp_path / "colleague.db"
    shutil.copy(real_db_template, colleague)
    r = cli("changes", "import", str(patch), "--json", db=colleague)
    assert r.code == 0, r.err
    assert r.json()["applied"] == 2
    assert cli("show", "plan-33-fne-2024", "--json", db=colleague).json()["record"]["status"] == "adopted"
    once = digest(colleague)
    r = cli("changes", "import", str(patch), "--json", db=colleague)
    assert r.json() == {"applied": 0, "skipped": 2, "conflicts": []}
    assert digest(colleague) == once
    exported = tmp_path / "again.jsonl"
    assert cli("changes", "export", "--out", str(exported), db=colleague).code == 0
    assert exported.read_text().splitlines()[1:] == lines[1:]


def test_a_malformed_changes_file_is_refused_in_one_line(cli, real_db, tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"format": "landscape-changes", "version": 1}\n{"id": "x", "at": "2026", "author": "a", '
                   '"origin": "cli", "action": "edit", "record_table": "plans"}\n')
    before = digest(real_db)
    r = cli("changes", "import", str(bad), db=real_db)
    assert r.code == 2 and "line 2" in r.err and "after" in r.err
    assert digest(real_db) == before


def test_imports_are_journaled_and_a_merge_survives_a_rebuild(cli, real_db, tmp_path):
    import json

    doc = {"schema_version": 2, "generated_at": "2026-11-01T00:00:00Z",
           "offers": [{"id": "atelier-numerique-33", "name": "Atelier numérique de Bordeaux", "owner": "cd-gironde",
                       "category": "service", "sources": ["thesis-intro"]}]}
    path = tmp_path / "offer.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert cli("import", path, "--merge", db=real_db).code == 0
    entry = cli("history", "--json", db=real_db).json()[0]
    assert (entry["action"], entry["record_id"], entry["origin"]) == ("add", "atelier-numerique-33", "import")
    assert cli("init", "--force", db=real_db).code == 0
    assert cli("show", "atelier-numerique-33", "--json", db=real_db).code == 0  # replayed on the new base


def test_a_snapshot_carries_the_private_layer_only_when_asked(cli, real_db, tmp_path):
    assert cli("note", "wetechcare", "met at the assises", "--date", "2026-11-10", db=real_db).code == 0
    assert cli("log", "anct", "--kind", "call", "--date", "2026-11-12", "--summary", "FNE follow-up",
               "--with", "wetechcare", "--next", "send minutes", "--due", "2026-11-30", db=real_db).code == 0
    assert cli("assess", "la-mednum", "--influence", "5", "--interest", "4", "--why", "national voice",
               db=real_db).code == 0
    public = cli("export", db=real_db).json()
    assert "private" not in public
    snap = tmp_path / "mine.json"
    assert cli("export", "--with-private", "--out", snap, db=real_db).code == 0
    doc = json.loads(snap.read_text(encoding="utf-8"))
    assert [n["text"] for n in doc["private"]["notes"]] == ["met at the assises"]
    assert doc["private"]["contacts"][0]["people"] == ["wetechcare"]
    target = tmp_path / "restored.db"
    assert cli("import", snap, db=target).code == 0, "a new database from a snapshot with its private layer"
    assert cli("agenda", "--json", db=target).json()[0]["next"] == "send minutes"
    placed = next(r for r in cli("positioning", "--json", db=target).json() if r["id"] == "la-mednum")
    assert placed["own"]["why"] == "national voice"
    bad = dict(doc, private={"notes": [{"id": 1}]})
    (tmp_path / "bad.json").write_text(json.dumps(bad), encoding="utf-8")
    r = cli("import", tmp_path / "bad.json", "--merge", db=target)
    assert r.code == 2 and "private.notes[0]" in r.err
