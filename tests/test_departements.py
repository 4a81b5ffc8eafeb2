"""Départements: plans by generation, a standing derived from the newest, one page per département, upgrades."""

from __future__ import annotations

import json
import sqlite3

import pytest

from landscape.analysis.departement import departement_view, match_departement, resolve_departement
from landscape.errors import NotFound
from landscape.analysis.standing import standing
from landscape.store.database import Store
from landscape.model.vocab import DEPARTEMENT_CODES
from tests.factories import tiny_map


@pytest.mark.parametrize("pairs, generation, expected", [
    ([], None, "none_known"),
    ([("strategie-2018", "adopted"), ("fne-2024", "in_preparation")], None, "in_preparation"),
    ([("strategie-2018", "adopted"), ("fne-2024", "in_preparation")], "charte-2019", "adopted"),
    ([("strategie-2018", "adopted")], "strategie-2018", "adopted"),
    ([("fne-2024", "state_only"), ("fne-2024", "adopted")], None, "adopted"),  # several of one generation
    ([(None, "adopted"), ("charte-2019", "abandoned")], None, "abandoned"),  # unclassified counts as oldest
    ([("fne-2024", "adopted")], "strategie-2018", "none_known"),
])
def test_standing_comes_from_the_newest_generation(pairs, generation, expected):
    assert standing(pairs, generation) == expected


def test_references_to_a_departement(tiny_db):
    store = Store.open(tiny_db)
    assert [match_departement(store, r) for r in ("64", "2a", "2B", "971", "1", "pyrenees atlantiques",
                                                  "Côtes d'Armor", "corse-du-sud", "nowhere")] == [
        "64", "2A", "2B", "971", "01", "64", "22", "2A", None]
    assert resolve_departement(store, "dept-64") == "64"  # an actor tied to one département
    with pytest.raises(NotFound, match="no département matches 'alpha'"):
        resolve_departement(store, "alpha")


def test_the_page_of_a_departement(tiny_db):
    view = departement_view(Store.open(tiny_db), "64")
    assert (view["code"], view["name"], view["region"]) == ("64", "Pyrénées-Atlantiques", "Nouvelle-Aquitaine")
    assert view["standing"] == "in_preparation"
    assert [(p["generation"], p["status"]) for p in view["plans"]] == [("fne-2024", "in_preparation"),
                                                                       ("strategie-2018", "adopted")]
    older = view["plans"][1]
    assert [c["name"] for c in older["carriers"]] == ["Département des Pyrénées-Atlantiques"]
    assert older["as_of"] is None and [s["id"] for s in older["sources"]] == ["src-b"]
    assert view["plans"][0]["as_of"] == "2020"  # its newest source's date
    assert [a["id"] for a in view["actors"]][:1] == ["alpha"] or "dept-64" in [a["id"] for a in view["actors"]]
    assert [e["id"] for e in view["events"]] == ["ev-2018"]
    assert view["places"] is None and {"what": "places"} in view["unknowns"]
    empty = departement_view(Store.open(tiny_db), "2A")
    assert empty["standing"] == "none_known" and empty["plans"] == []
    assert {"what": "any_plan"} in empty["unknowns"]


def test_every_departement_has_a_page_on_the_real_map(real_db):
    store = Store.open(real_db)
    for code in DEPARTEMENT_CODES:
        view = departement_view(store, code)
        assert view["code"] == code and view["standing"]
        for plan in view["plans"]:
            assert plan["sources"], plan["id"]
            assert all(s.get("url") or s["kind"] == "thesis" for s in plan["sources"]), plan["id"]


def test_cli_departement_brief_and_stats(cli, real_db):
    r = cli("departement", "33", "--json", db=real_db)
    assert r.code == 0, r.err
    view = r.json()
    assert {"code", "name", "region", "standing", "plans", "actors", "people", "events", "places",
            "unknowns"} <= set(view)
    assert all({"generation", "status", "carriers", "period", "as_of", "sources"} <= set(p) for p in view["plans"])
    assert "fne-2024" in [p["generation"] for p in view["plans"]]
    md = cli("brief", "gironde", "--markdown", db=real_db)
    assert md.code == 0 and md.out.startswith("# Gironde (33) — Nouvelle-Aquitaine") and "## Sources" in md.out
    for ref in ("2A", "2B", "971", "976", "cd-landes"):
        assert cli("brief", ref, "--markdown", db=real_db).code == 0, ref
    stats = cli("stats", "--json", db=real_db).json()
    assert stats["departements_with_fne"] >= 19 and stats["none_known"] + len(
        {p["departement_code"] for p in cli("list", "plans", "--json", db=real_db).json()}) == 101
    plans = cli("list", "plans", "--json", db=real_db).json()
    assert all({"generation", "status", "carriers", "sources"} <= set(p) for p in plans)
    table = cli("departements", "--generation", "strategie-2018", "--json", db=real_db).json()
    assert len(table) == 101 and all(row["standing"] for row in table)


def v1_snapshot() -> dict:
    """A snapshot as landscape wrote it before plans had generations: one plan per département, a lead."""
    from landscape.io.snapshot import export_document

    doc = export_document(tiny_map(), generated_at="2025-01-01T00:00:00Z")
    doc["schema_version"] = 1
    doc["plans"] = [
        {"id": "plan-64", "departement_code": "64", "departement_name": "Pyrénées-Atlantiques",
         "region": "Nouvelle-Aquitaine", "status": "adopted", "title": "Stratégie", "kind": None, "adopted": "2017-10",
         "lead": "dept-64", "partners": ["alpha"], "summary": None, "sources": ["src-b"], "disputes": []},
        {"id": "plan-2a", "departement_code": "2A", "departement_name": "Corse-du-Sud", "region": "Corse",
         "status": "none_known", "title": None, "kind": None, "adopted": None, "lead": None, "partners": [],
         "summary": None, "sources": [], "disputes": []},
    ]
    return doc


def test_an_old_snapshot_still_imports(cli, tmp_path):
    path = tmp_path / "old.json"
    path.write_text(json.dumps(v1_snapshot()), encoding="utf-8")
    target = tmp_path / "new.db"
    r = cli("import", path, db=target)
    assert r.code == 0, r.err
    plans = cli("list", "plans", "--json", db=target).json()
    assert [(p["id"], p["generation"], p["carriers"]) for p in plans] == [("plan-64", None, ["dept-64"])]


def test_an_old_database_is_upgraded_in_place(tiny_db):
    conn = sqlite3.connect(tiny_db)
    with conn:  # make it look like schema 1: a lead column, no carriers table, a none_known plan
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("DROP TABLE plan_carriers")
        conn.execute("DELETE FROM plans WHERE id != 'plan-64-strategie-2018'")
        conn.execute("ALTER TABLE plans ADD COLUMN lead TEXT")
        conn.execute("UPDATE plans SET lead = 'dept-64', generation = NULL")
        conn.execute("INSERT INTO plans (id, departement_code, departement_name, region, status) "
                     "VALUES ('plan-2a', '2A', 'Corse-du-Sud', 'Corse', 'none_known')")
        conn.execute("UPDATE relations SET kind = 'consulted' WHERE kind = 'consulted_by'")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    conn.close()
    store = Store.open(tiny_db)
    assert store.meta("schema_version") == "2" and store.notices
    assert [(p.id, p.generation, p.carriers) for p in store.map().plans] == [
        ("plan-64-strategie-2018", None, ["dept-64"])]
    assert "lead" not in {c.name for c in store.db["plans"].columns}
    assert "consulted_by" in {r.kind for r in store.map().relations}  # the old kind's new name
