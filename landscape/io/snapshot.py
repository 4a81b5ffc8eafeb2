"""JSON snapshots of the map: export, the JSON Schema, and validated import.

A snapshot is one JSON document::

    {"schema_version": 2, "generated_at": "2025-01-31T09:00:00Z",
     "actors": [...], "plans": [...], "events": [...], "relations": [...],
     "competitors": [...], "offers": [...], "sources": [...], "lieux": [...]}

Records carry the model's field names (``model_dump(mode="json")``), sorted by id, every
field present, so two exports of one database differ only in ``generated_at``. ``lieux``
(open-data places) is present only when asked for.

Import validates the whole document before anything is written: size, UTF-8, JSON syntax,
``schema_version``, every record against its model, then the map-wide checks of
`landscape.dataset` (duplicate ids, references that must resolve). Snapshots of version 1 (one plan
per département) are upgraded as they are read (`landscape.dataset.upgrade_plan_rows`).

>>> doc = export_document(tiny_map(), generated_at="2025-01-01T00:00:00Z")   # doctest: +SKIP
>>> parse_document(doc, file="x.json").data.counts()["actors"]                # doctest: +SKIP
5
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from importlib import resources
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from landscape.dataset import (TABLES, upgrade_plan_rows, upgrade_relation_rows, MapData, actor_references, add_records, check, first_problem, load_departements,
                      problems_of)
from landscape.errors import LandscapeError, RecordError, validation_message
from landscape.i18n import _, decimal
from landscape.io.files import write_atomic, write_file
from landscape.io.lieux import REQUIRED_FIELDS, STANDARD_FIELDS
from landscape.model.models import BY_TABLE, Actor, check_departement, check_partial_date, Competitor, Event, Offer, Plan, Record, Relation, Source
from landscape.text import UNSAFE, fold, json_text
from landscape.model.vocab import DEPARTEMENT_CODES

SNAPSHOT_VERSION = 2
"""The version of the snapshot format this program writes and the newest it reads (1: one plan per
département with a single ``lead``; 2: plans with generations and carriers, French twins of texts)."""
KINDS: tuple[str, ...] = ("actors", "plans", "events", "relations", "competitors", "offers", "sources")
"""The arrays of a snapshot, in the order they are written."""
MAX_BYTES = 20 * 1024 * 1024
"""Largest snapshot accepted for import or diff (the full curated map is well under 1 MB)."""
LIEU_COLUMNS: tuple[str, ...] = ("origin", *STANDARD_FIELDS, "departement_code")
SCHEMA_RESOURCE = "schema/snapshot.schema.json"

ImportMode = Literal["replace", "merge"]


# --- the document model (for the JSON Schema) ---------------------------------------------------

def _lieu_model() -> type[BaseModel]:
    fields: dict[str, Any] = {}
    for name in LIEU_COLUMNS:
        kind: Any = float if name in ("latitude", "longitude") else str
        if name == "origin" or name in REQUIRED_FIELDS:
            fields[name] = (kind, ...)
        else:
            fields[name] = (kind | None, None)
    return create_model("Lieu", __config__=ConfigDict(extra="forbid"),
                        __doc__="A place of the national open-data map, with the standard's field names.",
                        **fields)


Lieu = _lieu_model()


class Snapshot(BaseModel):
    """A landscape snapshot: the map's records, one array per kind, in the models' own field names."""

    model_config = ConfigDict(extra="forbid", title="landscape snapshot")

    schema_version: int = Field(ge=1, le=SNAPSHOT_VERSION, description="Version of this format.")
    generated_at: str = Field(json_schema_extra={"format": "date-time"},
                              description="When the snapshot was written (UTC).")
    filtered: bool = Field(default=False, description="Only part of the map (exported with --kind or --query): "
                                                      "it can be merged, never replace a whole map.")
    actors: list[Actor] = Field(default_factory=list)
    plans: list[Plan] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    relations: list[Relation] = Field(default_factory=list)
    competitors: list[Competitor] = Field(default_factory=list)
    offers: list[Offer] = Field(default_factory=list)
    sources: list[Source] = Field(default_factory=list)
    lieux: list[Lieu] | None = Field(default=None, description="Open-data places, when exported with them.")  # type: ignore[valid-type]
    private: dict[str, list[dict[str, Any]]] | None = Field(
        default=None, description="The user's private layer (notes, contacts, own assessments), when exported "
                                  "with --with-private.")


def generate_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a snapshot, generated from the models."""
    schema = Snapshot.model_json_schema()
    for model in (*BY_TABLE.values(),):
        properties = schema["$defs"][model.__name__]["properties"]
        for name, info in model.model_fields.items():
            extra = _checked_string(info.annotation, info.metadata)
            if extra:
                for branch in properties[name].get("anyOf", [properties[name]]):
                    if branch.get("type") == "string":
                        branch.update(extra)
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}


def _checked_string(annotation: Any, metadata: list[Any]) -> dict[str, Any] | None:
    """What the models check in Python (partial dates, département codes), said in JSON Schema terms."""
    for arg in (annotation, *get_args(annotation)):
        for item in (*metadata, *getattr(arg, "__metadata__", ())):
            func = getattr(item, "func", None)
            if func is check_partial_date:
                return {"pattern": r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"}
            if func is check_departement:
                return {"enum": list(DEPARTEMENT_CODES)}
    return None


def schema_text() -> str:
    """The generated schema as the text shipped in the package."""
    return json.dumps(generate_schema(), ensure_ascii=False, indent=2) + "\n"


def shipped_schema_text() -> str:
    """The schema file shipped in the package (`schema_text()` written by ``python -m landscape.io.snapshot``)."""
    return (resources.files("landscape") / SCHEMA_RESOURCE).read_text(encoding="utf-8")


# --- export ------------------------------------------------------------------------------------

def now_utc() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _texts(record: Record) -> Iterable[str]:
    yield record.id
    yield record.label
    for name in ("name", "title", "summary", "note", "arena", "publisher", "departement_name", "rationale"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            yield value
    yield from getattr(record, "aliases", [])


def matches(record: Record, query: str) -> bool:
    """Whether the folded `query` occurs in the record's id, names, aliases, titles or summary."""
    key = fold(query)
    return bool(key) and any(key in fold(text) for text in _texts(record))


def select(data: MapData, *, kinds: Iterable[str] | None = None, query: str | None = None) -> MapData:
    """The records of `kinds` matching `query`, plus every actor and source they reference.

    The result is self-contained: each reference resolves inside it, so a filtered snapshot
    passes `check(..., complete=False)` on its own.
    """
    wanted = set(kinds or TABLES)
    unknown = wanted - set(TABLES)
    if unknown:
        raise LandscapeError(_("unknown kind(s) {kinds}: choose from {choices}").format(
            kinds=', '.join(sorted(unknown)), choices=', '.join(TABLES)))
    picked: dict[str, dict[str, Record]] = {name: {} for name in TABLES}
    for name in TABLES:
        if name in wanted:
            for record in data.table(name):
                if query is None or matches(record, query):
                    picked[name][record.id] = record
    actors = data.index("actors")
    for name in TABLES:
        for record in list(picked[name].values()):
            for _field, actor_id in actor_references(record):
                if actor_id in actors:
                    picked["actors"].setdefault(actor_id, actors[actor_id])
    sources = data.index("sources")
    for name in TABLES:
        for record in list(picked[name].values()):
            for source_id in record.cited_sources():
                if source_id in sources:
                    picked["sources"].setdefault(source_id, sources[source_id])
    out = MapData()
    for name in TABLES:
        out.table(name).extend(picked[name].values())
    return out.sort()


def read_lieux(db: Any) -> list[dict[str, Any]]:
    """Every row of the ``lieux`` table, ordered by origin then id, columns in the standard's order."""
    columns = ", ".join(f"[{c}]" for c in LIEU_COLUMNS)
    cursor = db.execute(f"SELECT {columns} FROM lieux ORDER BY origin, id")
    return [dict(zip(LIEU_COLUMNS, row)) for row in cursor.fetchall()]


def export_document(data: MapData, *, kinds: Iterable[str] | None = None, query: str | None = None,
                    lieux: list[dict[str, Any]] | None = None, generated_at: str | None = None,
                    private: dict[str, list[dict[str, Any]]] | None = None) -> dict[str, Any]:
    """The snapshot of `data` (filtered by `kinds` and `query` if given) as a JSON-ready dict."""
    doc: dict[str, Any] = {"schema_version": SNAPSHOT_VERSION, "generated_at": generated_at or now_utc()}
    if kinds is not None or query is not None:
        data = select(data, kinds=kinds, query=query)
        doc["filtered"] = True
    for name in KINDS:
        doc[name] = [r.model_dump(mode="json") for r in sorted(data.table(name), key=lambda r: r.id)]
    if lieux is not None:
        doc["lieux"] = [{c: row.get(c) for c in LIEU_COLUMNS}
                        for row in sorted(lieux, key=lambda row: (row["origin"], row["id"]))]
    if private is not None:
        doc["private"] = private
    return doc


def dumps(doc: dict[str, Any]) -> str:
    """The document as text: UTF-8 friendly, indented, one trailing newline, no raw control character."""
    return json_text(doc) + "\n"


def write_document(doc: dict[str, Any], path: Path | None) -> None:
    """Write to `path` atomically (temporary file, then rename), or to stdout when `path` is None."""
    text = dumps(doc)
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
    else:
        write_file(Path(path), text.encode("utf-8"))


# --- reading and validating --------------------------------------------------------------------

@dataclass
class ParsedSnapshot:
    """A snapshot that passed every per-record check (map-wide checks depend on the import mode)."""

    file: str
    schema_version: int
    generated_at: str | None
    data: MapData
    lieux: list[dict[str, Any]] | None = None
    origin: dict[tuple[str, str], str] = field(default_factory=dict)
    filtered: bool = False
    private: dict[str, list[dict[str, Any]]] | None = None


def read_text(path: str | Path, *, max_bytes: int = MAX_BYTES) -> tuple[str, str]:
    """Read a snapshot file (``-`` for stdin) as text: (shown name, text). Refuses oversize and non-UTF-8."""
    limit = f"{max_bytes / 1024 / 1024:g} MB"
    if str(path) == "-":
        name = "<stdin>"
        stream = getattr(sys.stdin, "buffer", None)
        raw = stream.read(max_bytes + 1) if stream is not None else sys.stdin.read(max_bytes + 1).encode("utf-8")
        if len(raw) > max_bytes:
            raise LandscapeError(_("{file}: larger than the {limit} a snapshot may be").format(file=name, limit=limit))
    else:
        p = Path(path)
        name = str(path)
        try:
            size = p.stat().st_size
            if p.is_dir():
                raise LandscapeError(_("{file}: is a directory, not a snapshot file").format(file=name))
            if size > max_bytes:
                raise LandscapeError(_("{file}: {size} MB is larger than the {limit} a snapshot may be").format(
                    file=name, size=decimal(size / 1024 / 1024, '.1f'), limit=limit))
            with p.open("rb") as fh:
                raw = fh.read(max_bytes + 1)
        except FileNotFoundError:
            raise LandscapeError(_("{file}: no such file").format(file=name)) from None
        except OSError as exc:
            raise LandscapeError(_("{file}: cannot read ({error})").format(
                file=name, error=exc.strerror or exc)) from None
        if len(raw) > max_bytes:
            raise LandscapeError(_("{file}: larger than the {limit} a snapshot may be").format(file=name, limit=limit))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":
            raise LandscapeError(_("{file}: truncated JSON: the file ends in the middle of a character").format(
                file=name)) from None
        line = raw[:exc.start].count(b"\n") + 1
        raise LandscapeError(_("{file}: not UTF-8 text (byte 0x{byte:02x} at line {line}, offset {offset})").format(
            file=name, byte=raw[exc.start], line=line, offset=exc.start)) from None
    return name, text


def _no_constant(value: str) -> None:
    raise ValueError(f"{value} is not allowed in JSON")


def parse_json(text: str, *, file: str) -> Any:
    """Parse JSON text; errors give the line and column."""
    if not text.strip():
        raise LandscapeError(_("{file}: empty file, not a JSON snapshot").format(file=file))
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        if exc.pos >= len(text.rstrip()):
            what = _("truncated JSON: the document ends early")
        elif exc.pos == len(text) - len(text.lstrip()) and text.lstrip()[:1] not in "{[\"-0123456789tfn":
            what = _("not JSON")
        else:
            what = _("invalid JSON")
        raise LandscapeError(_("{file}: {what} ({error} at line {line}, column {column})").format(
            file=file, what=what, error=exc.msg, line=exc.lineno, column=exc.colno)) from None
    except ValueError as exc:
        raise LandscapeError(_("{file}: {what} ({error})").format(
            file=file, what=_("invalid JSON"), error=exc)) from None
    except RecursionError:
        raise LandscapeError(_("{file}: JSON nested too deeply to be a snapshot").format(file=file)) from None


def parse_document(doc: Any, *, file: str) -> ParsedSnapshot:
    """Check a decoded snapshot: its version, its layout and every record against its model.

    Raises a `RecordError` naming file, record and field for the first problem (counting the others).
    """
    if not isinstance(doc, dict):
        raise LandscapeError(_("{file}: a snapshot is a JSON object, not {type}").format(
            file=file, type=_json_type(doc)))
    version = doc.get("schema_version")
    if version is None:
        raise LandscapeError(_("{file}: no 'schema_version': not a landscape snapshot").format(file=file))
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise LandscapeError(_("{file}: 'schema_version' must be a positive integer, not {version}").format(
            file=file, version=repr(version)))
    if version > SNAPSHOT_VERSION:
        raise LandscapeError(_("{file}: schema_version {version} is newer than this version of landscape understands "
                               "({supported}); upgrade landscape to read it").format(
            file=file, version=version, supported=SNAPSHOT_VERSION))
    generated_at = doc.get("generated_at")
    if generated_at is not None and not isinstance(generated_at, str):
        raise LandscapeError(_("{file}: 'generated_at' must be a date-time string, not {type}").format(
            file=file, type=_json_type(generated_at)))
    allowed = {"schema_version", "generated_at", "filtered", *KINDS, "lieux", "private"}
    for key in doc:
        if key not in allowed:
            raise LandscapeError(_("{file}: unexpected key {key}; a snapshot holds schema_version, generated_at, "
                                   "{kinds} and lieux").format(file=file, key=repr(key), kinds=', '.join(KINDS)))
    data = MapData()
    origin: dict[tuple[str, str], str] = {}
    problems: list[RecordError] = []
    for name in KINDS:
        rows = doc.get(name, [])
        if not isinstance(rows, list):
            raise LandscapeError(_("{file}: {name} must be an array of records, not {type}").format(
                file=file, name=repr(name), type=_json_type(rows)))
        if name == "plans" and version < 2:
            rows = upgrade_plan_rows(rows)
        if name == "relations":
            rows = upgrade_relation_rows(rows)
        add_records(data, origin, problems, name, rows, file=file)
    lieux = None
    if doc.get("lieux") is not None:
        lieux, lieu_problems = _parse_lieux(doc["lieux"], file=file)
        problems += lieu_problems
    if problems:
        raise first_problem(problems)
    filtered = doc.get("filtered", False)
    if not isinstance(filtered, bool):
        raise LandscapeError(_("{file}: 'filtered' must be true or false, not {type}").format(
            file=file, type=_json_type(filtered)))
    private = None
    if doc.get("private") is not None:
        from landscape.store.journal import check_private_layer

        private = check_private_layer(doc["private"], file=file)
    return ParsedSnapshot(file, version, generated_at, data.sort(), lieux, origin, filtered, private)


def _parse_lieux(rows: Any, *, file: str) -> tuple[list[dict[str, Any]], list[RecordError]]:
    if not isinstance(rows, list):
        raise LandscapeError(_("{file}: 'lieux' must be an array of places, not {type}").format(
            file=file, type=_json_type(rows)))
    out, problems, seen = [], [], set()
    for i, raw in enumerate(rows):
        label = raw.get("id") if isinstance(raw, dict) and isinstance(raw.get("id"), str) else f"#{i + 1}"
        try:
            row = Lieu.model_validate(raw).model_dump()
        except ValidationError as exc:
            errors = exc.errors()
            loc = ".".join(str(p) for p in errors[0]["loc"])
            message = validation_message(errors[0])
            problems.append(RecordError(message, file=file, kind="lieu", record=label, field=loc or None,
                                        more=len(errors) - 1))
            continue
        problem = _standard_problem(row)
        if problem is not None:
            field_name, message = problem
            problems.append(RecordError(message, file=file, kind="lieu", record=label[:80], field=field_name))
            continue
        key = (row["origin"], row["id"])
        if key in seen:
            problems.append(RecordError(_("duplicate place (origin {origin})").format(
                origin=repr(row['origin'])), file=file, kind="lieu",
                                        record=label, field="id"))
        seen.add(key)
        out.append(row)
    return out, problems


def _standard_problem(row: dict[str, Any]) -> tuple[str, str] | None:
    """The first way a place breaks the national standard, as `fetch lieux` checks it: (field, reason).

    A snapshot holds places as they were imported, already clean: a value the standard would drop or
    change, or a département that does not follow from the codes, means the file was edited.
    """
    from landscape.model import standard

    if UNSAFE.search(row["origin"]) or len(row["origin"]) > 2000:
        return "origin", "contains a control character or is longer than 2000 characters"
    clean, warnings, errors = standard.validate(row)
    for issue in errors:
        return issue.field, issue.reason
    for issue in warnings:  # one that changed nothing (no département for the codes) keeps the place, as in fetch
        if clean.get(issue.field) != row.get(issue.field):
            return issue.field, issue.reason
    for name in STANDARD_FIELDS:
        if clean[name] != row[name]:
            return name, f"not as the standard writes it: {str(row[name])[:60]!r} (expected {clean[name]!r})"
    if clean["departement_code"] != row["departement_code"]:
        return "departement_code", (f"{str(row['departement_code'])[:10]!r} does not follow from code_insee and "
                                    f"code_postal (expected {clean['departement_code']!r})")
    return None


def _json_type(value: Any) -> str:
    return {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null",
            int: "a number", float: "a number"}.get(type(value), type(value).__name__)


def load_snapshot(path: str | Path, *, max_bytes: int = MAX_BYTES) -> ParsedSnapshot:
    """Read, decode, parse and validate a snapshot file (``-``: stdin) without touching any database."""
    name, text = read_text(path, max_bytes=max_bytes)
    return parse_document(parse_json(text, file=name), file=name)


# --- import ------------------------------------------------------------------------------------

def is_empty(store: Any) -> bool:
    """Whether the database holds no curated record at all."""
    return not any(store.db.execute(f"SELECT 1 FROM [{t}] LIMIT 1").fetchone() for t in TABLES)


def validate_for(snapshot: ParsedSnapshot, mode: ImportMode, current: MapData | None = None) -> MapData:
    """Run the map-wide checks the import `mode` requires; return the map as it will be after import.

    ``replace``: the snapshot alone must be a whole, sound map (not a filtered export).
    ``merge``: the snapshot's records replace those with the same id in `current`; references may
    resolve against records already there.
    """
    if mode == "replace":
        if snapshot.filtered:
            raise LandscapeError(_("{file}: a filtered snapshot holds only part of the map: import it with --merge "
                                   "(--replace would drop every record it lacks)").format(file=snapshot.file))
        check(snapshot.data, origin=snapshot.origin, complete=True)
        return snapshot.data
    current = current or MapData()
    merged = MapData()
    for name in TABLES:
        incoming = snapshot.data.table(name)
        ids = {r.id for r in incoming}
        merged.table(name).extend([*incoming, *(r for r in current.table(name) if r.id not in ids)])
    problems = problems_of(merged, origin=snapshot.origin, complete=False)
    if problems:
        raise first_problem(problems)
    return merged.sort()


def import_snapshot(store: Any, snapshot: ParsedSnapshot, mode: ImportMode) -> dict[str, Any]:
    """Import a validated snapshot in one transaction; return what changed per kind.

    Nothing is written unless every check passes. Open-data places in the snapshot replace all
    places (``replace``) or those with the same origin and id (``merge``).
    """
    with store.transaction() as db:
        # Read, check and count inside the write transaction (BEGIN IMMEDIATE): a concurrent import
        # cannot slip in between, so the summary tells what this import changed.
        current = store.map()
        validate_for(snapshot, mode, current)
        summary: dict[str, Any] = {"mode": mode, "file": snapshot.file, "kinds": {}}
        for name in TABLES:
            old = current.index(name)
            new = snapshot.data.table(name)
            added = sum(1 for r in new if r.id not in old)
            changed = sum(1 for r in new if r.id in old and old[r.id] != r)
            entry = {"records": len(new), "added": added, "changed": changed}
            if mode == "replace":
                ids = {r.id for r in new}
                entry["removed"] = sum(1 for i in old if i not in ids)
            summary["kinds"][name] = entry
        from landscape.store.changes import journal_import

        if mode == "replace":
            store.replace_map(snapshot.data)
            store.set_meta("base", f"snapshot:{snapshot.file}")
            journal_import(store, summary=f"map replaced by the snapshot {snapshot.file}")
        else:
            store.merge_map(snapshot.data)
            journal_import(store, summary=f"merged from {snapshot.file}",
                           records=[(name, current.index(name).get(r.id), r)
                                    for name in TABLES for r in snapshot.data.table(name)])
        if snapshot.lieux is not None:
            _write_lieux(db, snapshot.lieux, replace=mode == "replace")
            summary["lieux"] = len(snapshot.lieux)
        if snapshot.private is not None:
            from landscape.store.journal import write_private_layer

            summary["private"] = write_private_layer(db.conn, snapshot.private)
    return summary


def _write_lieux(db: Any, rows: list[dict[str, Any]], *, replace: bool) -> None:
    if replace:
        db.execute("DELETE FROM lieux")
    if rows:
        db["lieux"].upsert_all(rows, pk=("origin", "id"))


def create_database(path: Path, snapshot: ParsedSnapshot) -> dict[str, Any]:
    """A new database at `path` holding exactly the snapshot, built in a temporary file and renamed."""
    from landscape.store.database import new_database

    check(snapshot.data, origin=snapshot.origin, complete=True)
    with new_database(path) as store:
        store.replace_map(snapshot.data, departements=load_departements())
        if snapshot.lieux:
            with store.transaction() as tx:
                _write_lieux(tx, snapshot.lieux, replace=True)
        if snapshot.private:
            from landscape.store.journal import write_private_layer

            with store.transaction() as tx:
                write_private_layer(tx.conn, snapshot.private)
        store.set_meta("imported_from", snapshot.file)
    kinds = {name: {"records": n, "added": n, "changed": 0, "removed": 0}
             for name, n in snapshot.data.counts().items()}
    summary: dict[str, Any] = {"mode": "replace", "file": snapshot.file, "kinds": kinds, "created": str(path)}
    if snapshot.lieux is not None:
        summary["lieux"] = len(snapshot.lieux)
    return summary


def main() -> None:
    """``python -m landscape.io.snapshot``: regenerate the shipped schema file from the models."""
    target = Path(__file__).resolve().parents[1] / SCHEMA_RESOURCE
    write_atomic(target, schema_text().encode("utf-8"))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
