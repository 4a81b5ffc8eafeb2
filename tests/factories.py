"""A small hand-built map for tests whose answers must be known exactly (not the curated data)."""

from __future__ import annotations

from landscape.dataset import MapData, load_departements
from landscape.models import Actor, Competitor, Event, Offer, Plan, Relation, Source


def tiny_map() -> MapData:
    """Five actors, a few relations and events, and the 101 plans (two of them known)."""
    sources = [
        Source(id="src-a", title="Source A", publisher="Test", url="https://example.org/a", date="2020", kind="web"),
        Source(id="src-b", title="Source B", kind="report", locator="p. 2"),
    ]
    actors = [
        Actor(id="alpha", name="Alpha Connect", aliases=["AC"], kind="association", sector="ess",
              roles=[{"role": "field_support", "level": "primary"}, {"role": "advocacy_media", "level": "secondary"}],
              positioning={"influence": 4, "interest": 5, "rationale": "Alpha leads the field."},
              summary="Helps people online.", sources=["src-a"]),
        Actor(id="beta", name="Beta Tech", kind="association", sector="ess",
              roles=[{"role": "tool_provider", "level": "primary"}],
              positioning={"influence": 2, "interest": 4, "rationale": "Small but keen."}, sources=["src-a"],
              disputes=[{"field": "founded", "claims": [{"value": "2015", "sources": ["src-a"]},
                                                         {"value": "2016-04-13", "sources": ["src-b"]}]}]),
        Actor(id="state", name="Secrétariat d'État au numérique", aliases=["SEN"], kind="ministry", sector="public",
              roles=[{"role": "policy_maker", "level": "primary"}, {"role": "funder", "level": "secondary"}],
              positioning={"influence": 5, "interest": 2, "rationale": "Sets policy."}, sources=["src-b"]),
        Actor(id="gamma", name="Gamma Foundation", kind="foundation", sector="private",
              roles=[{"role": "funder", "level": "primary"}], sources=["src-a"]),
        Actor(id="dept-64", name="Département des Pyrénées-Atlantiques", kind="local_authority", sector="public",
              departement="64", roles=[{"role": "coordinator", "level": "primary"}], sources=["src-b"]),
    ]
    departements = load_departements()
    plans = []
    for d in departements:
        extra: dict = {}
        if d.code == "64":
            extra = {"status": "adopted", "title": "Stratégie", "adopted": "2017-10", "lead": "dept-64",
                     "partners": ["alpha"], "sources": ["src-b"]}
        elif d.code == "56":
            extra = {"status": "in_preparation", "sources": ["src-a"]}
        plans.append(Plan(id=f"plan-{d.code.lower()}", departement_code=d.code, departement_name=d.name,
                          region=d.region, **{"status": "none_known", **extra}))
    relations = [
        Relation(id="gamma-funds-alpha", source="gamma", target="alpha", kind="funds", since="2013", sources=["src-a"]),
        Relation(id="gamma-funds-beta", source="gamma", target="beta", kind="funds", sources=["src-a"]),
        Relation(id="alpha-founded-beta", source="alpha", target="beta", kind="founded", sources=["src-b"]),
        Relation(id="state-consulted-alpha", source="alpha", target="state", kind="consulted", sources=["src-b"]),
        Relation(id="beta-partner-dept", source="beta", target="dept-64", kind="partner", sources=["src-b"]),
    ]
    events = [
        Event(id="ev-2013", date="2013-02", title="Alpha is created", kind="creation", scope="national",
              actors=["alpha"], sources=["src-a"]),
        Event(id="ev-2017", date="2017-12-12", title="National strategy launched", kind="launch", scope="national",
              actors=["state", "alpha"], sources=["src-b"]),
        Event(id="ev-2018", date="2018-10-05", title="Pyrénées-Atlantiques labelled", kind="label",
              scope="departmental", departement="64", actors=["dept-64"], sources=["src-b"]),
    ]
    competitors = [
        Competitor(id="beta-vs-alpha", actor="beta", competitor="alpha", arena="training platforms",
                   overlap="medium", note="Beta builds tools; Alpha trains in person.", sources=["src-a"]),
    ]
    offers = [
        Offer(id="beta-clicks", name="Beta Clicks", owner="beta", category="platform", launched="2016",
              summary="Learning platform.", sources=["src-a"]),
        Offer(id="alpha-help", name="Alpha Helpdesk", owner="alpha", category="service", sources=["src-a"]),
    ]
    return MapData(sources=sources, actors=actors, plans=plans, events=events, relations=relations,
                   competitors=competitors, offers=offers).sort()
