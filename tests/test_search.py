"""Fuzzy search: a query table over the real map, properties, refresh, filters and the CLI."""

from __future__ import annotations

import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from landscape.errors import LandscapeError
from landscape.model.models import Actor
from landscape.analysis.search import KINDS, Hit, SearchIndex, lieu_hit_id
from landscape.store.search_index import reindex
from landscape.store.database import Store
from tests.factories import tiny_map

# (query, expected id among the first `top` hits, top): typos, accents, acronyms, aliases, codes,
# people, word order, prefixes.
QUERY_TABLE = [
    ("emaus conect", "emmaus-connect", 1),
    ("Emmaüs Connect", "emmaus-connect", 1),
    ("EMMAUS CONNECT", "emmaus-connect", 1),
    ("connect emmaus", "emmaus-connect", 1),
    ("wetechcare", "wetechcare", 1),
    ("we tech care", "wetechcare", 1),
    ("wetechcar", "wetechcare", 1),
    ("pole emploi", "france-travail", 1),
    ("Pôle Emploi", "france-travail", 1),
    ("france travail", "france-travail", 1),
    ("CNAF", "cnaf", 1),
    ("allocations familiales", "cnaf", 1),
    ("ANCT", "anct", 1),
    ("agence nationale cohesion", "anct", 1),
    ("cohésion des territoires", "anct", 1),
    ("BSF", "bibliotheques-sans-frontieres", 1),
    ("bibliotheque sans frontiere", "bibliotheques-sans-frontieres", 1),
    ("mahjoubi", "mounir-mahjoubi", 1),
    ("mahjubi mounir", "mounir-mahjoubi", 1),
    ("mounir", "mounir-mahjoubi", 1),
    ("cedric o", "cedric-o", 1),
    ("hulot nicolas", "nicolas-hulot", 1),
    ("jacqueline gouraut", "jacqueline-gourault", 1),
    ("valerie peugot", "valerie-peugeot", 1),
    ("itier", "christophe-itier", 1),
    ("deydier", "jean-deydier", 1),
    ("pyrenees atlantiques", "64", 1),
    ("Pyrénées-Atlantiques", "64", 1),
    ("64", "64", 1),
    ("56", "56", 1),
    ("33", "33", 1),
    ("gironde", "33", 1),
    ("croix rouge", "croix-rouge-francaise", 1),
    ("caisse des depots", "caisse-des-depots", 1),
    ("CDC", "caisse-des-depots", 1),
    ("banque territoires", "banque-des-territoires", 1),
    ("cour des comptes", "cour-des-comptes", 1),
    ("mednum", "la-mednum", 1),
    ("la med num", "la-mednum", 1),
    ("familes rurales", "familles-rurales", 1),
    ("secretariat d'etat au numerique", "secretariat-etat-numerique", 1),
    ("sénat", "senat", 1),
    ("aidants connect", "aidants-connect", 1),
    ("pass numerique", "pass-numerique", 1),
    ("CNFS", "conseillers-numeriques-france-services", 1),
    ("assurance maladie", "cnam", 1),
    ("hubikoop", "hubik", 1),
    ("axel lemaire", "axelle-lemaire", 1),
    ("fondation orange", "fondation-orange", 1),
    ("homeless", "emmaus-connect-vs-la-cloche-homeless-access", 1),
    ("nouvelle aquitaine", "33", 12),
    ("assises mediation bordeaux", "2014-assises-mediation-bordeaux", 1),
]


@pytest.fixture(scope="module")
def real_index(tmp_path_factory, real_map):
    from landscape.store.database import build

    path = tmp_path_factory.mktemp("search") / "real.db"
    build(path, real_map)
    index = SearchIndex.from_db(path)
    yield index
    index.close()


@pytest.mark.parametrize(("query", "expected", "top"), QUERY_TABLE, ids=[q for q, _, _ in QUERY_TABLE])
def test_query_table(real_index, query, expected, top):
    ids = [h.id for h in real_index.search(query, limit=top)]
    assert expected in ids, (query, ids)


def test_table_is_large_enough():
    assert len(QUERY_TABLE) >= 40


def test_hit_shape_and_spans(real_index):
    hit = real_index.search("emaus conect", limit=1)[0]
    assert (hit.kind, hit.id, hit.field) == ("actor", "emmaus-connect", "name")
    assert hit.text == hit.name and hit.aliases == ["Emmaus Connect"]
    assert 0 < hit.score <= 100
    assert hit.to_json() == {"kind": "actor", "id": "emmaus-connect", "name": "Emmaüs Connect",
                             "aliases": ["Emmaus Connect"], "score": hit.score, "field": "name",
                             "spans": [list(s) for s in hit.spans]}
    highlighted = "".join(hit.name[s:e] for s, e in hit.spans)
    assert highlighted.startswith("Em") and "Con" in highlighted


def test_alias_and_code_fields(real_index):
    alias = real_index.search("pole emploi", limit=1)[0]
    assert (alias.id, alias.field, alias.text) == ("france-travail", "alias", "Pôle emploi")
    assert alias.spans == [(0, len("Pôle emploi"))]
    code = real_index.search("64", limit=1)[0]
    assert (code.kind, code.field, code.text, code.spans) == ("departement", "departement_code", "64", [(0, 2)])


def test_exact_beats_prefix_beats_fuzzy(real_index):
    exact = real_index.search("orange", kinds=["actor"], limit=5)
    assert exact[0].id == "orange" and exact[0].score == 100
    assert exact[1].id == "fondation-orange" and exact[1].score < 100
    fuzzy = real_index.search("oragne", kinds=["actor"], limit=5)
    assert fuzzy and fuzzy[0].score < exact[1].score


def test_name_beats_summary(real_index):
    hits = real_index.search("ideas box", limit=5)
    assert hits[0].id == "ideas-box" and hits[0].field == "name"
    assert any(h.field == "summary" for h in hits[1:])
    assert all(h.score < hits[0].score for h in hits if h.field == "summary")


def test_vocabulary_labels_in_both_languages(real_index):
    """An actor is found by its role or kind, read in French or in English; a plan by its status."""
    for query in ("financeur", "funder"):
        hits = real_index.search(query, kinds=["actor"], limit=40)
        assert "google-org" in {h.id for h in hits if h.field == "label"}, query
    public = real_index.search("opérateur de service public", kinds=["actor"], limit=40)
    assert {"la-poste", "cnam"} <= {h.id for h in public}
    assert all(h.field != "label" or h.score < 100 for h in public)  # a name still outranks a label
    written = real_index.search("en vigueur", kinds=["plan"], limit=60)
    assert "plan-01-fne-2024" in {h.id for h in written}


def test_french_texts_are_searched(real_index):
    """French twins of the curated texts are indexed: words only the French summary holds find the record."""
    hits = real_index.search("coprésidé comité de pilotage isère", limit=5)
    assert "prefecture-isere" in {h.id for h in hits}


def test_short_queries(real_index):
    assert real_index.search("o", kinds=["actor"], limit=1)[0].id == "orange"
    hits = real_index.search("em", kinds=["actor"], limit=4)
    assert {"emmaus-defi", "emmaus-france", "emmaus-connect"} <= {h.id for h in hits}


def test_kind_filters_and_limit(real_index):
    hits = real_index.search("emmaus", kinds=["event"], limit=3)
    assert len(hits) == 3 and {h.kind for h in hits} == {"event"}
    both = real_index.search("emmaus", kinds=["event", "source"], limit=50)
    assert {h.kind for h in both} == {"event", "source"}
    assert real_index.search("emmaus", limit=0) == []
    assert real_index.search("   ", limit=5) == []
    with pytest.raises(LandscapeError, match="unknown kind 'actors'"):
        real_index.search("x", kinds=["actors"])


# --- properties ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def tiny_index():
    return SearchIndex.from_map(tiny_map())


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(max_size=60), kinds=st.none() | st.lists(st.sampled_from(KINDS), max_size=3),
       limit=st.integers(0, 30))
def test_any_query_is_safe(tiny_index, query, kinds, limit):
    hits = tiny_index.search(query, kinds, limit)
    assert len(hits) <= limit
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert len({(h.kind, h.id) for h in hits}) == len(hits)
    for hit in hits:
        assert isinstance(hit, Hit) and 0 <= hit.score <= 100
        assert kinds is None or hit.kind in kinds
        for start, end in hit.spans:
            assert 0 <= start < end <= len(hit.text)
        assert hit.spans == sorted(hit.spans)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from([a.name for a in tiny_map().actors]), st.randoms())
def test_names_with_noise_are_found(tiny_index, name, rnd):
    """A name in another case, without accents or with its words reversed is still found first."""
    variant = rnd.choice([name.upper(), name.lower(), " ".join(reversed(name.split())),
                          name.replace("é", "e").replace("É", "E")])
    assert tiny_index.search(variant, kinds=["actor"], limit=1)[0].name == name


# --- refresh, places, threads ----------------------------------------------------------------------

def _add_actor(store: Store, actor: Actor) -> None:
    from landscape.dataset import MapData

    store.merge_map(MapData(actors=[actor]))


def test_refreshes_after_a_write(tiny_db):
    index = SearchIndex.from_db(tiny_db)
    assert index.search("zorglub", kinds=["actor"]) == []
    writer = Store.open(tiny_db)  # another connection, as another process would
    _add_actor(writer, Actor(id="zorglub", name="Zorglub Numérique", kind="association", sources=["src-a"]))
    writer.close()
    assert index.search("zorglub", kinds=["actor"])[0].id == "zorglub"
    assert index.refresh() is False  # nothing new since


def test_refreshes_after_a_write_on_the_same_store(tiny_db):
    store = Store.open(tiny_db)
    index = SearchIndex.from_store(store)
    _add_actor(store, Actor(id="yoyodyne", name="Yoyodyne", kind="company", sources=["src-a"]))
    assert index.search("yoyodine")[0].id == "yoyodyne"


def test_places_by_name_and_commune(tiny_db):
    store = Store.open(tiny_db)
    rows = [{"origin": "test-file", "id": f"l{i}", "pivot": "00000000000000", "nom": nom, "commune": commune,
             "code_postal": "64000", "adresse": "1 rue", "date_maj": "2024-01-01", "departement_code": "64"}
            for i, (nom, commune) in enumerate([("Médiathèque André Labarrère", "Pau"),
                                                ("Espace France Services", "Bayonne")])]
    with store.transaction() as db:
        db["lieux"].insert_all(rows)
        reindex(db.conn, "lieu")
    index = SearchIndex.from_store(store)
    hit = index.search("mediatheque labarere", limit=1)[0]
    assert (hit.kind, hit.id, hit.field) == ("lieu", lieu_hit_id("test-file", "l0"), "name")
    by_commune = index.search("bayonne", kinds=["lieu"])[0]
    assert (by_commune.id, by_commune.field, by_commune.text) == ("test-file:l1", "commune", "Bayonne")
    assert index.search("bayonne", kinds=["actor"]) == []


def test_usable_from_worker_threads(tiny_db):
    index = SearchIndex.from_db(tiny_db)
    results, errors = [], []

    def work():
        try:
            for _ in range(20):
                results.append(index.search("alpha conect", limit=1)[0].id)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and set(results) == {"alpha"}


# --- CLI --------------------------------------------------------------------------------------------

def test_cli_json_puts_emmaus_connect_first(cli, real_db):
    r = cli("search", "emaus conect", "--json", db=real_db)
    assert r.code == 0, r.err
    hits = r.json()
    assert hits[0]["id"] == "emmaus-connect" and hits[0]["kind"] == "actor"
    assert set(hits[0]) == {"kind", "id", "name", "aliases", "score", "field", "spans"}


def test_cli_kind_and_limit(cli, tiny_db):
    r = cli("search", "alpha", "--kind", "event", "--kind", "offer", "--limit", "2", "--json", db=tiny_db)
    assert r.code == 0 and len(r.json()) == 2 and {h["kind"] for h in r.json()} <= {"event", "offer"}
    plural = cli("search", "alpha", "--kind", "actors", "--kind", "Events", "--json", db=tiny_db)
    assert plural.code == 0 and {h["kind"] for h in plural.json()} <= {"actor", "event"} and plural.json()
    bad = cli("search", "alpha", "--kind", "wizards", db=tiny_db)
    assert bad.code == 2 and "wizards" in bad.err and "Traceback" not in bad.err


def test_cli_text_highlights_and_never_obeys_escapes(cli, tiny_db):
    store = Store.open(tiny_db)
    _add_actor(store, Actor(id="evil", name="Evil \x1b[31mRed[bold]", kind="company", sources=["src-a"]))
    store.close()
    r = cli("search", "evil red", db=tiny_db)
    assert r.code == 0
    assert "\x1b[31m" not in r.out and "\\x1b[31mRed[bold]" in r.out
    assert "evil" in r.out and "actor" in r.out
    none = cli("search", "qqqqzzzz", db=tiny_db)
    assert none.code == 0 and "no match" in none.out
