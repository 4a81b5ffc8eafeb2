"""The national standard of digital-inclusion places: rules read from its schema, row validation."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from landscape.model import standard
from landscape.io.lieux import REQUIRED_FIELDS, STANDARD_FIELDS

EXAMPLE = Path(__file__).parent / "data" / "exemple-valide.csv"


@pytest.fixture
def example_row() -> dict[str, str]:
    with EXAMPLE.open(encoding="utf-8", newline="") as fh:
        return next(csv.DictReader(fh))


def test_rules_come_from_the_bundled_schema():
    assert standard.schema()["version"] == "v1.0.2"
    assert tuple(standard.rules()) == STANDARD_FIELDS
    assert standard.required_fields() == REQUIRED_FIELDS
    assert standard.rules()["date_maj"].type == "date"
    assert standard.rules()["presentation_resume"].max_length == 280


def test_vocabularies_are_read_out_of_the_patterns():
    services = standard.vocabulary("services")
    assert len(services) == 9
    assert "Aide aux démarches administratives" in services
    assert "Langues étrangères (anglais)" in standard.vocabulary("prise_en_charge_specifique")
    assert standard.vocabulary("frais_a_charge") == ("Gratuit", "Gratuit sous condition", "Payant")
    assert standard.vocabulary("telephone") == ()  # a plain pattern, not a list


def test_the_standards_example_is_valid(example_row):
    clean, warnings, errors = standard.validate(example_row)
    assert (warnings, errors) == ([], [])
    assert clean["departement_code"] == "51"
    assert clean["latitude"] == pytest.approx(43.52609)
    assert clean["services"].split("|")[0] == "Maîtrise des outils numériques du quotidien"


@pytest.mark.parametrize("missing", REQUIRED_FIELDS)
def test_a_missing_required_field_is_an_error(example_row, missing):
    example_row[missing] = "  "
    _, _, errors = standard.validate(example_row)
    assert [(e.field, e.reason) for e in errors] == [(missing, "required field is missing")]


def test_invalid_required_values_are_errors(example_row):
    example_row.update(pivot="12-34", code_postal="5110", date_maj="02/04/2024")
    _, _, errors = standard.validate(example_row)
    assert {e.field for e in errors} == {"pivot", "code_postal", "date_maj"}
    assert "ISO date" in next(e.reason for e in errors if e.field == "date_maj")


def test_an_optional_field_that_breaks_the_standard_is_dropped_with_a_warning(example_row):
    example_row.update(telephone="03 26 00 00 00", presentation_resume="x" * 281, code_insee="ABCDE")
    clean, warnings, errors = standard.validate(example_row)
    assert errors == []
    assert clean["telephone"] is None and clean["presentation_resume"] is None and clean["code_insee"] is None
    assert {w.field for w in warnings} == {"telephone", "presentation_resume", "code_insee"}
    assert all(w.reason.endswith("dropped") for w in warnings)
    assert clean["departement_code"] == "51"  # from the postal code then


def test_unknown_list_values_are_removed_and_known_ones_kept(example_row):
    example_row["services"] = "Aide aux démarches administratives|Cours de cuisine|Aide aux démarches administratives"
    clean, warnings, _ = standard.validate(example_row)
    assert clean["services"] == "Aide aux démarches administratives"
    assert [w.field for w in warnings] == ["services"] and "'Cours de cuisine'" in warnings[0].reason


def test_old_semicolon_lists_are_split_only_when_unambiguous(example_row):
    example_row["services"] = "Aide aux démarches administratives;Loisirs et créations numériques"
    example_row["frais_a_charge"] = "Gratuit;Offert"
    clean, warnings, _ = standard.validate(example_row)
    assert clean["services"] == "Aide aux démarches administratives|Loisirs et créations numériques"
    assert clean["frais_a_charge"] is None and warnings[0].field == "frais_a_charge"


def test_dates_and_coordinates(example_row):
    example_row.update(date_maj="2024-04-02T10:00:00.000Z", latitude="", longitude="5.4")
    clean, warnings, errors = standard.validate(example_row)
    assert errors == [] and clean["date_maj"] == "2024-04-02"
    assert clean["latitude"] is None and clean["longitude"] is None
    assert [w.field for w in warnings] == ["latitude"]
    example_row.update(latitude="95", longitude="5.4")
    clean, warnings, _ = standard.validate(example_row)
    assert clean["latitude"] is None and "out of range" in warnings[0].reason


@pytest.mark.parametrize(("insee", "postal", "expected"), [
    ("2A004", "20000", "2A"), ("2B033", "20200", "2B"), (None, "20090", "2A"), (None, "20600", "2B"),
    ("97411", "97400", "974"), (None, "97600", "976"), ("01053", "01000", "01"), (None, "98000", None),
    ("ABCDE", "75001", "75"),
])
def test_departement_of(insee, postal, expected):
    assert standard.departement_of(insee, postal) == expected
