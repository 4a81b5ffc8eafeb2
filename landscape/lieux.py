"""The places of the national map of digital-inclusion help ("lieux de médiation numérique").

Columns are the 32 fields of the national data standard (``standard-mediation-num`` v1.0.2), plus
where each place came from and the département it lies in. Several values in one field keep the
standard's ``|`` separator.
"""

from __future__ import annotations

import sqlite_utils

STANDARD_FIELDS: tuple[str, ...] = (
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse",
    "latitude", "longitude", "typologie", "telephone", "courriels", "site_web", "horaires",
    "presentation_resume", "presentation_detail", "source", "itinerance", "structure_parente", "date_maj",
    "services", "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
)
REQUIRED_FIELDS: tuple[str, ...] = ("id", "pivot", "nom", "commune", "code_postal", "adresse", "date_maj")


def create_lieux_table(db: sqlite_utils.Database) -> None:
    """The ``lieux`` table: one row per place and import source (``origin``)."""
    columns: dict[str, type] = {"origin": str}
    for name in STANDARD_FIELDS:
        columns[name] = float if name in ("latitude", "longitude") else str
    columns["departement_code"] = str
    db["lieux"].create(columns, pk=("origin", "id"), not_null={*REQUIRED_FIELDS}, if_not_exists=True)
    db["lieux"].create_index(["departement_code"], if_not_exists=True)
