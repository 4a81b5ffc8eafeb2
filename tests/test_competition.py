"""Recorded competitors by arena, each side's edge, and suggested competitors on a hand-built map."""

import pytest

from landscape.analysis.competition import competition, edges, suggest
from landscape.dataset import MapData
from landscape.errors import NotFound
from landscape.model.models import Actor, Competitor, Offer, Relation, Source
from landscape.store.database import build


def actor(id_, roles=(), kind="association", influence=None):
    return Actor(id=id_, name=id_.replace("-", " ").title(), kind=kind, sources=["s"],
                 roles=[{"role": r, "level": lvl} for r, lvl in roles],
                 positioning={"influence": influence, "interest": 4, "rationale": "r"} if influence else None)


def market() -> MapData:
    """`we` builds a platform and trains; who else does?"""
    actors = [
        actor("we", [("tool_provider", "primary"), ("training", "secondary")], influence=3),
        actor("twin", [("tool_provider", "primary")]),                      # platform + same primary role
        actor("platformer", [("expertise", "primary"), ("tool_provider", "secondary")]),  # platform, minor role
        actor("lookalike", [("expertise", "primary")]),                     # platform, no role in common
        actor("trainer", [("training", "primary")]),                         # role overlap but not primary for we
        actor("role-only", [("tool_provider", "primary")]),                  # same primary role, no offer
        actor("known", [("tool_provider", "primary")], influence=5),       # already recorded
        actor("patron", [("funder", "primary"), ("tool_provider", "primary")], kind="foundation"),  # funds we
        actor("minister", [("tool_provider", "primary")], kind="person"),
        actor("stranger", [("policy_maker", "primary")], kind="ministry"),
    ]
    offers = [Offer(id=f"{o}-platform", name=f"{o.title()} App", owner=o, category="platform", sources=["s"])
              for o in ("we", "twin", "platformer", "lookalike", "known", "patron")]
    offers.append(Offer(id="we-guide", name="We Guide", owner="we", category="publication", sources=["s"]))
    relations = [
        Relation(id="p-we", source="patron", target="we", kind="funds", sources=["s"]),
        Relation(id="p-twin", source="patron", target="twin", kind="funds", sources=["s"]),
        Relation(id="we-known", source="we", target="known", kind="partner", sources=["s"]),
        Relation(id="known-x", source="known", target="stranger", kind="partner", sources=["s"]),
    ]
    competitors = [
        Competitor(id="we-vs-known", actor="known", competitor="we", arena="learning platforms", overlap="high",
                   note="Both sell a platform to départements.", sources=["s"]),
        Competitor(id="we-vs-trainer", actor="we", competitor="trainer", arena="training", overlap="low",
                   sources=["s"]),
    ]
    return MapData(sources=[Source(id="s", title="S", kind="web")], actors=actors, offers=offers,
                   relations=relations, competitors=competitors).sort()


def test_suggestions_rank_and_explain():
    data = market()
    found = suggest(data, data.index("actors")["we"])
    assert [s["id"] for s in found] == ["twin", "platformer", "role-only"]
    twin = found[0]
    assert twin["suggested"] is True and twin["shared_categories"] == ["platform"]
    assert twin["shared_primary_roles"] == ["tool_provider"] and twin["shared_funders"] == ["patron"]
    assert twin["score"] == 3 + 2 + 0.5
    assert twin["reason"] == "also runs platforms (Twin App); same primary role: tool provider; same funder: Patron"
    assert found[1]["reason"] == "also runs platforms (Platformer App); overlapping role: tool provider"
    assert found[2]["reason"] == "same primary role: tool provider"
    assert len(suggest(data, data.index("actors")["we"], limit=1)) == 1


def test_suggestions_leave_out_recorded_dependants_people_and_strangers():
    data = market()
    ids = {s["id"] for s in suggest(data, data.index("actors")["we"], limit=None)}
    assert ids.isdisjoint({"we", "known", "trainer", "patron", "minister", "stranger", "lookalike"})


def test_recorded_rivals_grouped_by_arena_with_edges():
    result = competition(market(), "we")
    assert result["actor"]["id"] == "we"
    assert [g["arena"] for g in result["recorded"]] == ["learning platforms", "training"]  # high overlap first
    known = result["recorded"][0]["rivals"][0]
    assert known["id"] == "known" and known["overlap"] == "high" and known["suggested"] is False
    assert known["note"] == "Both sell a platform to départements."
    assert "curated influence 5 vs 3" in known["edge"]["competitor"]
    assert "funders 1 vs 0" in known["edge"]["actor"] and "offers 2 vs 1" in known["edge"]["actor"]
    assert result["recorded"][1]["rivals"][0]["id"] == "trainer"  # recorded from either side
    assert all(s["suggested"] for s in result["suggested"])


def test_edges_skip_ties_and_unknowns():
    mine = {"influence": 3, "measured": None, "partners": 2, "funders": 1, "plans": 0, "offers": 1}
    theirs = {"influence": 3, "measured": 4, "partners": 1, "funders": 2, "plans": 0, "offers": 1}
    assert edges(mine, theirs) == (["partners 2 vs 1"], ["funders 2 vs 1"])


def test_competition_of_unknown_actor():
    with pytest.raises(NotFound):
        competition(market(), "nobody")


def test_cli_competitors_json(cli, tmp_path):
    path = tmp_path / "market.db"
    from tests.factories import tiny_map
    data = market()
    # the store demands the 101 plans of a complete map: borrow them from the tiny map
    data.plans = [p.model_copy(update={"lead": None, "partners": []}) for p in tiny_map().plans
                  if p.status == "none_known"]
    build(path, data)
    r = cli("competitors", "We", "--json", db=path)
    assert r.code == 0, r.err
    result = r.json()
    assert {"actor", "recorded", "suggested"} <= set(result)
    assert result["suggested"][0] == {**result["suggested"][0], "id": "twin", "suggested": True}
    assert all("reason" in s for s in result["suggested"])
    text = cli("competitors", "we", db=path).out
    assert "learning platforms" in text and "Known's edge: curated influence 5 vs 3" in text
    assert "Suggested (not yet recorded)" in text and "also runs platforms (Twin App)" in text
