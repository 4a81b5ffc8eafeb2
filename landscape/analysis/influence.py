"""Measured influence: what the graph of recorded relations says, beside the curated scores.

The thesis asks whether influence can be measured at all, and answers that network measures give
*potential* influence (the size and shape of a network), not proof of changed minds. This module
measures exactly that potential, three ways, and says in words where each figure comes from:

* **PageRank** — on a *directed, weighted* graph whose edges point from the actor that depends on,
  answers to or endorses another, towards the actor holding the power (`EDGES`): a funded
  association points to its funder, a ministry that consults an expert points to the expert, a
  member points to its network. Being pointed to by actors that are themselves pointed to is
  status. Weights say how much power a tie carries: money and authority (funds, supervises) weigh
  most, a public mention least. Ties that ended (``until`` set) count half.
* **Betweenness** — on the *undirected, unweighted* graph: information and introductions travel
  both ways along any tie, and a tie is a tie whatever its kind. An actor on many shortest paths
  between others is a gatekeeper, the thesis's opinion leader who connects the inside of a group
  to the outside. Normalised to 0–1.
* **Degree** — the number of distinct actors an actor is tied to: the size of its network.

The **measured score** (1–5) is the quintile of an actor's PageRank among the actors that have at
least one relation (score 5: top fifth of the map). It is relative to this map, so it measures
rank, not an absolute level. An actor without any relation gets no measured score: the map records
nothing to measure, which says more about the map than about the actor. The **gap** is measured
minus curated; ``|gap| >= GAP_FLAG`` is flagged ("claimed 5, measured 2").
"""

from __future__ import annotations

import bisect
from collections import Counter, deque
from typing import Any

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # networkx loads only when influence is measured: it slows every command's start
    import networkx as nx

from landscape.i18n import N_, _, decimal, ngettext, percent
from landscape.store.cache import per_map
from landscape.dataset import MapData
from landscape.model.models import Actor, Relation
from landscape.analysis.positioning import short_label

# kind -> (direction of the PageRank edge, weight). "out": source -> target; "in": target -> source;
# "both": an edge each way (symmetric ties).
EDGES: dict[str, tuple[str, float]] = {
    "funds": ("in", 3.0),           # the funded depends on its funder
    "supervises": ("in", 3.0),      # the supervised answers to its authority
    "consulted_by": ("in", 2.0),    # who consults an expert acknowledges the expert
    "lobbied": ("out", 0.5),        # lobbying is an attempt, not an acknowledgement: weak, towards the target
    "founded": ("in", 2.0),         # a creation owes its standing to its founder
    "operates": ("in", 2.0),        # a network or service relies on its operator
    "leads": ("in", 2.0),           # an organisation lends its weight to its head
    "sponsors": ("in", 1.5),        # a lighter form of funding
    "member_of": ("out", 1.0),      # members give a network its weight
    "part_of": ("out", 1.0),        # a programme adds to its agency
    "works_for": ("out", 1.0),      # staff add to their organisation
    "partner": ("both", 1.0),
    "coalition_with": ("both", 1.0),
    "mentions": ("out", 0.5),       # a public citation is a weak endorsement
    "succeeded_by": ("out", 0.5),   # a successor inherits some standing
}
ENDED_FACTOR = 0.5
GAP_FLAG = 2
DAMPING = 0.85

GROUP_NAMES: dict[str, str] = {
    "association": "associations", "cooperative": "cooperatives", "company": "companies",
    "foundation": "foundations", "public_agency": "State agencies", "public_interest_group": "GIPs",
    "ministry": "ministries", "government_office": "government offices", "state_service": "State services",
    "local_authority": "local authorities",
    "public_operator": "public operators", "advisory_body": "advisory bodies",
    "parliamentary_body": "parliamentary bodies", "audit_body": "audit bodies", "network_hub": "territorial hubs",
    "coalition": "coalitions", "media": "media", "person": "people",
}
"""Each actor kind's group (its name in the plural is its identifier); `group_words` reads it."""
_GROUP_WORDS: dict[str, tuple[str, str]] = {
    "associations": (N_("association"), N_("associations")), "cooperatives": (N_("cooperative"), N_("cooperatives")),
    "companies": (N_("company"), N_("companies")), "foundations": (N_("foundation"), N_("foundations")),
    "State agencies": (N_("State agency"), N_("State agencies")), "GIPs": (N_("GIP"), N_("GIPs")),
    "ministries": (N_("ministry"), N_("ministries")),
    "government offices": (N_("government office"), N_("government offices")),
    "State services": (N_("State service in the territory"), N_("State services in the territory")),
    "local authorities": (N_("local authority"), N_("local authorities")),
    "public operators": (N_("public operator"), N_("public operators")),
    "advisory bodies": (N_("advisory body"), N_("advisory bodies")),
    "parliamentary bodies": (N_("parliamentary body"), N_("parliamentary bodies")),
    "audit bodies": (N_("audit body"), N_("audit bodies")), "territorial hubs": (N_("territorial hub"),
                                                                                 N_("territorial hubs")),
    "coalitions": (N_("coalition"), N_("coalitions")), "media": (N_("media outlet"), N_("media")),
    "people": (N_("person"), N_("people")), "départements": (N_("département"), N_("départements")),
}


def group_words(group: str, n: int = 2) -> str:
    """A group's name as read, for `n` of its actors ("1 person", "3 people")."""
    if group in _GROUP_WORDS:
        singular, plural = _GROUP_WORDS[group]
        return _(singular if n == 1 else plural)
    return group


def group_of(actor: Actor) -> str:
    """The group an actor is counted in when saying what it bridges: its kind, in the plural.

    Départements are told apart from other local authorities, as the strategy treats them apart.
    """
    if actor.kind == "local_authority" and actor.name.casefold().startswith(("département", "departement",
                                                                              "conseil départemental")):
        return "départements"
    return GROUP_NAMES.get(actor.kind, actor.kind)


def directed_graph(data: MapData) -> nx.DiGraph:
    """The PageRank graph: every actor a node; edges towards power, weights summed over relations."""
    import networkx as nx
    graph = nx.DiGraph()
    graph.add_nodes_from(a.id for a in data.actors)
    for r in data.relations:
        direction, weight = EDGES[r.kind]
        weight *= ENDED_FACTOR if r.until else 1.0
        pairs = {"out": [(r.source, r.target)], "in": [(r.target, r.source)],
                 "both": [(r.source, r.target), (r.target, r.source)]}[direction]
        for u, v in pairs:
            if graph.has_edge(u, v):
                graph[u][v]["weight"] += weight
                graph[u][v]["kinds"].add(_reads(r, u))
            else:
                graph.add_edge(u, v, weight=weight, kinds={_reads(r, u)})
    return graph


_READS = {"funds": N_("funded by it"), "supervises": N_("supervised by it"), "consulted_by": N_("consulted it"),
          "lobbied": N_("lobbied by it"), "founded": N_("founded by it"), "operates": N_("operated by it"),
          "leads": N_("led by it"), "sponsors": N_("sponsored by it"), "member_of": N_("a member"),
          "part_of": N_("part of it"), "works_for": N_("works for it"), "partner": N_("partner"),
          "coalition_with": N_("coalition partner"), "mentions": N_("mentions it"), "succeeded_by": N_("its predecessor")}


def _reads(r: Relation, u: str) -> str:
    """What the endorsing actor `u` is to the endorsed one, for explanations ("funded by it", "consulted it")."""
    return _(_READS[r.kind])


def undirected_graph(data: MapData) -> nx.Graph:
    """The structural graph: every actor a node; one unweighted edge per pair of related actors."""
    import networkx as nx
    graph = nx.Graph()
    graph.add_nodes_from(a.id for a in data.actors)
    graph.add_edges_from((r.source, r.target) for r in data.relations)
    return graph


def pagerank(graph: nx.DiGraph) -> dict[str, float]:
    import networkx as nx

    if graph.number_of_nodes() == 0:
        return {}
    return nx.pagerank(graph, alpha=DAMPING, weight="weight", max_iter=1000, tol=1e-10)


def measured_scores(values: dict[str, float], eligible: set[str]) -> dict[str, int | None]:
    """Score 1–5 by quintile of `values` among the `eligible` actors (ties share a mid rank); others None."""
    pool = sorted(values[n] for n in eligible)
    n = len(pool)
    scores: dict[str, int | None] = {}
    for node, value in values.items():
        if node not in eligible:
            scores[node] = None
            continue
        if n == 1:
            scores[node] = 3
            continue
        below = _count_below(pool, value)
        equal = _count_below(pool, value, inclusive=True) - below
        pct = (below + (equal - 1) / 2) / (n - 1)  # 0 for the lowest, 1 for the highest
        scores[node] = 1 + min(4, int(pct * 5))
    return scores


def _count_below(pool: list[float], value: float, *, inclusive: bool = False) -> int:
    tol = 1e-12
    return bisect.bisect_right(pool, value + tol) if inclusive else bisect.bisect_left(pool, value - tol)


def _bfs(graph: nx.Graph, source: str) -> tuple[dict[str, int], dict[str, int]]:
    """Distances and numbers of shortest paths from `source`."""
    dist, sigma = {source: 0}, {source: 1}
    queue = deque([source])
    while queue:
        u = queue.popleft()
        for w in graph[u]:
            if w not in dist:
                dist[w] = dist[u] + 1
                sigma[w] = 0
                queue.append(w)
            if dist[w] == dist[u] + 1:
                sigma[w] += sigma[u]
    return dist, sigma


def brokerage(graph: nx.Graph, node: str, paths: dict[str, tuple[dict[str, int], dict[str, int]]],
              group: dict[str, str]) -> dict[str, Any]:
    """Where `node`'s betweenness comes from: the pairs of groups it connects and the neighbours it goes through.

    For every pair of other actors (s, t), the share of shortest s–t paths through `node` is
    split by the groups of s and t, and by the neighbour each path enters and leaves through.
    The shares add up to the unnormalised betweenness of `node`.
    """
    pairs: Counter[tuple[str, str]] = Counter()
    via: Counter[str] = Counter()
    dist_v, sigma_v = paths[node]
    others = [n for n in graph if n != node and n in dist_v]
    neighbours = list(graph[node])
    total = 0.0
    for i, s in enumerate(others):
        dist_s, sigma_s = paths[s]
        entry = {a: sigma_s[a] / sigma_s[node] for a in neighbours
                 if a in dist_s and dist_s[a] == dist_s[node] - 1}
        for t in others[i + 1:]:
            if t not in dist_s or dist_s[node] + dist_v[t] != dist_s[t]:
                continue
            share = sigma_s[node] * sigma_v[t] / sigma_s[t]
            if share <= 0:
                continue
            total += share
            pairs[tuple(sorted((group[s], group[t])))] += share
            dist_t, sigma_t = paths[t]
            for a, part in entry.items():
                via[a] += share * part
            for b in neighbours:
                if b in dist_t and dist_t[b] == dist_t[node] - 1:
                    via[b] += share * sigma_t[b] / sigma_t[node]
    return {"total": total, "pairs": pairs, "via": via}


@per_map
def measure(data: MapData) -> list[dict[str, Any]]:
    """One row per actor, highest PageRank first: the three measures, the scores, the gap and the explanation.

    Computed once per map object (`landscape.store.cache`): every caller gets its own copy.
    """
    import networkx as nx

    actors = data.index("actors")
    directed = directed_graph(data)
    graph = undirected_graph(data)
    pr = pagerank(directed)
    betweenness = nx.betweenness_centrality(graph, normalized=True) if len(graph) else {}
    connected = {n for n in graph if graph.degree(n) > 0}
    scores = measured_scores(pr, connected)
    group = {a.id: group_of(a) for a in data.actors}
    paths = {n: _bfs(graph, n) for n in graph}
    communities = _communities(graph, pr)
    ranked = sorted(pr, key=lambda n: (-pr[n], actors[n].name.casefold()))
    rank = {n: i + 1 for i, n in enumerate(ranked)}
    rows = []
    for node in ranked:
        actor = actors[node]
        curated = actor.positioning.influence if actor.positioning else None
        measured = scores[node]
        gap = measured - curated if measured is not None and curated is not None else None
        flagged = gap is not None and abs(gap) >= GAP_FLAG
        why = {
            "pagerank": _explain_pagerank(directed, pr, node, rank[node], len(ranked), actors),
            "betweenness": _explain_betweenness(graph, node, betweenness.get(node, 0.0), paths, group, actors),
            "degree": _explain_degree(graph, node, group),
        }
        rows.append({
            "id": node, "name": actor.name, "label": short_label(actor), "kind": actor.kind,
            "pagerank": round(pr[node], 6), "pagerank_rank": rank[node],
            "betweenness": round(betweenness.get(node, 0.0), 6), "degree": graph.degree(node),
            "community": communities.get(node),
            "curated": curated, "measured": measured, "gap": gap, "flagged": flagged,
            "flag": _("claimed {curated}, measured {measured}").format(curated=curated, measured=measured)
            if flagged else None,
            "why": why, "explanation": " ".join(why.values()),
        })
    return rows


def _communities(graph: nx.Graph, pr: dict[str, float]) -> dict[str, str]:
    """Each connected actor's community (greedy modularity), named after its highest-PageRank member."""
    import networkx as nx
    core = graph.subgraph(n for n in graph if graph.degree(n) > 0)
    if core.number_of_edges() == 0:
        return {}
    found = nx.community.greedy_modularity_communities(core)
    out = {}
    for members in found:
        leader = max(sorted(members), key=lambda n: pr[n])
        for n in members:
            out[n] = leader
    return out


def _names(ids: list[str], actors: dict[str, Actor]) -> str:
    return _join([actors[i].name for i in ids])


def _explain_pagerank(graph: nx.DiGraph, pr: dict[str, float], node: str, rank: int, n: int,
                      actors: dict[str, Actor]) -> str:
    contributions = {}
    for u in graph.predecessors(node):
        out_weight = sum(d["weight"] for _u, _v, d in graph.out_edges(u, data=True))
        contributions[u] = pr[u] * graph[u][node]["weight"] / out_weight
    head = _("PageRank #{rank} of {n}").format(rank=rank, n=n)
    if not contributions:
        return _("{head}: no recorded actor depends on, consults or endorses it.").format(head=head)
    top = sorted(contributions, key=lambda u: (-contributions[u], u))[:3]
    parts = [f"{actors[u].name} ({', '.join(sorted(graph[u][node]['kinds']))})" for u in top]
    if len(contributions) == len(top):
        return _("{head}: its weight comes from {parts}.").format(head=head, parts=_join(parts))
    share = sum(contributions[u] for u in top) / sum(contributions.values())
    return _("{head}: {share} of its weight comes from {parts} (of {n} actors pointing to it).").format(
        head=head, share=percent(share), parts=_join(parts), n=len(contributions))


def _join(parts: list[str]) -> str:
    """"a", "a and b", "a, b and c" in the reader's language."""
    return parts[0] if len(parts) == 1 else _("{items} and {last}").format(items=", ".join(parts[:-1]), last=parts[-1])


def _explain_betweenness(graph: nx.Graph, node: str, value: float, paths, group: dict[str, str],
                         actors: dict[str, Actor]) -> str:
    if value <= 0:
        if graph.degree(node) == 0:
            return _("Bridges no one: no relation recorded.")
        return _("Bridges no one: every shortest path between other actors avoids it.")
    found = brokerage(graph, node, paths, group)
    pairs: Counter = found["pairs"]
    ordered = sorted(pairs.items(), key=lambda kv: (-round(kv[1], 9), kv[0]))
    # Name the pair of *different* groups it connects most: that is what a bridge is. Only an actor
    # that links members of one group and nothing else is said to link them "to one another".
    mixed = [(p, share) for p, share in ordered if p[0] != p[1]]
    best, carried = mixed[0] if mixed else ordered[0]
    via = [n for n, _share in sorted(found["via"].items(), key=lambda kv: (-kv[1], kv[0]))[:2]]
    what = (_("the {a} and the {b}").format(a=group_words(best[0]), b=group_words(best[1])) if best[0] != best[1]
            else _("{a} to one another").format(a=group_words(best[0])))
    share = found["via"][via[0]] / found["total"] if via else 0
    return _("Betweenness {value}: bridges {what} ({carried} of the paths it brokers) through {names} ({share} of "
             "its brokered paths pass through {first}).").format(
        value=decimal(value, ".3f"), what=what, carried=percent(carried / found["total"]),
        names=_names(via, actors), share=percent(share), first=actors[via[0]].name)


def _explain_degree(graph: nx.Graph, node: str, group: dict[str, str]) -> str:
    neighbours = list(graph[node])
    if not neighbours:
        return _("Tied to no actor.")
    counts = Counter(group[n] for n in neighbours)
    listed = ", ".join(f"{k} {group_words(g, k)}" for g, k in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))
    return ngettext("Tied to {n} actor: {listed}.", "Tied to {n} actors: {listed}.", len(neighbours)).format(
        n=len(neighbours), listed=listed)


def influence_of(data: MapData, actor_id: str) -> dict[str, Any] | None:
    """The measured-influence row of one actor."""
    return next((row for row in measure(data) if row["id"] == actor_id), None)
