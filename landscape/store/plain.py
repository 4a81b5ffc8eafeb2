"""Curated records read with the standard library's sqlite3, in the models' shape, without the models.

Importing pydantic and `landscape.model.models` costs more than a whole ``landscape list`` may take; the
commands that only read and print records use this instead. Records are written to the database
only after validation, so they are read here as they are. `PlainRecord.dump()` is what
``Record.model_dump(mode="json")`` gives (same keys in the same order, absent optional fields as
null); `FIELDS` is the models' field order, checked against them by the tests.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections import defaultdict
from typing import Any

from landscape.errors import RecordError
from landscape.i18n import _

# table -> (singular kind, the model's fields in order); every record starts with id, sources, disputes
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "sources": ("source", ("title", "publisher", "url", "date", "locator", "kind")),
    "actors": ("actor", ("name", "aliases", "kind", "sector", "founded", "ended", "departement", "website",
                         "twitter", "summary", "summary_fr", "roles", "positioning")),
    "plans": ("plan", ("departement_code", "departement_name", "region", "generation", "status", "title",
                       "title_fr", "kind", "period", "adopted", "signed", "carriers", "partners", "summary",
                       "summary_fr")),
    "events": ("event", ("date", "title", "title_fr", "kind", "scope", "departement", "actors", "summary",
                         "summary_fr")),
    "relations": ("relation", ("source", "target", "kind", "since", "until", "note", "note_fr")),
    "competitors": ("competitor", ("actor", "competitor", "arena", "arena_fr", "overlap", "note", "note_fr")),
    "offers": ("offer", ("name", "aliases", "owner", "category", "launched", "ended", "website", "summary",
                         "summary_fr")),
}
_LISTS = frozenset({"aliases", "roles", "carriers", "partners", "actors", "sources", "disputes"})


class PlainRecord:
    """A record as read from the database: attribute access to its fields, `label`, `disputed`."""

    __slots__ = ("table", "kind_name", "_values")

    def __init__(self, table: str, values: dict[str, Any]):
        self.table = table
        self.kind_name = FIELDS[table][0]
        self._values = values

    def __getattr__(self, name: str) -> Any:
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(name) from None

    @property
    def disputed(self) -> bool:
        return bool(self._values["disputes"])

    @property
    def label(self) -> str:
        v = self._values
        if self.table in ("actors", "offers"):
            return v["name"]
        if self.table in ("sources", "events"):
            return v["title"]
        if self.table == "plans":
            return f"{v['departement_name']} ({v['departement_code']})"
        if self.table == "relations":
            return f"{v['source']} {v['kind']} {v['target']}"
        return f"{v['actor']} vs {v['competitor']}: {v['arena']}"

    def cited_sources(self) -> list[str]:
        """`Record.cited_sources`: the sources cited, disputes' claims included, each once."""
        seen = dict.fromkeys(self._values["sources"])
        for dispute in self._values["disputes"]:
            for claim in dispute["claims"]:
                seen.update(dict.fromkeys(claim["sources"]))
        return list(seen)

    def dump(self) -> dict[str, Any]:
        """The record as `landscape.analysis.profile.dump` gives it (JSON-ready)."""
        return json.loads(json.dumps(self._values))  # a deep copy


def _json_cell(text: str, where: str, table: str, record_id: str, column: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        raise RecordError(_("not valid JSON"), file=where, kind=table, record=record_id, field=column) from None


def read_table(conn: sqlite3.Connection, table: str, *, where: str = "database") -> list[PlainRecord]:
    """Every record of `table` ("actors", ...), ordered by id, as `Store.map()` reads them."""
    kind, fields = FIELDS[table]
    q = conn.execute
    present = {r[0] for r in q("SELECT name FROM sqlite_master WHERE type = 'table'")}
    cites: dict[str, list[str]] = defaultdict(list)
    for record_id, source_id in q("SELECT record_id, source_id FROM citations WHERE record_table = ? "
                                  "ORDER BY record_id, position", [table]):
        cites[record_id].append(source_id)
    disputes: dict[str, list[dict]] = defaultdict(list)
    for record_id, fld, claims, note, note_fr in q(
            "SELECT record_id, field, claims, note, note_fr FROM disputes WHERE record_table = ? "
            "ORDER BY record_id, position", [table]):
        disputes[record_id].append({
            "field": fld, "claims": [{"value": c.get("value"), "sources": c.get("sources")}
                                     for c in _json_cell(claims, where, table, record_id, f"disputes.{fld}")],
            "note": note, "note_fr": note_fr})
    links: dict[str, list] = defaultdict(list)
    carriers: dict[str, list] = defaultdict(list)
    if table == "actors":
        for actor_id, role, level in q("SELECT actor_id, role, level FROM actor_roles ORDER BY actor_id, position"):
            links[actor_id].append({"role": role, "level": level})
    elif table == "plans":
        for plan_id, actor_id in q("SELECT plan_id, actor_id FROM plan_partners ORDER BY plan_id, position"):
            links[plan_id].append(actor_id)
        if "plan_carriers" in present:
            for plan_id, actor_id in q("SELECT plan_id, actor_id FROM plan_carriers ORDER BY plan_id, position"):
                carriers[plan_id].append(actor_id)
    elif table == "events":
        for event_id, actor_id in q("SELECT event_id, actor_id FROM event_actors ORDER BY event_id, position"):
            links[event_id].append(actor_id)

    cursor = q(f"SELECT * FROM [{table}] ORDER BY id")
    columns = [d[0] for d in cursor.description]
    out = []
    for values in cursor:
        row = dict(zip(columns, values))
        rid = row["id"]
        record: dict[str, Any] = {"id": rid, "sources": cites.get(rid, []), "disputes": disputes.get(rid, [])}
        for fld in fields:
            value = row.get(fld)
            if fld == "aliases":
                value = _json_cell(value or "[]", where, table, rid, fld)
            elif fld == "roles":
                value = links.get(rid, [])
            elif fld == "positioning":
                value = None if row.get("influence") is None else {
                    "influence": row["influence"], "interest": row["interest"],
                    "rationale": row["positioning_rationale"], "rationale_fr": row.get("positioning_rationale_fr")}
            elif fld == "partners" or (fld == "actors" and table == "events"):
                value = links.get(rid, [])
            elif fld == "carriers":
                value = carriers.get(rid, []) or ([row["lead"]] if row.get("lead") else [])
            elif value is None and fld in _LISTS:
                value = []
            record[fld] = value
        out.append(PlainRecord(table, record))
    return out


class PlainMap:
    """`landscape.dataset.MapData` for plain records: one list per table, `table()` and `index()`.

    Each table is read when first asked for (a département's page needs neither offers nor rivalries).
    """

    def __init__(self, conn: sqlite3.Connection, *, where: str = "database"):
        self._conn = conn
        self._where = where
        self._tables: dict[str, list[PlainRecord]] = {}
        self._indexes: dict[str, dict[str, PlainRecord]] = {}

    def __getattr__(self, name: str) -> list[PlainRecord]:
        if name not in FIELDS:
            raise AttributeError(name)
        return self.table(name)

    def table(self, name: str) -> list[PlainRecord]:
        found = self._tables.get(name)
        if found is None:
            found = self._tables[name] = read_table(self._conn, name, where=self._where)
        return found

    def index(self, name: str) -> dict[str, PlainRecord]:
        """Id -> record; built once (the map is read once and never changes)."""
        found = self._indexes.get(name)
        if found is None:
            found = self._indexes[name] = {r.id: r for r in self.table(name)}
        return found


class PlainStore:
    """What the read-only analyses read of a `Store` (`map()`, `departements()`, `db.execute`, `db.conn`,
    `lock`, `generation()`), over a standard-library connection: `map()` gives a `PlainMap`.

    For one command's reading: the map is read once, never refreshed.
    """

    def __init__(self, conn: sqlite3.Connection, *, where: str = "database"):
        self.conn = conn
        self.db = self  # `store.db.conn` and `store.db.execute`, as on a sqlite-utils database
        self.lock = threading.RLock()
        self._where = where
        self._map: PlainMap | None = None

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        return self.conn.execute(sql, params)

    def map(self) -> PlainMap:
        if self._map is None:
            self._map = PlainMap(self.conn, where=self._where)
        return self._map

    def departements(self) -> list[dict[str, Any]]:
        cursor = self.conn.execute("SELECT * FROM departements ORDER BY rowid")
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row)) for row in cursor]

    def generation(self) -> int:
        row = self.conn.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0


def actor_names(conn: sqlite3.Connection) -> dict[str, str]:
    """Actor id -> name."""
    return dict(conn.execute("SELECT id, name FROM actors"))
