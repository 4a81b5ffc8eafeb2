"""The curated datasets: complete, cited, and consistent with the official list of départements."""

import pytest

from landscape.dataset import TABLES, load_departements, problems_of
from landscape.text import fold
from landscape.model.vocab import DEPARTEMENT_CODES

MINIMUM = {"actors": 80, "plans": 19, "events": 45, "relations": 120, "competitors": 15, "offers": 15,
           "sources": 50}


def test_datasets_validate_with_no_problem(real_map):
    assert problems_of(real_map) == []


@pytest.mark.parametrize("table, minimum", MINIMUM.items())
def test_minimum_counts(real_map, table, minimum):
    assert len(real_map.table(table)) >= minimum


def test_every_record_is_sourced(real_map):
    for table in TABLES:
        for record in real_map.table(table):
            if table == "sources":
                continue
            assert record.cited_sources(), f"{table} {record.id} cites no source"


def test_official_departements():
    departements = load_departements()
    assert tuple(d.code for d in departements) == DEPARTEMENT_CODES
    names = {d.code: d.name for d in departements}
    assert names["64"] == "Pyrénées-Atlantiques" and names["2A"] == "Corse-du-Sud"
    assert names["22"] == "Côtes-d'Armor" and names["976"] == "Mayotte" and names["974"] == "La Réunion"
    assert len({d.region for d in departements}) == 18


def test_plans_name_their_departement_as_the_official_list_does(real_map):
    official = {d.code: d for d in load_departements()}
    for plan in real_map.plans:
        code = plan.departement_code
        assert (plan.departement_name, plan.region) == (official[code].name, official[code].region), plan.id


def test_events_span_2013_to_2026(real_map):
    years = {int(e.date[:4]) for e in real_map.events}
    assert min(years) == 2013 and max(years) >= 2025


def test_people_of_the_thesis_are_there(real_map):
    actors = real_map.index("actors")
    for person in ("mounir-mahjoubi", "claude-riboulet", "jean-deydier", "cecilia-germain-creuzet"):
        assert actors[person].kind == "person"


def test_known_disputes_are_recorded_not_resolved(real_map):
    wetechcare = real_map.index("actors")["wetechcare"]
    dispute = next(d for d in wetechcare.disputes if d.field == "founded")
    assert {c.value for c in dispute.claims} >= {"2015", "2016-04-13"}


def test_former_names_are_aliases(real_map):
    france_travail = real_map.index("actors")["france-travail"]
    assert "pole emploi" in {fold(a) for a in france_travail.aliases}


def test_end_dates_before_start_dates_are_problems_partial_dates_compared_fairly():
    from tests.factories import tiny_map

    data = tiny_map()
    alpha = data.index("actors")["alpha"]
    data.actors[data.actors.index(alpha)] = alpha.model_copy(update={"founded": "2015-03", "ended": "2015"})
    assert problems_of(data) == []  # ended some time in 2015: not before March 2015
    relation = data.relations[0]
    data.relations[0] = relation.model_copy(update={"since": "2013-05", "until": "2013-04-30"})
    problems = problems_of(data)
    assert [(p.record, p.field) for p in problems] == [(relation.id, "until")]
    assert "ends (2013-04-30) before it began (2013-05)" in str(problems[0])
