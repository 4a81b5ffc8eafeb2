"""The places of the national map of digital-inclusion help ("lieux de médiation numérique").

Columns are the 32 fields of the national data standard (``standard-mediation-num`` v1.0.2), plus
where each place came from and the département it lies in. Several values in one field keep the
standard's ``|`` separator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the département page reads places without it
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
COLUMNS: tuple[str, ...] = ("origin", *STANDARD_FIELDS, "departement_code")


def create_lieux_table(db: sqlite_utils.Database) -> None:
    """The ``lieux`` table: one row per place and import source (``origin``)."""
    columns: dict[str, type] = {"origin": str}
    for name in STANDARD_FIELDS:
        columns[name] = float if name in ("latitude", "longitude") else str
    columns["departement_code"] = str
    db["lieux"].create(columns, pk=("origin", "id"), not_null={*REQUIRED_FIELDS}, if_not_exists=True)
    db["lieux"].create_index(["departement_code"], if_not_exists=True)


def replace_origin(db: sqlite_utils.Database, origin: str, rows: list[tuple]) -> int:
    """Replace the places of one source by `rows` (tuples in `COLUMNS` order, origin first).

    Runs inside the caller's transaction; returns how many places of that source were there before.
    """
    before = db.execute("SELECT count(*) FROM lieux WHERE origin = ?", [origin]).fetchone()[0]
    db.execute("DELETE FROM lieux WHERE origin = ?", [origin])
    names = ", ".join(f"[{c}]" for c in COLUMNS)
    db.conn.executemany(f"INSERT INTO lieux ({names}) VALUES ({', '.join('?' * len(COLUMNS))})", rows)
    return before


def origins(db: sqlite_utils.Database) -> list[dict]:
    """Each import source with its number of places."""
    return list(db.query("SELECT origin, count(*) AS places FROM lieux GROUP BY origin ORDER BY origin"))
