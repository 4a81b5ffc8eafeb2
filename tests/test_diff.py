"""Diff of snapshots: what was added, removed and changed, field by field; exit 0 equal, 1 different, 2 error."""

from __future__ import annotations

import json

from landscape.analysis.diff import describe_change, diff, render_text
from landscape.io.snapshot import export_document
from tests.factories import tiny_map


def _docs():
    old = json.loads(json.dumps(export_document(tiny_map(), generated_at="2025-01-01T00:00:00Z")))
    new = json.loads(json.dumps(old))
    new["generated_at"] = "2025-06-01T00:00:00Z"
    return old, new


def _get(doc, kind, record_id):
    return next(r for r in doc[kind] if r["id"] == record_id)


def _change(doc):
    plan = _get(doc, "plans", "plan-56-fne-2024")
    plan.update(status="adopted", adopted="2025-03", sources=["src-a", "src-b"])
    _get(doc, "actors", "alpha")["aliases"].append("WTC")
    _get(doc, "actors", "alpha")["positioning"]["influence"] = 5
    doc["offers"] = [o for o in doc["offers"] if o["id"] != "alpha-help"]
    doc["events"].append({**_get(doc, "events", "ev-2013"), "id": "ev-2025", "title": "New step", "date": "2025"})


def test_equal_documents_ignore_generated_at():
    old, new = _docs()
    result = diff(old, new)
    assert result["equal"] and render_text(result) == ["no differences"]
    assert all(not any(c.values()) for c in result["summary"].values())


def test_changes_per_kind_and_field():
    old, new = _docs()
    _change(new)
    result = diff(old, new)
    assert not result["equal"]
    assert result["summary"]["plans"] == {"added": 0, "removed": 0, "changed": 1}
    plan = result["kinds"]["plans"]["changed"][0]
    assert plan["id"] == "plan-56-fne-2024" and plan["label"].endswith("(56)")
    changes = {c["field"]: c for c in plan["changes"]}
    assert changes["status"]["old"] == "in_preparation" and changes["status"]["new"] == "adopted"
    assert changes["sources"]["added"] == ["src-b"] and changes["sources"]["removed"] == []
    alpha = {c["field"]: c for c in result["kinds"]["actors"]["changed"][0]["changes"]}
    assert alpha["aliases"]["added"] == ["WTC"]
    assert alpha["positioning.influence"] == {"field": "positioning.influence", "old": 4, "new": 5}
    assert result["kinds"]["offers"]["removed"] == [{"id": "alpha-help", "label": "Alpha Helpdesk"}]
    assert result["kinds"]["events"]["added"] == [{"id": "ev-2025", "label": "New step"}]
    text = "\n".join(render_text(result))
    assert 'status: "in_preparation" -> "adopted"' in text
    assert 'aliases: + "WTC"' in text
    assert "+ event ev-2025 (New step)" in text and "- offer alpha-help (Alpha Helpdesk)" in text
    assert text.index("actors:") < text.index("plans:")


def test_reordered_list_is_described():
    assert describe_change({"field": "sources", "old": ["a", "b"], "new": ["b", "a"], "added": [],
                            "removed": []}).startswith("sources: reordered")


def test_cli_exit_codes_and_json(cli, tiny_db, tmp_path):
    old, new = _docs()
    _change(new)
    a, b = tmp_path / "old.json", tmp_path / "new.json"
    a.write_text(json.dumps(old), encoding="utf-8")
    b.write_text(json.dumps(new), encoding="utf-8")
    same = cli("diff", a, a)
    assert same.code == 0 and "no differences" in same.out
    r = cli("diff", a, b)
    assert r.code == 1 and 'status: "in_preparation" -> "adopted"' in r.out
    r = cli("diff", a, b, "--json")
    assert r.code == 1 and r.json()["summary"]["offers"]["removed"] == 1
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema_version": 1, "actors": [', encoding="utf-8")
    r = cli("diff", a, bad)
    assert r.code == 2 and "truncated JSON" in r.err and "bad.json" in r.err
    assert cli("diff", a, tmp_path / "missing.json").code == 2


def test_cli_compares_a_snapshot_with_the_current_database(cli, tiny_db, tmp_path):
    path = tmp_path / "snap.json"
    assert cli("export", "--out", path, db=tiny_db).code == 0
    assert cli("diff", path, db=tiny_db).code == 0
    edited = json.loads(path.read_text(encoding="utf-8"))
    _get(edited, "actors", "beta")["name"] = "Beta Technologies"
    path.write_text(json.dumps(edited), encoding="utf-8")
    r = cli("diff", path, "--json", db=tiny_db)
    assert r.code == 1
    change = r.json()["kinds"]["actors"]["changed"][0]
    assert change["id"] == "beta" and change["changes"] == [{"field": "name", "old": "Beta Technologies",
                                                             "new": "Beta Tech"}]
    assert r.json()["new"]["file"].startswith("current database")


def test_diff_with_stdin(cli, tiny_db, tmp_path):
    path = tmp_path / "snap.json"
    cli("export", "--out", path, db=tiny_db)
    r = cli("diff", path, "-", stdin=path.read_text(encoding="utf-8"))
    assert r.code == 0, r.err
