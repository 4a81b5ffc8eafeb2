"""The SQLite store: an explicit schema, transactional writes, and reading the map back.

Tables are named for what they hold (``actors``, ``plans`` ...); lists of references live in link
tables (``citations``, ``event_actors``, ``plan_partners``, ``actor_roles``) so foreign keys hold
and the file reads well in ``sqlite3`` or Datasette.

>>> store = Store.open(":memory:")          # doctest: +SKIP
>>> store.replace_map(load_dir())           # one transaction
>>> store.map().counts()["plans"]
101
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import sqlite_utils

from landscape.dataset import (TABLES, Departement, MapData, load_departements, load_dir, upgrade_plan_rows,
                               upgrade_relation_rows, validate_record)
from landscape.errors import LandscapeError, RecordError
from landscape.i18n import _
from landscape.model.models import BY_TABLE
from landscape.paths import built_from_current_datasets, dataset_stamp, fingerprint
from landscape.store import search_index

from landscape.store.summary import SCHEMA_VERSION, check_version, record_counts, unsourced  # defined beside the light reader the dashboard starts with
LIST_COLUMNS = {"actors": ["aliases"], "offers": ["aliases"]}
CURATED_TABLES = ("citations", "disputes", "actor_roles", "plan_partners", "plan_carriers", "event_actors",
                  "competitors", "relations", "offers", "events", "plans", "actors", "sources")
"""The tables the curated map owns, children before parents (the order to empty or drop them in)."""
LINK_TABLES = {"actors": (("actor_roles", "actor_id"),), "plans": (("plan_partners", "plan_id"), ("plan_carriers", "plan_id")),
               "events": (("event_actors", "event_id"),)}
"""The link tables that hold a record's lists, with the column naming the record."""


def _schema(db: sqlite_utils.Database) -> None:
    """Create every table, with types, keys, NOT NULL and indexes."""
    t = db.table
    t("meta").create({"key": str, "value": str}, pk="key", not_null={"value"}, if_not_exists=True)
    t("departements").create(
        {"code": str, "name": str, "region_code": str, "region": str, "population": int, "population_source": str},
        pk="code", not_null={"name", "region_code", "region"}, if_not_exists=True)
    t("sources").create(
        {"id": str, "title": str, "publisher": str, "url": str, "date": str, "locator": str, "kind": str},
        pk="id", not_null={"title", "kind"}, if_not_exists=True)
    t("actors").create(
        {"id": str, "name": str, "aliases": str, "kind": str, "sector": str, "founded": str, "ended": str,
         "departement": str, "website": str, "twitter": str, "summary": str, "summary_fr": str, "influence": int,
         "interest": int, "positioning_rationale": str, "positioning_rationale_fr": str},
        pk="id", not_null={"name", "kind", "aliases"}, defaults={"aliases": "[]"}, if_not_exists=True)
    t("actor_roles").create(
        {"actor_id": str, "role": str, "level": str, "position": int},
        pk=("actor_id", "role"), not_null={"level", "position"}, foreign_keys=[("actor_id", "actors", "id")],
        if_not_exists=True)
    t("plans").create(
        {"id": str, "departement_code": str, "departement_name": str, "region": str, "generation": str,
         "status": str, "title": str, "title_fr": str, "kind": str, "period": str, "adopted": str, "signed": str,
         "summary": str, "summary_fr": str},
        pk="id", not_null={"departement_code", "departement_name", "region", "status"}, if_not_exists=True)
    t("plan_carriers").create(
        {"plan_id": str, "actor_id": str, "position": int}, pk=("plan_id", "actor_id"), not_null={"position"},
        foreign_keys=[("plan_id", "plans", "id"), ("actor_id", "actors", "id")], if_not_exists=True)
    t("plan_partners").create(
        {"plan_id": str, "actor_id": str, "position": int}, pk=("plan_id", "actor_id"), not_null={"position"},
        foreign_keys=[("plan_id", "plans", "id"), ("actor_id", "actors", "id")], if_not_exists=True)
    t("events").create(
        {"id": str, "date": str, "title": str, "title_fr": str, "kind": str, "scope": str, "departement": str,
         "summary": str, "summary_fr": str},
        pk="id", not_null={"date", "title", "kind", "scope"}, if_not_exists=True)
    t("event_actors").create(
        {"event_id": str, "actor_id": str, "position": int}, pk=("event_id", "actor_id"), not_null={"position"},
        foreign_keys=[("event_id", "events", "id"), ("actor_id", "actors", "id")], if_not_exists=True)
    t("relations").create(
        {"id": str, "source": str, "target": str, "kind": str, "since": str, "until": str, "note": str,
         "note_fr": str},
        pk="id", not_null={"source", "target", "kind"},
        foreign_keys=[("source", "actors", "id"), ("target", "actors", "id")], if_not_exists=True)
    t("competitors").create(
        {"id": str, "actor": str, "competitor": str, "arena": str, "arena_fr": str, "overlap": str, "note": str,
         "note_fr": str},
        pk="id", not_null={"actor", "competitor", "arena", "overlap"},
        foreign_keys=[("actor", "actors", "id"), ("competitor", "actors", "id")], if_not_exists=True)
    t("offers").create(
        {"id": str, "name": str, "aliases": str, "owner": str, "category": str, "launched": str, "ended": str,
         "website": str, "summary": str, "summary_fr": str},
        pk="id", not_null={"name", "owner", "category", "aliases"}, defaults={"aliases": "[]"},
        foreign_keys=[("owner", "actors", "id")], if_not_exists=True)
    t("citations").create(
        {"record_table": str, "record_id": str, "source_id": str, "position": int},
        pk=("record_table", "record_id", "source_id"), not_null={"position"},
        foreign_keys=[("source_id", "sources", "id")], if_not_exists=True)
    t("disputes").create(
        {"record_table": str, "record_id": str, "position": int, "field": str, "claims": str, "note": str,
         "note_fr": str},
        pk=("record_table", "record_id", "position"), not_null={"field", "claims"}, if_not_exists=True)
    from landscape.io.lieux import create_lieux_table  # the open-data places live beside the curated map

    create_lieux_table(db)
    indexes = [
        ("actors", ["kind"]), ("actors", ["sector"]), ("actor_roles", ["role"]), ("plans", ["status"]),
        ("plans", ["region"]), ("plans", ["departement_code"]), ("plans", ["generation"]),
        ("plan_partners", ["actor_id"]), ("plan_carriers", ["actor_id"]),
        ("events", ["date"]), ("event_actors", ["actor_id"]), ("relations", ["source"]), ("relations", ["target"]),
        ("competitors", ["actor"]), ("competitors", ["competitor"]), ("offers", ["owner"]),
        ("citations", ["source_id"]),
    ]
    for table, columns in indexes:
        t(table).create_index(columns, if_not_exists=True)


class SerialConnection(sqlite3.Connection):
    """A connection that threads share, one statement at a time.

    Every statement runs under `lock`, which `Store.transaction` holds from BEGIN to COMMIT: a
    dashboard worker's query waits for a write in progress instead of reading it half done or
    slipping its own statements into it.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lock = threading.RLock()

    def execute(self, *args):
        with self.lock:
            return super().execute(*args)

    def executemany(self, *args):
        with self.lock:
            return super().executemany(*args)

    def executescript(self, *args):
        with self.lock:
            return super().executescript(*args)


BUSY_TIMEOUT = 30.0
"""Seconds a writer waits for another process's write to end before giving up (see the README)."""


def connect(path: str | Path) -> sqlite_utils.Database:
    """Open a database usable from worker threads, with foreign keys on and WAL journaling.

    The connection is in autocommit mode: every write happens inside `Store.transaction`, which
    starts with ``BEGIN IMMEDIATE`` so that concurrent writers queue on SQLite's busy timeout.
    """
    conn = sqlite3.connect(str(path), check_same_thread=False, timeout=BUSY_TIMEOUT, factory=SerialConnection,
                           isolation_level=None)
    db = sqlite_utils.Database(conn)
    conn.execute("PRAGMA foreign_keys = ON")
    if str(path) != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
    return db


class Store:
    """The map in SQLite. Reads are cached and invalidated by the ``generation`` every write bumps."""

    def __init__(self, db: sqlite_utils.Database, path: Path | None = None):
        self.db = db
        self.path = path
        # The connection's own lock when it has one, so a transaction also holds off other threads' queries.
        self._lock = getattr(db.conn, "lock", None) or threading.RLock()
        self._cache: tuple[int, MapData] | None = None
        self.notices: list[str] = []  # one-line messages for the user (an upgrade, a rebuild)

    @property
    def lock(self) -> threading.RLock:
        """Held by every transaction; hold it to read several statements with no write in between."""
        return self._lock

    # --- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, create: bool = True) -> Store:
        """Open the database at `path`; build it from the bundled datasets if it does not exist yet.

        A missing database is built in place, in one transaction, after the datasets validated: a
        process that opens it meanwhile waits for that transaction and then finds the map whole.
        """
        if str(path) == ":memory:":
            store = cls(connect(":memory:"))
            store.ensure_schema()
            return store
        path = Path(path)
        if not path.exists() and not create:
            raise LandscapeError(_("{path}: no such database (run 'landscape init' to build it)").format(path=path))
        if not path.exists():
            build(path)
        try:
            db = connect(path)
            store = cls(db, path)
            version = store.check_version()
            meta = store.metas("base", "dataset_hash", "dataset_stamp")
            stamp = dataset_stamp() if meta.get("base") == "bundled" else None  # read once, before any hashing
            if version < SCHEMA_VERSION and store.bundled_base():
                store.close()  # the old base is today's bundled datasets' predecessor: rebuild from them
                build(path, base="bundled")
                store = cls(connect(path), path)
                clashes = store.db.execute("SELECT count(*) FROM conflicts").fetchone()[0]
                rebuilt = _("upgraded the database to schema {version}: the map was rebuilt from the bundled datasets; "
                            "your places, notes and changes are kept").format(version=SCHEMA_VERSION)
                if clashes:
                    rebuilt += _("; see 'landscape conflicts' ({n} to review)").format(n=clashes)
                store.notices.append(rebuilt)
            elif version < SCHEMA_VERSION:
                store.upgrade()
            elif stamp is not None and not built_from_current_datasets(meta, stamp):
                store.close()
                build(path, base="bundled")  # a new version of the package brought new datasets
                store = cls(connect(path), path)
                store.notices.append(_("the bundled datasets changed: the map was rebuilt and your changes "
                                       "replayed (see 'landscape conflicts')"))
            elif stamp is not None and meta.get("dataset_stamp") != stamp:
                store.remember_dataset_stamp(stamp)  # the same datasets (hashed above), touched or never stamped
        except sqlite3.DatabaseError as exc:
            raise LandscapeError(_("{path}: not a landscape database ({error})").format(path=path, error=exc)) from None
        except LandscapeError:
            db.conn.close()
            raise
        return store

    def bundled_base(self) -> bool:
        """Was the curated map built from the bundled datasets (so that a rebuild from them loses nothing)?

        ``base`` says so since it was recorded; a file older than that and never fed a snapshot
        (no ``imported_from``) was built by an ``init`` that could only read the bundled datasets.
        """
        base = self.meta("base")
        return base == "bundled" or (base is None and self.meta("imported_from") is None)

    def upgrade(self) -> None:
        """Bring a database made by an older landscape to this schema, in one transaction.

        The old records are read in their old layout, upgraded as an old snapshot would be, validated,
        and written to the new tables; the user's tables are kept. A record today's checks refuse is
        one line saying how to rebuild the map instead (`Store.open` rebuilds a bundled base itself).
        """
        with self.transaction():
            if int(self.meta("schema_version") or 0) >= SCHEMA_VERSION:
                return  # another process upgraded it while this one waited
            try:
                raw = self.raw_records()
                raw["plans"] = upgrade_plan_rows(raw["plans"])
                raw["relations"] = upgrade_relation_rows(raw["relations"])
                shown = str(self.path or "database")
                data = MapData()
                for table, rows in raw.items():
                    data.table(table).extend(validate_record(BY_TABLE[table], r, file=shown, position=i)
                                             for i, r in enumerate(rows))
                _drop_curated(self.db)
                self.ensure_schema()
                self.replace_map(data.sort())
            except LandscapeError as exc:  # rolled back: the file stays as it was
                raise LandscapeError(_("{error}; this map, made by an older landscape, cannot be upgraded as it "
                                       "stands: run 'landscape init --force' to rebuild it from the bundled datasets "
                                       "(or --from DIR, your own); your places, notes and journaled changes are kept").format(
                    error=exc)) from None
            self.set_meta("schema_version", str(SCHEMA_VERSION))
        self.notices.append(_("upgraded the database to schema {version}").format(version=SCHEMA_VERSION))

    def close(self) -> None:
        self.db.conn.close()

    def ensure_schema(self) -> None:
        from landscape.store.journal import ensure_schema as ensure_user_tables

        _schema(self.db)
        ensure_user_tables(self.db.conn)
        if self.meta("schema_version") is None:
            self.set_meta("schema_version", str(SCHEMA_VERSION))

    def check_version(self) -> int:
        return check_version(self.db.conn, self.path)

    # --- meta ----------------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        return self.metas(key).get(key)

    def metas(self, *keys: str) -> dict[str, str]:
        """The values of `keys` in one read (those that are set)."""
        if not self.db["meta"].exists():
            return {}
        marks = ", ".join("?" * len(keys))
        return dict(self.db.execute(f"SELECT key, value FROM meta WHERE key IN ({marks})", list(keys)).fetchall())

    def remember_dataset_stamp(self, stamp: str) -> None:
        """Note the bundled datasets' stamp, so that the fast read paths need not hash them. Best effort, and
        never waiting: a database another process is writing, or opened read-only, keeps its old stamp, and
        the check stays correct, only slower. Not a change of the map: the generation stays."""
        conn = self.db.conn
        with self._lock:
            if conn.in_transaction:
                return
            conn.execute("PRAGMA busy_timeout = 0")
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.execute("INSERT INTO meta (key, value) VALUES ('dataset_stamp', ?) "
                             "ON CONFLICT (key) DO UPDATE SET value = excluded.value", [stamp])
                conn.execute("COMMIT")
            except sqlite3.OperationalError:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            finally:
                conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT * 1000)}")

    def set_meta(self, key: str, value: str) -> None:
        self.db["meta"].upsert({"key": key, "value": value}, pk="key")

    def generation(self) -> int:
        """A number that grows with every write; readers compare it to know whether to reload."""
        with self._lock:
            return int(self.meta("generation") or 0)

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction that bumps the generation; rolled back whole on any error.

        The outermost block starts with ``BEGIN IMMEDIATE``: it takes the write lock first, waiting up
        to `BUSY_TIMEOUT` for another process's write, so what it reads inside is what it overwrites.
        A nested block is a savepoint of the outer transaction.
        """
        with self._lock:
            conn = self.db.conn
            if conn.in_transaction:
                try:
                    with self.db.atomic():
                        yield self.db
                finally:
                    self._cache = None
                return
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise busy_error(self.path, exc) from None
            changes_before = conn.total_changes
            try:
                yield self.db
                if conn.total_changes != changes_before:  # a transaction that wrote nothing leaves no trace
                    self.set_meta("generation", str(int(self.meta("generation") or 0) + 1))
                    self.set_meta("updated_at", datetime.now(timezone.utc).isoformat(timespec="seconds"))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            finally:
                self._cache = None

    # --- writing ---------------------------------------------------------------------------
    def replace_map(self, data: MapData, *, departements: list[Departement] | None = None,
                    dataset_hash: str | None = None, dataset_stamp: str | None = None) -> None:
        """Replace every curated record with `data` in one transaction (open-data places are kept)."""
        with self.transaction() as db:
            for table in CURATED_TABLES:
                db.execute(f"DELETE FROM [{table}]")
            self._insert(data)
            if departements is not None:
                self._write_departements(departements)
            if dataset_hash:
                self.set_meta("dataset_hash", dataset_hash)
                self.set_meta("dataset_stamp", dataset_stamp or "")
            self._check_foreign_keys()
            search_index.reindex_curated(db.conn)

    def merge_map(self, data: MapData) -> None:
        """Insert or replace the records of `data`, keeping the others, in one transaction."""
        with self.transaction() as db:
            for table in TABLES:
                ids = [r.id for r in data.table(table)]
                for chunk in range(0, len(ids), 500):
                    part = ids[chunk:chunk + 500]
                    marks = ",".join("?" * len(part))
                    db.execute(f"DELETE FROM citations WHERE record_table = ? AND record_id IN ({marks})", [table, *part])
                    db.execute(f"DELETE FROM disputes WHERE record_table = ? AND record_id IN ({marks})", [table, *part])
                    for link in LINK_TABLES.get(table, ()):
                        db.execute(f"DELETE FROM [{link[0]}] WHERE [{link[1]}] IN ({marks})", part)
            self._insert(data, upsert=True)
            self._check_foreign_keys()
            for table in TABLES:
                search_index.reindex(db.conn, table, [r.id for r in data.table(table)])

    def _write_departements(self, departements: list[Departement]) -> None:
        existing = {r["code"]: r for r in self.db["departements"].rows}
        rows = []
        for d in departements:
            old = existing.get(d.code, {})
            rows.append({"code": d.code, "name": d.name, "region_code": d.region_code, "region": d.region,
                         "population": old.get("population"), "population_source": old.get("population_source")})
        self.db["departements"].upsert_all(rows, pk="code")

    def update_departements(self, departements: list[Departement]) -> int:
        """Update names and regions of départements and of their plans; return how many changed."""
        with self.transaction() as db:
            before = {r["code"]: (r["name"], r["region"]) for r in db["departements"].rows}
            self._write_departements(departements)
            changed = 0
            for d in departements:
                if before.get(d.code) != (d.name, d.region):
                    changed += 1
                db.execute("UPDATE plans SET departement_name = ?, region = ? WHERE departement_code = ?",
                           [d.name, d.region, d.code])
            search_index.reindex(db.conn, "plan")
            search_index.reindex(db.conn, "departement")
            return changed

    def update_population(self, totals: dict[str, int], *, source: str) -> None:
        """Set the population of the départements in `totals`, citing where it was read, in one transaction."""
        with self.transaction() as db:
            for code, population in totals.items():
                db.execute("UPDATE departements SET population = ?, population_source = ? WHERE code = ?",
                           [population, source, code])

    def _insert(self, data: MapData, *, upsert: bool = False) -> None:
        def put(table: str, rows: list[dict], pk: str | tuple = "id") -> None:
            if rows:
                if upsert:
                    self.db[table].upsert_all(rows, pk=pk)
                else:
                    self.db[table].insert_all(rows)

        put("sources", [s.model_dump(exclude={"sources", "disputes"}) for s in data.sources])
        actors, roles = [], []
        for a in data.actors:
            row = a.model_dump(exclude={"sources", "disputes", "roles", "positioning"})
            row["aliases"] = json.dumps(a.aliases, ensure_ascii=False)
            p = a.positioning
            row.update(influence=p.influence if p else None, interest=p.interest if p else None,
                       positioning_rationale=p.rationale if p else None,
                       positioning_rationale_fr=p.rationale_fr if p else None)
            actors.append(row)
            roles += [{"actor_id": a.id, "role": r.role, "level": r.level, "position": i} for i, r in enumerate(a.roles)]
        put("actors", actors)
        put("plans", [p.model_dump(exclude={"sources", "disputes", "partners", "carriers"}) for p in data.plans])
        put("events", [e.model_dump(exclude={"sources", "disputes", "actors"}) for e in data.events])
        put("relations", [r.model_dump(exclude={"sources", "disputes"}) for r in data.relations])
        put("competitors", [c.model_dump(exclude={"sources", "disputes"}) for c in data.competitors])
        offers = []
        for o in data.offers:
            row = o.model_dump(exclude={"sources", "disputes"})
            row["aliases"] = json.dumps(o.aliases, ensure_ascii=False)
            offers.append(row)
        put("offers", offers)
        put("actor_roles", roles, ("actor_id", "role"))
        put("plan_partners", [{"plan_id": p.id, "actor_id": a, "position": i}
                              for p in data.plans for i, a in enumerate(p.partners)], ("plan_id", "actor_id"))
        put("plan_carriers", [{"plan_id": p.id, "actor_id": a, "position": i}
                              for p in data.plans for i, a in enumerate(p.carriers)], ("plan_id", "actor_id"))
        put("event_actors", [{"event_id": e.id, "actor_id": a, "position": i}
                             for e in data.events for i, a in enumerate(e.actors)], ("event_id", "actor_id"))
        citations, disputes = [], []
        for table in TABLES:
            for record in data.table(table):
                citations += [{"record_table": table, "record_id": record.id, "source_id": s, "position": i}
                              for i, s in enumerate(record.sources)]
                disputes += [{"record_table": table, "record_id": record.id, "position": i, "field": d.field,
                              "claims": json.dumps([c.model_dump() for c in d.claims], ensure_ascii=False),
                              "note": d.note, "note_fr": d.note_fr} for i, d in enumerate(record.disputes)]
        put("citations", citations, ("record_table", "record_id", "source_id"))
        put("disputes", disputes, ("record_table", "record_id", "position"))

    def _check_foreign_keys(self) -> None:
        broken = self.db.execute("PRAGMA foreign_key_check").fetchall()
        if broken:
            table, rowid, parent, _key = broken[0]
            raise LandscapeError(_("a {table} row points to a missing {parent} record (rowid {rowid})").format(
                table=table, parent=parent, rowid=rowid))

    # --- reading ---------------------------------------------------------------------------
    def map(self) -> MapData:
        """Every curated record, as validated models (cached until the next write)."""
        with self._lock:
            generation = self.generation()
            if self._cache and self._cache[0] == generation:
                return self._cache[1]
            data = self._read()
            self._cache = (generation, data)
            return data

    def _read(self) -> MapData:
        shown = str(self.path or "database")
        data = MapData()
        for table, rows in self.raw_records().items():
            model = BY_TABLE[table]
            data.table(table).extend(validate_record(model, r, file=shown, position=i) for i, r in enumerate(rows))
        return data

    def raw_records(self) -> dict[str, list[dict]]:
        """Every curated record as a plain mapping in the models' shape, not validated.

        Reads this schema and the previous one (plans with a single ``lead``), so a database made by
        an older landscape can be migrated through the same checks as a snapshot.
        """
        q = self.db.execute
        shown = str(self.path or "database")
        tables = {r[0] for r in q("SELECT name FROM sqlite_master WHERE type = 'table'")}
        cites: dict[tuple[str, str], list[str]] = defaultdict(list)
        for table, record_id, source_id in q(
                "SELECT record_table, record_id, source_id FROM citations ORDER BY record_table, record_id, position"):
            cites[table, record_id].append(source_id)
        disputes: dict[tuple[str, str], list[dict]] = defaultdict(list)
        for row in self.db.query("SELECT * FROM disputes ORDER BY record_table, record_id, position"):
            table, record_id, fld = row["record_table"], row["record_id"], row["field"]
            entry = {"field": fld, "claims": _json_cell(row["claims"], shown, table, record_id, f"disputes.{fld}")}
            for key in ("note", "note_fr"):
                if row.get(key) is not None:
                    entry[key] = row[key]
            disputes[table, record_id].append(entry)
        links: dict[str, dict[str, list]] = {name: defaultdict(list) for name in ("roles", "partners", "carriers",
                                                                                   "actors")}
        for actor_id, role, level in q("SELECT actor_id, role, level FROM actor_roles ORDER BY actor_id, position"):
            links["roles"][actor_id].append({"role": role, "level": level})
        for plan_id, actor_id in q("SELECT plan_id, actor_id FROM plan_partners ORDER BY plan_id, position"):
            links["partners"][plan_id].append(actor_id)
        if "plan_carriers" in tables:
            for plan_id, actor_id in q("SELECT plan_id, actor_id FROM plan_carriers ORDER BY plan_id, position"):
                links["carriers"][plan_id].append(actor_id)
        for event_id, actor_id in q("SELECT event_id, actor_id FROM event_actors ORDER BY event_id, position"):
            links["actors"][event_id].append(actor_id)

        def rows(table: str) -> Iterator[dict]:
            for row in self.db.query(f"SELECT * FROM [{table}] ORDER BY id"):
                clean = {k: v for k, v in row.items() if v is not None}
                for column in LIST_COLUMNS.get(table, []):
                    clean[column] = _json_cell(clean.get(column) or "[]", shown, table, row["id"], column)
                clean["sources"] = cites.get((table, row["id"]), [])
                if (table, row["id"]) in disputes:
                    clean["disputes"] = disputes[table, row["id"]]
                yield clean

        raw: dict[str, list[dict]] = {}
        actors = []
        for r in rows("actors"):
            if "influence" in r:
                r["positioning"] = {"influence": r.pop("influence"), "interest": r.pop("interest"),
                                    "rationale": r.pop("positioning_rationale")}
                if "positioning_rationale_fr" in r:
                    r["positioning"]["rationale_fr"] = r.pop("positioning_rationale_fr")
            r["roles"] = links["roles"].get(r["id"], [])
            actors.append(r)
        plans = []
        for r in rows("plans"):
            r["partners"] = links["partners"].get(r["id"], [])
            lead = r.pop("lead", None)  # the previous schema's single carrier
            r["carriers"] = links["carriers"].get(r["id"], []) or ([lead] if lead else [])
            plans.append(r)
        events = []
        for r in rows("events"):
            r["actors"] = links["actors"].get(r["id"], [])
            events.append(r)
        raw.update(sources=list(rows("sources")), actors=actors, plans=plans, events=events)
        for table in ("relations", "competitors", "offers"):
            raw[table] = list(rows(table))
        return raw

    def counts(self) -> dict[str, int]:
        """Records per table, counted in SQL (works even when a record no longer validates)."""
        return record_counts(self.db.conn)

    def departements(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM departements ORDER BY rowid"))

    def unsourced(self) -> int:
        """Records stored without a source although their kind requires one (should be 0)."""
        return unsourced(self.db.conn)


def _drop_curated(db: sqlite_utils.Database) -> None:
    """Drop the curated map's tables (inside the caller's transaction); the user's tables and places stay."""
    for table in CURATED_TABLES:
        db.execute(f"DROP TABLE IF EXISTS [{table}]")


def _json_cell(text: str, file: str, table: str, record_id: str, column: str) -> object:
    """A JSON-encoded cell, or a `RecordError` naming the database, record and column."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        raise RecordError(_("the stored value is not valid JSON ({text})").format(text=repr(text[:40])), file=file,
                          kind=BY_TABLE[table].kind_name, record=record_id, field=column) from None


def busy_error(path: Path | None, exc: sqlite3.OperationalError) -> LandscapeError:
    """The one line a writer prints when another process kept the database locked too long."""
    if "locked" in str(exc) or "busy" in str(exc):
        return LandscapeError(_("{path}: another landscape process has been writing for over {seconds} s; nothing "
                                "was changed, try again when it is done").format(path=path or _("database"),
                                                                                seconds=f"{BUSY_TIMEOUT:.0f}"))
    return LandscapeError(_("{path}: cannot start a write ({error})").format(path=path or _("database"), error=exc))


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def remove_stale_temporaries(path: Path) -> list[Path]:
    """Delete the temporary files an interrupted build beside `path` left (their process is gone)."""
    removed = []
    try:
        candidates = list(path.parent.glob(_temp_prefix(path) + "*.tmp*"))
    except OSError:
        return removed
    for tmp in candidates:
        parts = tmp.name[len(_temp_prefix(path)):].split(".")
        pid = int(parts[0]) if parts and parts[0].isdigit() else None
        if pid is not None and pid != os.getpid() and _alive(pid):
            continue  # another build is under way
        try:
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


@contextmanager
def new_database(path: str | Path) -> Iterator[Store]:
    """A fresh, empty store in a temporary file beside `path`, renamed over `path` when the block succeeds.

    On any error the temporary file is removed and `path` stays as it was. Used only where no other
    process can hold the file: creating a database from a snapshot, and `init --fresh`. A symbolic
    link at `path` is followed: the file it points to is replaced, the link stays.
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    _make_folder(path)
    try:
        remove_stale_temporaries(path)
        fd, tmp_name = tempfile.mkstemp(prefix=f"{_temp_prefix(path)}{os.getpid()}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise _cannot_create(path, exc) from None
    os.close(fd)
    tmp = Path(tmp_name)
    db = None
    try:
        db = connect(tmp)
        db.conn.execute("PRAGMA journal_mode = DELETE")  # a single file to rename
        store = Store(db, tmp)
        store.ensure_schema()
        yield store
        db.conn.execute("PRAGMA journal_mode = WAL")
        db.conn.close()
        for suffix in ("-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        os.replace(tmp, path)
    except BaseException:
        if db is not None:
            db.conn.close()  # closing twice is harmless
        for leftover in (tmp, *(Path(str(tmp) + s) for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
        raise


def build(path: str | Path, data: MapData | None = None, *, directory: Path | None = None,
          base: str | None = None) -> None:
    """Build or rebuild the map at `path` from the curated datasets, in one transaction on the live file.

    Everything is validated in memory first. The database is never replaced: the curated tables are
    rewritten inside one ``BEGIN IMMEDIATE`` transaction, so another process's write that reported
    success is kept (it either committed before, or waits and commits after), open readers see the
    new map on their next read, and a failure leaves the file as it was. Imported places, the
    journal, notes and the search index are tables the curated map does not own: they stay.
    """
    path = Path(path)
    data, departements, base = _base_inputs(data, directory, base)
    created = not path.exists()
    if created:
        _make_folder(path)
    remove_stale_temporaries(path)
    try:
        store = Store(connect(path), path)
    except sqlite3.DatabaseError as exc:
        raise LandscapeError(_("{path}: not a landscape database ({error}); 'landscape init --force --fresh' starts a "
                               "new file and keeps this one aside").format(path=path, error=exc)) from None
    try:
        with store.transaction():
            if store.db["meta"].exists():
                if store.check_version() < SCHEMA_VERSION:
                    _drop_curated(store.db)  # an older layout: the new base goes into today's tables
            store.ensure_schema()
            store.replace_map(data, departements=departements, **_dataset_meta(directory))
            store.set_meta("base", base)
            store.set_meta("schema_version", str(SCHEMA_VERSION))
            from landscape.store.changes import replay

            replay(store)  # the user's layer on top of the new base
    except sqlite3.DatabaseError as exc:
        store.close()
        if created:
            _remove_database_files(path)
        raise LandscapeError(_("{path}: cannot rebuild the map ({error}); 'landscape init --force --fresh' starts a "
                               "new file and keeps this one aside").format(path=path, error=exc)) from None
    except BaseException:
        store.close()
        if created:
            _remove_database_files(path)
        raise
    store.close()


def _dataset_meta(directory: Path | None) -> dict[str, str]:
    """What tells later whether the map was built from today's datasets; the stamp is read first, so a file
    changed in between makes it disagree (and the hash is compared) rather than vouch for old content."""
    stamp = dataset_stamp(directory)
    return {"dataset_stamp": stamp, "dataset_hash": fingerprint(directory)}


def _make_folder(path: Path) -> None:
    """The folder the database goes in, made if missing (a one-line error when it cannot be)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.parent.is_dir():
            raise NotADirectoryError
    except OSError as exc:
        raise _cannot_create(path, exc) from None


def _cannot_create(path: Path, exc: OSError) -> LandscapeError:
    why = _("not a folder") if isinstance(exc, (FileExistsError, NotADirectoryError)) else exc.strerror or exc
    return LandscapeError(_("{path}: cannot create the database in {folder} ({error})").format(
        path=path, folder=path.parent, error=why))


def _base_inputs(data: MapData | None, directory: Path | None, base: str | None) -> tuple[MapData, list, str]:
    """The map, the départements and the base name a build writes (the bundled datasets unless told)."""
    if base is None:
        base = "custom" if data is not None else str(directory) if directory else "bundled"
    data = data or load_dir(directory)
    return data, load_departements(directory / "departements.csv" if directory else None), base


def _remove_database_files(path: Path) -> None:
    for leftover in (path, *(Path(str(path) + s) for s in ("-wal", "-shm", "-journal"))):
        leftover.unlink(missing_ok=True)


def build_fresh(path: str | Path, data: MapData | None = None, *, directory: Path | None = None,
                base: str | None = None) -> Path | None:
    """Build the map in a new file and move the old one aside (for a database SQLite cannot read).

    Returns where the old file was kept, or None when there was none. Open processes keep using the
    old file: close them first.
    """
    path = Path(path)
    if path.is_symlink():
        path = path.resolve()
    data, departements, base = _base_inputs(data, directory, base)
    kept = None
    with new_database(path) as store:
        store.replace_map(data, departements=departements, **_dataset_meta(directory))
        store.set_meta("base", base)
        if path.exists():  # keep the old file (a second name for it) before the new one takes its place
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            kept = path.with_name(f"{path.name}.broken-{stamp}")
            for suffix in ("", "-wal"):
                side = Path(str(path) + suffix)
                if side.exists():
                    shutil.copy2(side, Path(str(kept) + suffix))
    return kept
