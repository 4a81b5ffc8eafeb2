"""The models accept what the map means and refuse everything else."""

import pytest
from pydantic import ValidationError

from landscape.model.models import Actor, Event, Plan, Relation, Source, check_partial_date


def actor(**fields):
    return Actor(**{"id": "x", "name": "X", "kind": "association", "sources": ["s"], **fields})


@pytest.mark.parametrize("value", ["2013", "2013-02", "2013-02-14", "2024-02-29"])
def test_partial_dates_accepted(value):
    assert check_partial_date(value) == value


@pytest.mark.parametrize("value", ["13", "2013-2", "2013-13", "2013-02-30", "2023-02-29", "2013/02/14", "février"])
def test_bad_dates_refused(value):
    with pytest.raises(ValueError):
        check_partial_date(value)


def test_actor_valid_with_roles_and_positioning():
    a = actor(roles=[{"role": "funder", "level": "secondary"}],
              positioning={"influence": 5, "interest": 1, "rationale": "r"}, departement="2A")
    assert a.roles[0].role == "funder" and a.positioning.influence == 5 and a.label == "X"


@pytest.mark.parametrize("fields, where", [
    ({"kind": "club"}, "kind"),
    ({"sector": "charity"}, "sector"),
    ({"roles": [{"role": "boss", "level": "primary"}]}, "roles"),
    ({"roles": [{"role": "funder", "level": "main"}]}, "roles"),
    ({"positioning": {"influence": 6, "interest": 1, "rationale": "r"}}, "positioning"),
    ({"positioning": {"influence": 0, "interest": 1, "rationale": "r"}}, "positioning"),
    ({"departement": "20"}, "departement"),
    ({"founded": "2015-13"}, "founded"),
    ({"website": "not a url"}, "website"),
    ({"colour": "red"}, "colour"),
    ({"id": "Not A Slug"}, "id"),
    ({"name": ""}, "name"),
    ({"aliases": "ANCT"}, "aliases"),
])
def test_actor_invalid(fields, where):
    with pytest.raises(ValidationError) as exc:
        actor(**fields)
    assert where in str(exc.value)


def test_strict_types_no_coercion():
    with pytest.raises(ValidationError):
        actor(positioning={"influence": "4", "interest": 1, "rationale": "r"})


def test_actor_needs_a_source():
    with pytest.raises(ValidationError, match="source is required"):
        Actor(id="x", name="X", kind="association")


def test_role_listed_twice_refused():
    with pytest.raises(ValidationError, match="twice"):
        actor(roles=[{"role": "funder"}, {"role": "funder", "level": "secondary"}])


def test_dispute_keeps_every_value():
    a = actor(disputes=[{"field": "founded", "note": "thesis vs CNLE", "claims": [
        {"value": "2015", "sources": ["thesis"]}, {"value": "2016-04-13", "sources": ["cnle"]}]}])
    assert a.disputed and a.founded is None
    assert a.cited_sources() == ["s", "thesis", "cnle"]


def test_dispute_value_must_be_one_of_the_claims():
    with pytest.raises(ValidationError, match="disputed"):
        actor(founded="2014", disputes=[{"field": "founded", "claims": [
            {"value": "2015", "sources": ["a"]}, {"value": "2016", "sources": ["b"]}]}])


def test_dispute_needs_two_claims_and_a_real_field():
    with pytest.raises(ValidationError):
        actor(disputes=[{"field": "founded", "claims": [{"value": "2015", "sources": ["a"]}]}])
    with pytest.raises(ValidationError, match="not a field"):
        actor(disputes=[{"field": "budget", "claims": [{"value": 1, "sources": ["a"]}, {"value": 2, "sources": ["b"]}]}])


def plan(**fields):
    return Plan(**{"id": "plan-64-fne-2024", "departement_code": "64", "departement_name": "Pyrénées-Atlantiques",
                   "region": "Nouvelle-Aquitaine", "generation": "fne-2024", "status": "in_preparation", **fields})


def test_a_plan_needs_a_known_status_and_a_source():
    with pytest.raises(ValidationError, match="source is required"):
        plan()
    with pytest.raises(ValidationError, match="needs a known status"):
        plan(status="none_known", sources=["s"])
    assert plan(status="finalised_unsigned", sources=["s"]).status == "finalised_unsigned"
    assert plan(generation=None, sources=["s"]).generation is None  # recorded before generations
    with pytest.raises(ValidationError):
        plan(generation="fne-2030", sources=["s"])
    with pytest.raises(ValidationError):
        plan(period="2024-27", sources=["s"])


@pytest.mark.parametrize("status", ["voted", "unknown", ""])
def test_plan_status_vocabulary(status):
    with pytest.raises(ValidationError):
        plan(status=status, sources=["s"])


def test_event_relation_source_minimal():
    Event(id="e", date="2017-12-12", title="t", kind="launch", scope="national", sources=["s"])
    Relation(id="r", source="a", target="b", kind="funds", sources=["s"])
    Source(id="s", title="t", kind="thesis")
    with pytest.raises(ValidationError):
        Event(id="e", date="2017-12-12", title="t", kind="party", scope="national", sources=["s"])
    with pytest.raises(ValidationError):
        Relation(id="r", source="a", target="b", kind="likes", sources=["s"])
