"""A small hand-built map for tests whose answers must be known exactly (not the curated data)."""

from __future__ import annotations

from landscape.dataset import MapData, load_departements
from landscape.model.models import Actor, Competitor, Event, Offer, Plan, Relation, Source


def tiny_map() -> MapData:
    """Five actors, a few relations and events, and three plans (two generations in the Pyrénées-Atlantiques)."""
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
    names = {d.code: d for d in load_departements()}
    plans = [
        Plan(id="plan-64-strategie-2018", departement_code="64", departement_name=names["64"].name,
             region=names["64"].region, generation="strategie-2018", status="adopted", title="Stratégie",
             adopted="2017-10", carriers=["dept-64"], partners=["alpha"], sources=["src-b"]),
        Plan(id="plan-64-fne-2024", departement_code="64", departement_name=names["64"].name,
             region=names["64"].region, generation="fne-2024", status="in_preparation", period="2024-2027",
             carriers=["dept-64", "state"], sources=["src-a"]),
        Plan(id="plan-56-fne-2024", departement_code="56", departement_name=names["56"].name,
             region=names["56"].region, generation="fne-2024", status="in_preparation", sources=["src-a"]),
    ]
    relations = [
        Relation(id="gamma-funds-alpha", source="gamma", target="alpha", kind="funds", since="2013", sources=["src-a"]),
        Relation(id="gamma-funds-beta", source="gamma", target="beta", kind="funds", sources=["src-a"]),
        Relation(id="alpha-founded-beta", source="alpha", target="beta", kind="founded", sources=["src-b"]),
        Relation(id="state-consulted-alpha", source="alpha", target="state", kind="consulted_by", sources=["src-b"]),
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
