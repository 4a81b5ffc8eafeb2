"""What the dashboard's home shows first, read straight from the database with the stdlib only.

Opening the store and validating the whole map needs sqlite_utils and pydantic, which take longer to
import than the dashboard takes to draw. `read_summary()` answers the home screen's first questions
(counts, plans by status, latest events, the focal actor's card) with a few queries on a read-only
connection to the tables `store.py` creates; the full map replaces it once loaded.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from landscape.errors import LandscapeError
from landscape.i18n import _
from landscape.paths import built_from_current_datasets
from landscape.text import fold
from landscape.analysis.standing import standings
from landscape.model.vocab import PLAN_GENERATIONS_SHORT, PLAN_STATUSES

SCHEMA_VERSION = 2  # of the tables store.py creates; a newer file is refused, an older one upgraded
RECORD_TABLES = ("sources", "actors", "plans", "events", "relations", "competitors", "offers")  # = dataset.TABLES


@dataclass(frozen=True)
class FocalCard:
    """The focal actor as its card shows it before the full map is loaded."""

    id: str
    name: str
    kind: str
    sector: str | None
    roles: list[tuple[str, str]]  # (role, level), in the curated order
    influence: int | None
    interest: int | None
    summary: str | None
    disputed: bool


@dataclass(frozen=True)
class Summary:
    counts: dict[str, int]  # records per table, in RECORD_TABLES order
    plan_statuses: dict[str, int]  # départements per standing (only standings in use)
    latest_events: list[tuple[str, str, str]]  # (date, id, title), newest first
    focal: FocalCard | None = None
    known_plans: list[tuple[str, str, str]] = field(default_factory=list)  # (id, label, status) of every plan


class OutOfDate(LandscapeError):
    """A database `Store.open` would change before reading it: made by an older landscape (it upgrades it),
    or built from bundled datasets this version replaced (it rebuilds the map). Open it so first."""


def open_readonly(path: str | Path, *, timeout: float = 10) -> sqlite3.Connection:
    """A read-only connection to an existing, current landscape database (`check_current`)."""
    path = Path(path)
    if not path.is_file():
        raise LandscapeError(_("{path}: no such database").format(path=path))
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=timeout)
    except sqlite3.Error as exc:
        raise LandscapeError(_("{path}: cannot open the database ({error})").format(path=path, error=exc)) from None
    try:
        check_current(conn, path)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise LandscapeError(_("{path}: not a landscape database ({error})").format(path=path, error=exc)) from None
    except LandscapeError:
        conn.close()
        raise
    return conn


def check_version(conn: sqlite3.Connection, path: str | Path) -> int:
    """The file's schema version; refuse a file without one, or made by a newer landscape."""
    has_meta = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").fetchone()
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone() if has_meta else None
    if row is None:
        raise LandscapeError(_("{path}: not a landscape database (no schema_version)").format(path=path))
    try:
        version = int(str(row[0]).strip())
    except ValueError:
        version = 0
    if version < 1:
        raise LandscapeError(_("{path}: not a landscape database (schema_version {version} is not a positive whole "
                               "number)").format(path=path, version=repr(str(row[0])[:40])))
    if version > SCHEMA_VERSION:
        raise LandscapeError(_("{path}: made by a newer landscape (schema {version} > {current})").format(
            path=path, version=version, current=SCHEMA_VERSION))
    return version


def check_current(conn: sqlite3.Connection, path: str | Path) -> None:
    """`check_version`, then `OutOfDate` for a file `Store.open` would upgrade or rebuild: read as it is with
    today's queries, an older layout fails on a missing column, an older bundled map is shown stale."""
    version = check_version(conn, path)
    if version < SCHEMA_VERSION:
        raise OutOfDate(_("{path}: made by an older landscape (schema {version} < {current}); any command that opens "
                          "it for writing upgrades it").format(path=path, version=version, current=SCHEMA_VERSION))
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('base', 'dataset_hash', 'dataset_stamp')"))
    if meta.get("base") == "bundled" and not built_from_current_datasets(meta):
        raise OutOfDate(_("{path}: built from the bundled datasets of an older version; any command that opens it for "
                          "writing rebuilds it").format(path=path))


def record_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Records per table, counted in SQL (works even when a record no longer validates)."""
    return {t: conn.execute(f"SELECT count(*) FROM [{t}]").fetchone()[0] for t in RECORD_TABLES}


def unsourced(conn: sqlite3.Connection) -> int:
    """Records stored without a source although their kind requires one (should be 0)."""
    total = 0
    for table in ("actors", "plans", "events", "relations", "competitors", "offers"):
        total += conn.execute(
            f"SELECT count(*) FROM [{table}] t WHERE NOT EXISTS (SELECT 1 FROM citations c "
            f"WHERE c.record_table = ? AND c.record_id = t.id)", [table]).fetchone()[0]
    return total


def record_stats(conn: sqlite3.Connection) -> dict[str, int]:
    """`record_counts`, then unsourced and disputed records, imported places, départements with a France
    Numérique Ensemble roadmap and départements with no plan (``landscape stats``)."""
    counts = record_counts(conn)
    counts["unsourced"] = unsourced(conn)
    counts["disputed"] = conn.execute(
        "SELECT count(*) FROM (SELECT DISTINCT record_table, record_id FROM disputes)").fetchone()[0]
    counts["lieux"] = conn.execute("SELECT count(*) FROM lieux").fetchone()[0]
    plan_rows = conn.execute("SELECT departement_code, generation FROM plans").fetchall()
    counts["departements_with_fne"] = len({code for code, generation in plan_rows if generation == "fne-2024"})
    counts["none_known"] = conn.execute("SELECT count(*) FROM departements").fetchone()[0] - len(
        {code for code, _ in plan_rows})
    return counts


def read_summary(path: str | Path, focal_ref: str = "", *, latest: int = 30, timeout: float = 10) -> Summary:
    """Counts, plans by status, the `latest` newest events and the card of the actor `focal_ref` names.

    `timeout`: how long to wait for a database locked by a writer.
    """
    conn = open_readonly(path, timeout=timeout)
    try:
        q = conn.execute
        counts = record_counts(conn)
        codes = [code for (code,) in q("SELECT code FROM departements ORDER BY rowid")]
        plan_rows = q("SELECT id, departement_name, departement_code, generation, status FROM plans").fetchall()
        statuses: dict[str, int] = {}
        for status in standings([(c, g, s) for _, _, c, g, s in plan_rows], codes).values():
            statuses[status] = statuses.get(status, 0) + 1
        title = _in_lang("title")
        events = [(date, event_id, text) for date, event_id, text in
                  q(f"SELECT date, id, {title} FROM events ORDER BY date DESC, id DESC LIMIT ?", [latest])]
        known = [(plan_id, f"{name} ({code})" + (f", {PLAN_GENERATIONS_SHORT[gen]}" if gen in PLAN_GENERATIONS_SHORT
                                                   else ""), status)
                 for plan_id, name, code, gen, status in plan_rows]
        return Summary(counts, statuses, events, focal_card(conn, focal_ref), sort_known_plans(known))
    except (sqlite3.DatabaseError, ValueError) as exc:  # ValueError: malformed aliases JSON
        raise LandscapeError(_("{path}: cannot read the summary ({error})").format(path=path, error=exc)) from None
    finally:
        conn.close()


def _in_lang(column: str) -> str:
    """`column`, or its French twin when the language is French (SQL expression)."""
    from landscape.i18n import get_lang

    if get_lang() == "fr":
        return f"coalesce(nullif({column}_fr, ''), {column})"
    return column


def sort_known_plans(plans: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    """(id, label, status) in the vocabulary's order of statuses, then by département name."""
    order = {status: i for i, status in enumerate(PLAN_STATUSES)}
    return sorted(plans, key=lambda p: (order.get(p[2], len(order)), p[1]))


def focal_card(conn: sqlite3.Connection, ref: str) -> FocalCard | None:
    """The actor `ref` names: by id, else by exactly one folded name or alias (as lookup.resolve does first)."""
    ref = ref.strip()
    columns = f"id, name, kind, sector, influence, interest, {_in_lang('summary')}"
    row = conn.execute(f"SELECT {columns} FROM actors WHERE id = ?", [ref]).fetchone()
    if row is None:
        key = fold(ref)
        if not key:
            return None
        matches = [r for r in conn.execute(f"SELECT {columns}, aliases FROM actors ORDER BY id")
                   if key in {fold(n) for n in [r[1], *json.loads(r[7] or "[]")]}]
        if len(matches) != 1:
            return None  # none, or ambiguous: the full map explains which
        row = matches[0][:7]
    actor_id, name, kind, sector, influence, interest, summary = row
    roles = [(r, lv) for r, lv in conn.execute(
        "SELECT role, level FROM actor_roles WHERE actor_id = ? ORDER BY position", [actor_id])]
    disputed = conn.execute("SELECT 1 FROM disputes WHERE record_table = 'actors' AND record_id = ? LIMIT 1",
                            [actor_id]).fetchone() is not None
    return FocalCard(actor_id, name, kind, sector, roles, influence, interest, summary, disputed)
