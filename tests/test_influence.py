"""Measured influence on small hand-built graphs whose answers are known."""

import networkx as nx
import pytest

from landscape.dataset import MapData
from landscape.analysis.influence import (EDGES, GAP_FLAG, brokerage, directed_graph, measure, measured_scores,
                                 undirected_graph, _bfs)
from landscape.model.models import Actor, Relation, Source
from landscape.model.vocab import RelationKind, values
from tests.factories import tiny_map


def graph_map(edges, kinds=None, influence=None):
    """A map whose actors are the nodes of `edges` ((source, target) or (source, target, relation kind))."""
    nodes = sorted({n for e in edges for n in e[:2]} | set(kinds or {}))
    kinds = kinds or {}
    actors = [Actor(id=n, name=n.upper(), kind=kinds.get(n, "association"), sources=["s"],
                    positioning={"influence": influence[n], "interest": 3, "rationale": "r"}
                    if influence and n in influence else None) for n in nodes]
    relations = [Relation(id=f"r{i}", source=e[0], target=e[1], kind=e[2] if len(e) > 2 else "partner",
                          sources=["s"]) for i, e in enumerate(edges)]
    return MapData(sources=[Source(id="s", title="S", kind="web")], actors=actors, relations=relations).sort()


def rows_by_id(data):
    return {row["id"]: row for row in measure(data)}


def test_every_relation_kind_has_a_direction_and_weight():
    assert set(EDGES) == set(values(RelationKind))
    assert all(d in ("in", "out", "both") and w > 0 for d, w in EDGES.values())


def test_star_centre_leads_every_measure():
    data = graph_map([("hub", leaf) for leaf in ("a", "b", "c", "d", "e")])
    rows = rows_by_id(data)
    hub = rows["hub"]
    assert hub["degree"] == 5 and hub["betweenness"] == pytest.approx(1.0) and hub["pagerank_rank"] == 1
    assert hub["measured"] == 5
    for leaf in "abcde":
        assert rows[leaf]["degree"] == 1 and rows[leaf]["betweenness"] == 0
        assert rows[leaf]["pagerank"] < hub["pagerank"]
        assert rows[leaf]["pagerank"] == pytest.approx(rows["a"]["pagerank"])  # symmetric leaves tie
        assert "Bridges no one" in rows[leaf]["why"]["betweenness"]
    assert "Tied to 5 actors: 5 associations." == hub["why"]["degree"]


def test_path_middle_has_highest_betweenness():
    data = graph_map([("a", "b"), ("b", "c"), ("c", "d"), ("d", "e")])
    rows = rows_by_id(data)
    # c lies on 4 of the 6 pairs of other nodes' shortest paths, b and d on 3, the ends on none
    assert rows["c"]["betweenness"] == pytest.approx(4 / 6)
    assert rows["b"]["betweenness"] == pytest.approx(3 / 6) == rows["d"]["betweenness"]
    assert rows["a"]["betweenness"] == 0 == rows["e"]["betweenness"]
    assert max(rows.values(), key=lambda r: r["betweenness"])["id"] == "c"


def test_bridge_between_two_cliques_is_explained():
    left, right = ["a1", "a2", "a3"], ["c1", "c2", "c3"]
    edges = [(x, y) for group in (left, right) for i, x in enumerate(group) for y in group[i + 1:]]
    edges += [("a1", "bridge"), ("bridge", "c1")]
    kinds = {**{n: "association" for n in left}, **{n: "local_authority" for n in right}, "bridge": "public_agency"}
    data = graph_map(edges, kinds=kinds)
    rows = rows_by_id(data)
    assert max(rows.values(), key=lambda r: r["betweenness"])["id"] == "bridge"
    why = rows["bridge"]["why"]["betweenness"]
    assert "bridges the associations and the local authorities (100% of the paths it brokers) through A1 and C1" in why
    assert rows["a1"]["betweenness"] > rows["a2"]["betweenness"] == 0
    assert rows["a1"]["community"] != rows["c1"]["community"]
    assert rows["a2"]["community"] == rows["a3"]["community"]


def test_brokerage_adds_up_to_networkx_betweenness():
    g = nx.les_miserables_graph()
    edges = [(str(u).lower().replace(" ", "-").replace(".", ""), str(v).lower().replace(" ", "-").replace(".", ""))
             for u, v in list(g.edges())[:120]]
    data = graph_map(edges)
    graph = undirected_graph(data)
    expected = nx.betweenness_centrality(graph, normalized=False)
    paths = {n: _bfs(graph, n) for n in graph}
    group = {n: "x" for n in graph}
    for node in sorted(graph, key=lambda n: -expected[n])[:8]:
        found = brokerage(graph, node, paths, group)
        assert found["total"] == pytest.approx(expected[node])
        # each brokered path enters through one neighbour and leaves through another
        assert sum(found["via"].values()) == pytest.approx(2 * expected[node])


def test_pagerank_flows_towards_funders_and_consulted_experts():
    data = graph_map([("fund", "x", "funds"), ("fund", "y", "funds"), ("fund", "z", "funds")])
    rows = rows_by_id(data)
    assert rows["fund"]["pagerank_rank"] == 1
    assert "funded by it" in rows["fund"]["why"]["pagerank"]
    data = graph_map([("expert", "ministry", "consulted_by")])  # expert was consulted by the ministry
    rows = rows_by_id(data)
    assert rows["expert"]["pagerank"] > rows["ministry"]["pagerank"]
    assert "MINISTRY (consulted it)" in rows["expert"]["why"]["pagerank"]


def test_lobbying_is_a_weak_edge_towards_the_lobbied():
    data = graph_map([("assoc", "minister", "lobbied")])  # the association sought to influence the minister
    graph = directed_graph(data)
    assert graph["assoc"]["minister"]["weight"] == EDGES["lobbied"][1] < EDGES["consulted_by"][1]
    assert not graph.has_edge("minister", "assoc")
    assert "ASSOC (lobbied by it)" in rows_by_id(data)["minister"]["why"]["pagerank"]


def test_ended_relations_weigh_half():
    data = graph_map([("a", "b", "funds")])
    ended = data.relations[0].model_copy(update={"until": "2020"})
    data2 = MapData(sources=data.sources, actors=data.actors, relations=[ended])
    assert directed_graph(data)["b"]["a"]["weight"] == EDGES["funds"][1]
    assert directed_graph(data2)["b"]["a"]["weight"] == EDGES["funds"][1] / 2


def test_measured_scores_are_quintiles():
    values_ = {f"n{i}": float(i) for i in range(10)}
    scores = measured_scores(values_, set(values_))
    assert [scores[f"n{i}"] for i in range(10)] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    tied = measured_scores({"a": 1.0, "b": 1.0, "c": 2.0, "d": 0.5}, {"a", "b", "c"})
    assert tied["a"] == tied["b"] == 2 and tied["c"] == 5 and tied["d"] is None  # ties share a mid rank
    assert measured_scores({"a": 1.0}, {"a"}) == {"a": 3}


def test_isolated_actor_has_no_measured_score():
    data = graph_map([("a", "b")], kinds={"lonely": "association"}, influence={"lonely": 5})
    row = rows_by_id(data)["lonely"]
    assert row["measured"] is None and row["gap"] is None and not row["flagged"]
    assert "no relation recorded" in row["explanation"]


def test_gap_is_flagged_when_claim_and_measure_disagree():
    rows = rows_by_id(tiny_map())
    state = rows["state"]
    assert (state["curated"], state["measured"], state["gap"]) == (5, 1, -4)
    assert state["flagged"] and state["flag"] == "claimed 5, measured 1"
    alpha = rows["alpha"]
    assert alpha["gap"] == alpha["measured"] - alpha["curated"] and abs(alpha["gap"]) < GAP_FLAG
    assert not alpha["flagged"] and alpha["flag"] is None


def test_cli_influence_json_and_text(cli, tiny_db, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # content, not layout: see test_cli_reading for narrow terminals
    r = cli("influence", "--json", db=tiny_db)
    assert r.code == 0, r.err
    rows = r.json()
    assert len(rows) == 5
    for row in rows:
        assert set(row) >= {"id", "name", "pagerank", "betweenness", "degree", "curated", "measured", "gap",
                            "explanation"}
    assert [row["pagerank_rank"] for row in rows] == [1, 2, 3, 4, 5]
    assert len(cli("influence", "--json", "--limit", "2", db=tiny_db).json()) == 2
    text = cli("influence", db=tiny_db).out
    assert "⚠ claimed 5, measured 1" in text and "bridges the associations and the ministries" in text


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_actor_kind_is_counted_in_a_group_named_in_words(lang):
    from landscape.analysis.influence import GROUP_NAMES, group_words
    from landscape.i18n import using_lang
    from landscape.model.vocab import ACTOR_KINDS

    with using_lang(lang):
        for kind in ACTOR_KINDS:
            group = GROUP_NAMES[kind]
            for n in (1, 3):
                words = group_words(group, n)
                assert words and "_" not in words, (kind, n, words)
        assert group_words("State services", 1) == {"en": "State service in the territory",
                                                    "fr": "service de l'État dans le territoire"}[lang]
