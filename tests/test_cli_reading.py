"""The CLI as a new user reads it: names and labels, not ids and vocabulary codes (issue 10)."""

import re

import pytest

from landscape.model import vocab
from landscape.model.labels import LABELS, label, prose

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def plain(text: str) -> str:
    return ANSI.sub("", text)


@pytest.mark.parametrize("vocabulary, values", [
    ("role", vocab.ROLES), ("actor_kind", vocab.ACTOR_KINDS), ("sector", vocab.SECTORS),
    ("plan_status", vocab.PLAN_STATUSES), ("event_kind", vocab.EVENT_KINDS),
    ("relation_kind", vocab.RELATION_KINDS), ("offer_category", vocab.OFFER_CATEGORIES),
    ("source_kind", vocab.SOURCE_KINDS)])
def test_every_vocabulary_value_has_a_label(vocabulary, values):
    assert set(LABELS[vocabulary]) == set(values)
    assert all("_" not in label(vocabulary, v) for v in values)


def test_prose_reads_codes_as_labels():
    assert prose("Status in_force: adopted, not in_preparation.") == "Status in force: adopted, not in preparation."
    assert prose("same primary role: public_service_operator") == "same primary role: public-service operator"
    assert prose("see in_force_x or my-in_force") == "see in_force_x or my-in_force"  # not a whole code


def test_show_actor_reads_labels(cli, tiny_db):
    out = cli("show", "dept-64", db=tiny_db).out
    assert "kind: local authority" in out and "local_authority" not in out
    assert "Pyrénées-Atlantiques (64), 2018 strategy — adopted: Stratégie (carrier)" in out
    assert "roles: coordinator (primary)" in out
    alpha = cli("show", "alpha", db=tiny_db).out
    assert "advocacy and media (secondary)" in alpha and "advocacy_media" not in alpha
    assert "Alpha Helpdesk (service)" in alpha


def test_show_plan_starts_with_a_heading_and_keeps_relations_out_of_events(cli, tiny_db):
    out = plain(cli("show", "plan-64-strategie-2018", db=tiny_db).out)
    lines = out.splitlines()
    assert lines[0] == "Pyrénées-Atlantiques (64)" and lines[1] == "plan · plan-64-strategie-2018"
    events = lines.index("Events")
    assert "  carriers: Département des Pyrénées-Atlantiques" in lines[:events]
    assert "  partners: Alpha Connect" in lines[:events]
    after = lines[events + 1:]
    assert not any(line.strip().startswith(("carriers:", "partners:")) for line in after)
    assert "status: adopted" in out


def test_show_in_preparation_plan_and_prose(cli, tiny_db):
    from landscape.store.database import Store
    store = Store.open(tiny_db)
    store.db.execute("UPDATE plans SET summary = 'Status in_preparation: no plan yet.' WHERE id = 'plan-56-fne-2024'")
    store.db.conn.commit()
    out = cli("show", "plan-56-fne-2024", db=tiny_db).out
    assert "status: in preparation" in out and "Status in preparation: no plan yet." in out
    assert "in_preparation" not in out
    assert cli("show", "plan-56-fne-2024", "--json", db=tiny_db).json()["record"]["status"] == "in_preparation"
    page = cli("show", "morbihan", db=tiny_db).out  # a département's name: its page
    assert page.startswith("Morbihan (56) — Bretagne") and "Status in preparation: no plan yet." in page


@pytest.mark.parametrize("ref", ["dept 64", "DEPT_64", "Dépt-64", "plan 56 fne 2024", "gamma funds alpha"])
def test_show_finds_ids_typed_loosely(cli, tiny_db, ref):
    r = cli("show", ref, "--json", db=tiny_db)
    assert r.code == 0, r.err
    assert r.json()["record"]["id"].replace("-", " ") == ref.replace("é", "e").replace("_", " ").replace("-", " ").lower()


def test_show_cd_gironde_on_the_real_map(cli, real_db):
    r = cli("show", "cd gironde", db=real_db)
    assert r.code == 0, r.err
    assert plain(r.out).splitlines()[:2] == ["Conseil départemental de la Gironde", "actor · cd-gironde"]
    gironde = plain(cli("show", "gironde", db=real_db).out).splitlines()
    assert gironde[0] == "Gironde (33) — Nouvelle-Aquitaine" and gironde[1].startswith("Standing: ")


def test_show_relation_and_source_name_actors(cli, tiny_db):
    out = plain(cli("show", "gamma-funds-alpha", db=tiny_db).out)
    assert out.splitlines()[0] == "Gamma Foundation funds Alpha Connect"
    assert "source: Gamma Foundation" in out and "target: Alpha Connect" in out
    src = plain(cli("show", "src-b", db=tiny_db).out)
    assert "relation: Alpha Connect founded Beta Tech" in src and "kind: report" in src


@pytest.mark.parametrize("kind", ["plan", "plans", "Plans", "relation", "relations"])
def test_list_accepts_singular_and_plural(cli, tiny_db, kind):
    r = cli("list", kind, db=tiny_db)
    assert r.code == 0, r.err
    rows = cli("list", kind, "--json", db=tiny_db).json()
    assert len(rows) in (3, 5)


def test_list_text_shows_names_then_dim_ids(cli, tiny_db):
    out = cli("list", "relations", db=tiny_db).out
    line = next(line for line in out.splitlines() if "gamma-funds-alpha" in line)
    assert plain(line).startswith("Gamma Foundation funds Alpha Connect")


def test_list_help_names_the_kinds(cli):
    out = cli("list", "--help").out
    for kind in ("sources", "actors", "plans", "events", "relations", "competitors", "offers"):
        assert kind in out


def test_fetch_lieux_help_shows_the_real_default(cli):
    from landscape.io.opendata import LIEUX_URL
    lieux = " ".join(cli("fetch", "lieux", "--help").out.split())
    assert "Settings." not in lieux and LIEUX_URL in lieux.replace("/ ", "/")
    deps = " ".join(cli("fetch", "departements", "--help").out.split())
    assert "Settings." not in deps


def test_coverage_without_places_is_a_one_line_hint(cli, tiny_db):
    r = cli("coverage", db=tiny_db)
    assert r.code == 0 and r.out.count("\n") == 1 and "landscape fetch lieux" in r.out
    assert len(cli("coverage", "--json", db=tiny_db).json()["departements"]) == 101


def test_export_out_dash_writes_to_stdout(cli, tiny_db, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    r = cli("export", "--out", "-", db=tiny_db)
    assert r.code == 0, r.err
    assert len(r.json()["actors"]) == 5 and not (tmp_path / "-").exists()


@pytest.mark.parametrize("columns", [80, 120])
@pytest.mark.parametrize("command", [("positioning",), ("influence",), ("compare", "wetechcare", "la-mednum")])
def test_wide_outputs_fit_the_terminal(cli, real_db, monkeypatch, columns, command):
    monkeypatch.setenv("COLUMNS", str(columns))
    r = cli(*command, db=real_db)
    assert r.code == 0, r.err
    lines = plain(r.out).splitlines()
    too_wide = [line for line in lines if len(line) > columns]
    assert not too_wide, too_wide[:3]


def test_positioning_at_80_columns_keeps_every_role_and_names_unrated_actors(cli, real_db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    out = plain(cli("positioning", db=real_db).out)
    head = "\n".join(out.splitlines()[:2])
    for short in ("policy", "funder", "coord", "field", "tools", "expert", "detect", "pubsvc", "advoc", "train"):
        assert short in head
    assert "pubsvc = public-service operator" in " ".join(out.split())
    unrated = out[out.index("unrated (no curated positioning)"):]
    assert "Abbé Pierre" in unrated and "abbe-pierre" not in unrated
    assert len(unrated.splitlines()) > 3


def test_compare_reads_names_and_labels(cli, tiny_db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")
    out = plain(cli("compare", "alpha", "beta", db=tiny_db).out)
    assert "Alpha Connect\nassociation · alpha" in out
    assert "roles: ● field support, ○ advocacy and media" in out
    assert "funders: Gamma Foundation" in out.split("In common")[1]
    assert "rivalry: Beta Tech vs Alpha Connect — training platforms (overlap medium)" in out
    assert "field_support" not in out and "advocacy_media" not in out


def test_competitor_suggestions_give_reasons_in_words(cli, real_db):
    result = cli("competitors", "wetechcare", "--json", db=real_db).json()
    reasons = " ".join(s["reason"] for s in result["suggested"])
    assert "role" in reasons and not re.search(r"\b[a-z]+_[a-z_]+\b", reasons)
