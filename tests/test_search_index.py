"""The search index in the database: topic queries weighed by rare words, readable hits, writers
keeping it current (two connections, another process), and damaged indexes rebuilt with a notice."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from landscape.store import search_index
from landscape.dataset import MapData
from landscape.model.models import Actor, Relation
from landscape.analysis.search import SearchIndex
from landscape.store.database import Store

ROOT = Path(__file__).resolve().parent.parent

# (query, expected id among the first `top` hits, top): topics rather than names, French and
# English, with and without accents; the rare words of the query must decide.
TOPIC_TABLE = [
    ("précarité numérique", "orange", 3),
    ("precarite numerique", "orange", 3),
    ("PRÉCARITÉ", "orange", 3),
    ("fracture numérique", "francebleu-haute-vienne-conseillers-2021", 3),
    ("fracture numerique", "credit-agricole-google-impact-challenge-2019", 3),
    ("digital divide", "2019-google-impact-challenge", 3),
    ("illectronisme", "2020-senat-rapport-illectronisme", 1),
    ("senate report", "2020-senat-rapport-illectronisme", 1),
    ("rapport sénat", "2020-senat-rapport-illectronisme", 1),
    ("conseillers numériques", "conseillers-numeriques-france-services", 3),
    ("national strategy digital inclusion", "2018-rapport-snni", 3),
    ("hubs territoriaux", "hubs-territoriaux", 3),
    ("maisons france services", "france-services", 3),
    ("étude d'impact", "2014-etude-impact-emmaus-connect", 1),
    ("etude d impact emmaus", "2014-etude-impact-emmaus-connect", 1),
    ("mobile access homeless", "emmaus-connect-vs-la-cloche-homeless-access", 1),
    ("cour des comptes rapport", "cour-des-comptes", 3),
    ("solidarity top ups", "sfr", 3),
    ("young people", "konexio-vs-simplon-free-training", 3),
    ("rural areas", "familles-rurales", 3),
    ("libraries", "bibliotheques-sans-frontieres", 1),
    ("mednum cooperative", "mediation-numerique-creation-mednum", 3),
    ("appel à projets hubs", "cdc-hubs-appel-2018", 3),
    ("call for projects", "2018-appel-hubs-territoriaux", 1),
    ("voucher", "pass-numerique", 3),
    ("chèque numérique", "pass-numerique", 1),
    ("caf allocations", "cnaf", 1),
    ("pôle emploi chômeurs", "france-travail", 1),
    ("Morbihan network", "2016-morbihan-reseau", 1),
    ("réseau morbihan", "2016-morbihan-reseau", 1),
    ("médiation numérique gironde", "33", 3),  # the département's page
    ("seniors", "indice-fragilite-numerique", 1),
    ("dématérialisation", "lecho-creuse-2019", 1),
    ("maisons digitales orange", "nossenateurs-orange-maisons-digitales", 3),
    ("data standard places", "2022-schema-lieux-mediation", 1),
    ("coupes budgétaires", "bdt-coupes-budgetaires-2024", 1),
    ("label numérique inclusif", "label-numerique-inclusif", 1),
]


@pytest.fixture(scope="module")
def real_index(tmp_path_factory, real_map):
    from landscape.store.database import build

    path = tmp_path_factory.mktemp("topics") / "real.db"
    build(path, real_map)
    index = SearchIndex.from_db(path)
    yield index
    index.close()


@pytest.mark.parametrize(("query", "expected", "top"), TOPIC_TABLE, ids=[q for q, _, _ in TOPIC_TABLE])
def test_topic_table(real_index, query, expected, top):
    ids = [h.id for h in real_index.search(query, limit=top)]
    assert expected in ids, (query, ids)


def test_topic_table_is_large_enough():
    assert len(TOPIC_TABLE) >= 25
    assert sum(any(c in q for c in "éèàô") for q, _, _ in TOPIC_TABLE) >= 8


def test_rare_words_outrank_common_ones(real_index):
    """Orange's summary holds both words; names holding only "numérique" (half the map) fall below it."""
    hits = real_index.search("précarité numérique", limit=10)
    orange = next(h for h in hits if h.id == "orange")
    assert orange.field == "summary" and "Précarité et Numérique" in orange.text
    common_only = [h for h in hits if "precarit" not in h.text.lower().replace("é", "e")]
    assert all(h.score < orange.score for h in common_only)


def test_stop_words_do_not_count(real_index):
    with_stop = [h.id for h in real_index.search("la précarité et le numérique", limit=3)]
    assert "orange" in with_stop


def test_name_outranks_summary_at_equal_evidence(real_index):
    hits = real_index.search("maisons digitales", limit=5)
    assert hits[0].field == "name" and hits[0].id == "maisons-digitales"
    assert all(h.score < hits[0].score for h in hits if h.field == "summary")


def test_hits_read_names_not_ids(real_index):
    relation = real_index.search("morbihan partner msa", kinds=["relation"], limit=1)[0]
    assert relation.id == "rel-cd-morbihan-partner-msa"
    assert relation.name == "Conseil départemental du Morbihan — partner — Mutualité sociale agricole"
    competitor = real_index.search("homeless", kinds=["competitor"], limit=1)[0]
    assert competitor.name == "Emmaüs Connect vs La Cloche: digital access for homeless people"
    assert competitor.to_json()["id"] == "emmaus-connect-vs-la-cloche-homeless-access"


def test_cli_prints_names_and_keeps_ids_in_json(cli, real_db):
    r = cli("search", "précarité numérique", "--limit", "3", db=real_db)
    assert r.code == 0 and "Orange" in r.out
    relation = cli("search", "morbihan partner msa", "--kind", "relation", "--limit", "1", db=real_db)
    assert "Conseil départemental du Morbihan — partner — Mutualité sociale agricole" in relation.out
    hits = cli("search", "précarité numérique", "--limit", "3", "--json", db=real_db).json()
    assert "orange" in [h["id"] for h in hits]


# --- kept current by the writers ---------------------------------------------------------------------

def test_index_lives_in_the_database(tiny_db):
    conn = sqlite3.connect(tiny_db)
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    assert {"search_docs", "search_keys", "search_fts", "search_meta"} <= tables
    assert search_index.problem(conn) is None
    docs = conn.execute("SELECT count(*) FROM search_docs").fetchone()[0]
    conn.close()
    assert docs == sum(Store.open(tiny_db).counts().values()) + 101  # the records and the 101 départements


def test_write_on_another_connection_is_found_by_the_next_search(tiny_db):
    """The dashboard's index (one connection) sees what a CLI edit (another connection) commits."""
    dashboard = SearchIndex.from_db(tiny_db)
    assert dashboard.search("zorglub", kinds=["actor"]) == []
    editor = Store.open(tiny_db)
    editor.merge_map(MapData(actors=[Actor(id="zorglub", name="Zorglub Numérique", kind="association",
                                           summary="Fights précarité", sources=["src-a"])]))
    assert dashboard.search("zorglub")[0].id == "zorglub"
    editor.merge_map(MapData(actors=[Actor(id="zorglub", name="Zorglub Solidaire", kind="association",
                                           sources=["src-a"])]))
    assert dashboard.search("zorglub solidaire")[0].name == "Zorglub Solidaire"
    assert dashboard.search("précarité", kinds=["actor"]) == []  # the old summary is gone
    editor.close()
    dashboard.close()


def test_renaming_an_actor_renames_its_relations(tiny_db):
    store = Store.open(tiny_db)
    relation = store.map().relations[0]
    source = next(a for a in store.map().actors if a.id == relation.source)
    store.merge_map(MapData(actors=[source.model_copy(update={"name": "Quetzal Renamed"})]))
    index = SearchIndex.from_store(store)
    hit = index.search("quetzal renamed", kinds=["relation"], limit=1)[0]
    assert hit.id == relation.id and hit.name.startswith("Quetzal Renamed — ")
    store.close()


def test_a_fetch_by_another_process_is_found(tmp_path, tiny_db):
    """`landscape fetch lieux --file` in another process while an index is open: the next search finds the places."""
    index = SearchIndex.from_db(tiny_db)
    assert index.search("anonymal", kinds=["lieu"]) == []
    done = subprocess.run([sys.executable, "-m", "landscape", "--db", str(tiny_db), "fetch", "lieux", "--file",
                           str(ROOT / "tests" / "data" / "exemple-valide.csv"), "--report", str(tmp_path / "r.csv")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    hit = index.search("anonymal", kinds=["lieu"])[0]
    assert hit.name == "Anonymal" and hit.id.endswith(":structure-1")
    index.close()


def test_rebuild_keeps_curated_records_and_places(tiny_db):
    conn = sqlite3.connect(tiny_db)
    before = conn.execute("SELECT kind, ref, name FROM search_docs ORDER BY kind, ref").fetchall()
    with conn:
        search_index.rebuild(conn)
    assert conn.execute("SELECT kind, ref, name FROM search_docs ORDER BY kind, ref").fetchall() == before
    conn.close()


# --- damaged indexes ---------------------------------------------------------------------------------

def _damage(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.mark.parametrize(("statements", "why"), [
    (["DROP TABLE search_docs"], "incomplete"),
    (["DROP TABLE search_terms", "DROP TABLE search_fts", "DROP TABLE search_keys", "DROP TABLE search_docs",
      "DROP TABLE search_meta"], "missing"),
    (["UPDATE search_meta SET value = '0' WHERE key = 'format'"], "of another version"),
    (["DELETE FROM search_fts_data"], "corrupt"),
    (["DROP TABLE search_fts_idx"], "corrupt"),
    (["INSERT INTO actors (id, name, kind, aliases) VALUES ('ghost', 'Ghost Writer', 'company', '[]')"], "out of date"),
], ids=["one-table-dropped", "all-dropped", "old-format", "fts-data-wiped", "fts-shadow-dropped", "unindexed-write"])
def test_damaged_index_is_rebuilt_with_one_line(tiny_db, capsys, statements, why):
    _damage(tiny_db, *statements)
    index = SearchIndex.from_db(tiny_db)
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"search index {why}; rebuilt it" in err and "Traceback" not in err
    assert index.search("alpha", kinds=["actor"])[0].id == "alpha"
    if why == "out of date":
        assert index.search("ghost writer")[0].id == "ghost"
    index.close()
    conn = sqlite3.connect(tiny_db)
    assert search_index.problem(conn) is None
    assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    conn.close()


def test_cli_search_on_a_damaged_index_prints_a_notice_not_a_traceback(cli, tiny_db):
    _damage(tiny_db, "DELETE FROM search_fts_data")
    r = cli("search", "alpha", "--json", db=tiny_db)
    assert r.code == 0 and r.json()[0]["id"] == "alpha"
    assert "search index corrupt; rebuilt it" in r.err and "Traceback" not in r.err


def test_read_only_database_needing_a_rebuild_is_one_line(tmp_path, tiny_db):
    _damage(tiny_db, "DROP TABLE search_docs")
    tiny_db.chmod(0o444)
    try:
        conn = sqlite3.connect(f"file:{tiny_db}?mode=ro", uri=True, check_same_thread=False)
        with pytest.raises(Exception) as info:
            SearchIndex(conn)
        assert "search index" in str(info.value) and "\n" not in str(info.value)
    finally:
        tiny_db.chmod(0o644)


def test_reindex_of_missing_ids_removes_their_documents(tiny_db):
    store = Store.open(tiny_db)
    with store.transaction() as db:
        db.execute("DELETE FROM citations WHERE record_table = 'relations'")
        relation_ids = [r[0] for r in db.execute("SELECT id FROM relations")]
        db.execute("DELETE FROM relations")
        search_index.reindex(db.conn, "relations", relation_ids)
    index = SearchIndex.from_store(store)
    assert all(h.kind != "relation" for h in index.search("alpha", limit=50))
    assert search_index.problem(store.db.conn) is None
    store.close()


def test_relation_kind_reads_as_words(tiny_db):
    store = Store.open(tiny_db)
    data = store.map()
    a, b = data.actors[0], data.actors[1]
    store.merge_map(MapData(relations=[Relation(id="rel-test-member", source=a.id, target=b.id, kind="member_of",
                                                sources=["src-a"])]))
    hit = SearchIndex.from_store(store).search("rel test member", kinds=["relation"], limit=1)[0]
    assert hit.name == f"{a.name} — member of — {b.name}"
    store.close()
