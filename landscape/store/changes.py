"""The one write path of the living map: every change is validated, written and journaled at once.

>>> entry = apply_change(store, Change("edit", "plan", "plan-33", fields={"status": "adopted"},
...                                    source=SourceSpec(url="https://www.gironde.fr/...")))   # doctest: +SKIP

`apply_change` runs in one ``BEGIN IMMEDIATE`` transaction: the record after the change is
validated by the same pydantic models and map-wide checks as the curated data (references,
vocabularies, dates, a source for every fact), then written, then journaled (who, when, each
field before and after, which source). Any refusal raises a one-line `RecordError` and leaves the
database as it was. `undo` reverts journal entries through the same path, and `replay` re-applies
the user's layer on a rebuilt base, listing the fields the base also changed as conflicts.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any, Literal

from landscape.store import journal
from landscape.dataset import TABLES, MapData, problems_of, upgrade_plan_rows, upgrade_relation_rows, validate_record
from landscape.errors import LandscapeError, RecordError
from landscape.i18n import _
from landscape.model.models import BY_KIND, BY_TABLE, Record, check_partial_date
from landscape.text import fold

Action = Literal["add", "edit", "retire", "note", "log", "assess", "undo"]
RECORD_ACTIONS = ("add", "edit")
LOOKUP_ORDER = ("actors", "plans", "events", "offers", "relations", "competitors", "sources")
"""Where a bare id is looked for, when a note, contact or retirement does not say the kind."""
_UNEDITABLE = {"id"}


@dataclass
class SourceSpec:
    """Where a change's fact comes from: an existing source, a new one from a URL, or the user's own note."""

    id: str | None = None
    url: str | None = None
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    note: str | None = None  # an own observation: "met X on DATE"

    def given(self) -> bool:
        return any((self.id, self.url, self.note))


@dataclass
class Change:
    """One change to the map, as `apply_change` takes it."""

    action: Action
    kind: str | None = None  # the record's kind: "event" or "events"
    record_id: str | None = None
    fields: dict[str, Any] = field(default_factory=dict)  # field -> value to set ("positioning.influence")
    unset: list[str] = field(default_factory=list)
    source: SourceSpec | None = None
    reason: str | None = None  # retire
    text: str | None = None  # note; log summary
    date: str | None = None  # note, log
    contact_kind: str | None = None  # log: meeting, call ...
    people: list[str] = field(default_factory=list)  # log --with
    next: str | None = None
    due: str | None = None
    influence: int | None = None
    interest: int | None = None
    why: str | None = None
    journal_id: str | None = None  # replayed entries keep their id


@dataclass(frozen=True)
class JournalEntry:
    id: str
    action: str
    record_table: str | None
    record_id: str | None
    summary: str


def table_of(kind: str) -> str:
    """'plan' or 'plans' → 'plans' (a one-line error for anything else)."""
    if kind in BY_TABLE:
        return kind
    if kind in BY_KIND:
        return BY_KIND[kind].table
    raise LandscapeError(_("unknown kind {kind!r}: choose {kinds}").format(kind=kind, kinds=", ".join(BY_KIND)))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:80].strip("-") or "record"


def _new_id() -> str:
    return uuid.uuid4().hex[:16]


def _dump(record: Record) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude_none=True, exclude_defaults=False)


def _require_date(value: str | None, fld: str) -> str | None:
    if value is None:
        return None
    try:
        return check_partial_date(value)
    except ValueError as exc:
        raise RecordError(str(exc), field=fld) from None


# --- applying ---------------------------------------------------------------------------------------
def apply_change(store: Any, change: Change, *, origin: str = "cli", author: str | None = None) -> JournalEntry:
    """Validate, write and journal `change` in one transaction; return its journal entry."""
    who = journal.author(author)
    with store.transaction() as db:
        conn = db.conn
        journal.ensure_schema(conn)
        return _apply(store, conn, change, origin=origin, who=who)


def _apply(store: Any, conn: Any, change: Change, *, origin: str, who: str) -> JournalEntry:
    if change.action in RECORD_ACTIONS:
        return _apply_record(store, conn, change, origin=origin, who=who)
    handler = {"retire": _retire, "note": _note, "log": _log, "assess": _assess}.get(change.action)
    if handler is None:
        raise LandscapeError(_("unknown action {action}").format(action=repr(change.action)))
    return handler(store, conn, change, origin=origin, who=who)


def _journal(conn: Any, *, action: str, table: str | None, record_id: str | None, before: Any, after: Any,
             source_id: str | None, summary: str, origin: str, who: str, private: bool = False,
             entry_id: str | None = None, undoes: str | None = None) -> JournalEntry:
    entry_id = entry_id or _new_id()
    conn.execute(
        "INSERT INTO journal (id, at, author, origin, action, record_table, record_id, before, after, source_id, "
        "summary, private, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [entry_id, journal.now(), who, origin, action, table, record_id, journal.dumps(before),
         journal.dumps(after), source_id, summary, int(private), undoes])
    return JournalEntry(entry_id, action, table, record_id, summary)


def _resolve_source(store: Any, conn: Any, spec: SourceSpec | None, current: MapData, *, origin: str,
                    who: str, required: bool) -> str | None:
    """The id of the source a change cites, creating (and journaling) a new one when asked."""
    if spec is None or not spec.given():
        if required:
            raise RecordError(_("a source is required: --source ID, --source-url URL or --source-note TEXT"),
                              field="source")
        return None
    sources = current.index("sources")
    if spec.id:
        if spec.id not in sources:
            raise RecordError(_("unknown source {id!r}").format(id=spec.id), field="source")
        return spec.id
    if spec.url:
        for s in current.sources:
            if getattr(s, "url", None) == spec.url:
                return s.id
        raw = {"title": spec.title or spec.url, "url": spec.url, "kind": "web"}
        if spec.publisher:
            raw["publisher"] = spec.publisher
        if spec.date:
            raw["date"] = spec.date
        base = "src-" + slug(re.sub(r"^https?://(www\.)?", "", spec.url))[:60]
    else:
        raw = {"title": spec.note, "kind": "own_observation", "date": spec.date or journal.today(),
               "publisher": who}
        base = "note-" + slug(f"{who} {raw['date']} {spec.note}")[:60]
    new_id = base.strip("-")
    n = 2
    while new_id in sources:
        new_id = f"{base}-{n}"
        n += 1
    raw["id"] = new_id
    record = validate_record(BY_TABLE["sources"], raw, file="source", position=0)
    _write_records(store, MapData(sources=[record]), current)
    _journal(conn, action="add", table="sources", record_id=new_id, before=None, after=_dump(record),
             source_id=None, summary=f"add source {record.title}", origin=origin, who=who)
    current.sources.append(record)
    return new_id


def coerce(model: type[Record], name: str, value: Any) -> Any:
    """A CLI string turned into what field `name` of `model` holds (lists, numbers, nested values)."""
    if not isinstance(value, str):
        return value
    if name not in model.model_fields:
        return value  # validation names the unknown field
    annotation = str(model.model_fields[name].annotation)
    text = value.strip()
    if text.startswith(("[", "{")):
        import json

        try:
            return json.loads(text)
        except ValueError:
            raise RecordError(_("not valid JSON: {text}").format(
                text=repr(text[:60])), kind=model.kind_name, field=name) from None
    if name == "roles":
        roles = []
        for part in filter(None, (p.strip() for p in text.split(","))):
            role, _, level = part.partition(":")
            roles.append({"role": role.strip(), "level": (level or "primary").strip()})
        return roles
    if annotation.startswith("list["):
        return [p.strip() for p in text.split(",") if p.strip()]
    if "int" in annotation and re.fullmatch(r"-?\d+", text):
        return int(text)
    return value


def _coerce_path(model: type[Record], name: str, value: Any) -> Any:
    if "." in name:  # a nested value (positioning.influence): numbers are numbers
        return int(value) if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()) else value
    return coerce(model, name, value)


def _set_path(raw: dict[str, Any], name: str, value: Any) -> None:
    head, _, rest = name.partition(".")
    if rest:
        inner = dict(raw.get(head) or {})
        _set_path(inner, rest, value)
        raw[head] = inner
    else:
        raw[head] = value


def _unset_path(raw: dict[str, Any], name: str) -> None:
    head, _, rest = name.partition(".")
    if rest and isinstance(raw.get(head), dict):
        inner = dict(raw[head])
        _unset_path(inner, rest)
        raw[head] = inner
    else:
        raw.pop(head, None)


def _apply_record(store: Any, conn: Any, change: Change, *, origin: str, who: str) -> JournalEntry:
    table = table_of(change.kind or "")
    model = BY_TABLE[table]
    current = store.map()
    index = current.index(table)
    source_id = _resolve_source(store, conn, change.source, current, origin=origin, who=who,
                                required=table != "sources")
    if change.action == "add":
        raw: dict[str, Any] = {}
        for name, value in change.fields.items():
            _set_path(raw, name, _coerce_path(model, name, value))
        record_id = change.record_id or raw.get("id") or slug(str(
            raw.get("name") or raw.get("title") or raw.get("arena") or ""))
        if record_id in index:
            raise RecordError(_("id {id!r} is taken (give another with --id)").format(id=record_id),
                              kind=model.kind_name, record=record_id, field="id")
        raw["id"] = record_id
        before = None
    else:
        record_id = change.record_id or ""
        if record_id not in index:
            raise RecordError(_("no such record"), kind=model.kind_name, record=record_id)
        before = _dump(index[record_id])
        raw = dict(before)
        for name, value in change.fields.items():
            if name in _UNEDITABLE:
                raise RecordError(_("an id cannot be changed"), kind=model.kind_name, record=record_id, field=name)
            _set_path(raw, name, _coerce_path(model, name, value))
        for name in change.unset:
            _unset_path(raw, name)
    if source_id and "sources" in model.model_fields and source_id not in raw.get("sources", []):
        raw["sources"] = [*raw.get("sources", []), source_id]
    record = validate_record(model, raw, file="change", position=0)
    after = _dump(record)
    if after == before:
        raise RecordError(_("nothing to change: the record already holds these values"), kind=model.kind_name,
                          record=record_id)
    _check_in_map(current, table, record)
    _write_records(store, _single(table, record), current)
    verb = "add" if before is None else "edit"
    fields = sorted(k for k in set(after) | set(before or {}) if (before or {}).get(k) != after.get(k))
    summary = f"{verb} {model.kind_name} {record.label}" + (f": {', '.join(fields)}" if before else "")
    return _journal(conn, action=verb, table=table, record_id=record_id, before=before, after=after,
                    source_id=source_id, summary=summary, origin=origin, who=who, entry_id=change.journal_id)


def _current_form(table: str | None, row: Any) -> Any:
    """A record as an older landscape journaled it, in today's form (renamed vocabulary values, plan carriers)."""
    if not isinstance(row, dict) or not row:
        return row
    if table == "relations":
        return upgrade_relation_rows([row])[0]
    if table == "plans" and "lead" in row:
        upgraded = upgrade_plan_rows([row])
        return upgraded[0] if upgraded else row
    return row


def _single(table: str, record: Record) -> MapData:
    data = MapData()
    data.table(table).append(record)
    return data


def _check_in_map(current: MapData, table: str, record: Record) -> None:
    """Map-wide checks (references, one id per record) on the map as it would be after the change."""
    trial = MapData(**{name: list(current.table(name)) for name in TABLES})
    rows = trial.table(table)
    trial_rows = [r for r in rows if r.id != record.id]
    trial_rows.append(record)
    setattr(trial, table, trial_rows)
    problems = [p for p in problems_of(trial, complete=False) if p.record == record.id or p.record is None]
    if problems:
        first = problems[0]
        raise RecordError(first.message, kind=first.kind, record=first.record, field=first.field)


def _write_records(store: Any, data: MapData, current: MapData) -> None:
    store.merge_map(data)  # a savepoint of the caller's transaction
    for name in TABLES:
        for record in data.table(name):
            rows = [r for r in current.table(name) if r.id != record.id]
            rows.append(record)
            setattr(current, name, rows)


def _resolve_ref(current: MapData, change: Change) -> tuple[str, Record]:
    """The (table, record) a note, log, retire or assess names: by table+id, else by id in any table."""
    tables = [table_of(change.kind)] if change.kind else list(LOOKUP_ORDER)
    for table in tables:
        record = current.index(table).get(change.record_id or "")
        if record is not None:
            return table, record
    raise RecordError(_("no such record"), record=change.record_id)


def _retire(store: Any, conn: Any, change: Change, *, origin: str, who: str) -> JournalEntry:
    current = store.map()
    table, record = _resolve_ref(current, change)
    if not (change.reason or "").strip():
        raise RecordError(_("a reason is required"), kind=record.kind_name, record=record.id, field="reason")
    if journal.retired_of(conn, table, record.id):
        raise RecordError(_("already retired"), kind=record.kind_name, record=record.id)
    date = _require_date(change.date, "date") or journal.today()
    source_id = _resolve_source(store, conn, change.source, current, origin=origin, who=who, required=False)
    after = {"date": date, "reason": change.reason.strip()}
    conn.execute("INSERT INTO retired (record_table, record_id, date, reason) VALUES (?, ?, ?, ?)",
                 [table, record.id, date, after["reason"]])
    return _journal(conn, action="retire", table=table, record_id=record.id, before=None, after=after,
                    source_id=source_id, summary=f"retire {record.kind_name} {record.label}: {after['reason']}",
                    origin=origin, who=who, entry_id=change.journal_id)


def _note(store: Any, conn: Any, change: Change, *, origin: str, who: str) -> JournalEntry:
    table, record = _resolve_ref(store.map(), change)
    text = (change.text or "").strip()
    if not text:
        raise RecordError(_("a note needs text"), kind=record.kind_name, record=record.id, field="text")
    date = _require_date(change.date, "date") or journal.today()
    note_id = change.journal_id or _new_id()
    row = {"id": note_id, "record_table": table, "record_id": record.id, "date": date, "text": text, "author": who}
    conn.execute("INSERT INTO notes (id, record_table, record_id, date, text, author) VALUES (?, ?, ?, ?, ?, ?)",
                 list(row.values()))
    return _journal(conn, action="note", table=table, record_id=record.id, before=None, after=row, source_id=None,
                    summary=f"note on {record.label}", origin=origin, who=who, private=True, entry_id=note_id)


def _log(store: Any, conn: Any, change: Change, *, origin: str, who: str) -> JournalEntry:
    current = store.map()
    table, record = _resolve_ref(current, change)
    if change.contact_kind not in journal.CONTACT_KINDS:
        raise RecordError(_("{contact_kind} is not allowed: expected {choices}").format(
            contact_kind=repr(change.contact_kind), choices=', '.join(journal.CONTACT_KINDS)),
                          kind=record.kind_name, record=record.id, field="kind")
    date = _require_date(change.date, "date")
    if not date:
        raise RecordError(_("a contact needs its date (--date)"), kind=record.kind_name, record=record.id, field="date")
    summary = (change.text or "").strip()
    if not summary:
        raise RecordError(_("a contact needs a summary"), kind=record.kind_name, record=record.id, field="summary")
    if change.due and not change.next:
        raise RecordError(_("--due goes with --next"), kind=record.kind_name, record=record.id, field="due")
    due = _require_date(change.due, "due")
    people = []
    actors = current.index("actors")
    for person in change.people:
        if person not in actors:
            raise RecordError(_("unknown actor {ref!r}").format(ref=person), kind=record.kind_name, record=record.id,
                              field="with")
        people.append(person)
    contact_id = change.journal_id or _new_id()
    row = {"id": contact_id, "record_table": table, "record_id": record.id, "kind": change.contact_kind, "date": date,
           "summary": summary, "people": journal.dumps(people), "next": (change.next or "").strip() or None,
           "due": due, "author": who}
    conn.execute(f"INSERT INTO contacts ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))
    return _journal(conn, action="log", table=table, record_id=record.id, before=None, after={**row, "people": people},
                    source_id=None, summary=f"{change.contact_kind} with {record.label} on {date}", origin=origin, who=who,
                    private=True, entry_id=contact_id)


def _assess(store: Any, conn: Any, change: Change, *, origin: str, who: str) -> JournalEntry:
    current = store.map()
    actor = current.index("actors").get(change.record_id or "")
    if actor is None:
        raise RecordError(_("no such actor"), kind="actor", record=change.record_id)
    for name in ("influence", "interest"):
        value = getattr(change, name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            raise RecordError(_("a score from 1 to 5 is required"), kind="actor", record=actor.id, field=name)
    why = (change.why or "").strip()
    if not why:
        raise RecordError(_("say why (--why): an assessment is a judgement"), kind="actor", record=actor.id,
                          field="why")
    before = journal.assessment_of(conn, actor.id)
    row = {"actor_id": actor.id, "influence": change.influence, "interest": change.interest, "why": why,
           "date": journal.today(), "author": who}
    conn.execute("INSERT OR REPLACE INTO assessments (actor_id, influence, interest, why, date, author) "
                 "VALUES (?, ?, ?, ?, ?, ?)", list(row.values()))
    return _journal(conn, action="assess", table="actors", record_id=actor.id, before=before, after=row,
                    source_id=None, summary=f"assess {actor.name}: influence {change.influence}, "
                    f"interest {change.interest}", origin=origin, who=who, entry_id=change.journal_id)


# --- undo -------------------------------------------------------------------------------------------
def undo(store: Any, count: int = 1, *, origin: str = "cli", author: str | None = None) -> list[JournalEntry]:
    """Revert the last `count` changes not yet undone (newest first), each journaled, in one transaction."""
    who = journal.author(author)
    done = []
    with store.transaction() as db:
        conn = db.conn
        journal.ensure_schema(conn)
        targets = conn.execute("SELECT id FROM journal WHERE undone_by IS NULL AND action != 'undo' "
                               "ORDER BY seq DESC LIMIT ?", [count]).fetchall()
        if not targets:
            raise LandscapeError(_("nothing to undo"))
        for (entry_id,) in targets:
            done.append(_undo_one(store, conn, entry_id, origin=origin, who=who))
    return done


def _undo_one(store: Any, conn: Any, entry_id: str, *, origin: str, who: str) -> JournalEntry:
    entry = next(e for e in journal.entries(conn) if e["id"] == entry_id)
    action, table, record_id = entry["action"], entry["record_table"], entry["record_id"]
    before, after = entry["before"], entry["after"]
    if action in RECORD_ACTIONS:
        record = store.map().index(table).get(record_id)
        if record is None or _dump(record) != after:
            raise LandscapeError(_("cannot undo '{summary}': the record changed since; undo the later change first")
                                 .format(summary=entry["summary"]))
    _undo_one_effects(store, conn, entry)
    result = _journal(conn, action="undo", table=table, record_id=record_id, before=after, after=before,
                      source_id=None, summary=f"undo: {entry['summary']}", origin=origin, who=who,
                      private=entry["private"], undoes=entry_id)
    conn.execute("UPDATE journal SET undone_by = ? WHERE id = ?", [result.id, entry_id])
    return result


def _delete_record(store: Any, table: str, record_id: str) -> None:
    db = store.db
    links = {"actors": [("actor_roles", "actor_id")], "plans": [("plan_partners", "plan_id")],
             "events": [("event_actors", "event_id")]}.get(table, [])
    for link_table, column in links:
        db.execute(f"DELETE FROM [{link_table}] WHERE [{column}] = ?", [record_id])
    db.execute("DELETE FROM citations WHERE record_table = ? AND record_id = ?", [table, record_id])
    db.execute("DELETE FROM disputes WHERE record_table = ? AND record_id = ?", [table, record_id])
    db.execute(f"DELETE FROM [{table}] WHERE id = ?", [record_id])
    broken = db.execute("PRAGMA foreign_key_check").fetchall()
    if broken:
        raise LandscapeError(_("cannot remove {record_id}: other records point to it ({kind})").format(
            record_id=repr(record_id), kind=broken[0][0]))


# --- replay on a rebuilt base -----------------------------------------------------------------------
def replay(store: Any) -> list[dict[str, Any]]:
    """Re-apply the user's record changes on a freshly written base, inside the caller's transaction.

    For each field the user changed: where the base still holds the user's "before" value (or already
    the user's value) the user's value is applied; where the base changed it too, the user's value is
    kept and the field is listed in `conflicts` with both values. An entry that no longer applies
    (a record it references left the base) is listed as a conflict on its record. Deterministic: the
    same base and journal give the same map.
    """
    conn = store.db.conn
    journal.ensure_schema(conn)
    conn.execute("DELETE FROM conflicts")
    found: list[dict[str, Any]] = []
    rows = conn.execute("SELECT id, action, record_table, record_id, before, after FROM journal "
                        "WHERE undone_by IS NULL AND action IN ('add', 'edit') ORDER BY seq").fetchall()
    for entry_id, action, table, record_id, before_text, after_text in rows:
        before, after = _current_form(table, journal.loads(before_text) or {}), _current_form(
            table, journal.loads(after_text))
        current = store.map()
        base_record = current.index(table).get(record_id)
        base = _dump(base_record) if base_record else None
        if base == after:
            continue
        if base is None:
            merged, clashes = dict(after), []
        else:
            merged, clashes = dict(base), []
            for name in sorted(set(after) | set(before)):
                mine, old, theirs = after.get(name), before.get(name), base.get(name)
                if mine == old or theirs == mine:
                    continue
                if action == "edit" and theirs != old:
                    clashes.append((name, theirs, mine))
                elif action == "add" and base is not None and theirs is not None:
                    clashes.append((name, theirs, mine))
                if mine is None:
                    merged.pop(name, None)
                else:
                    merged[name] = mine
        try:
            record = validate_record(BY_TABLE[table], merged, file="journal", position=0)
            _check_in_map(current, table, record)
            _write_records(store, _single(table, record), current)
        except LandscapeError as exc:
            clashes = [("*", None, f"not applied: {exc}")]
        for name, theirs, mine in clashes:
            conn.execute("INSERT OR REPLACE INTO conflicts VALUES (?, ?, ?, ?, ?, ?)",
                         [table, record_id, name, journal.dumps(theirs), journal.dumps(mine), entry_id])
            found.append({"record_table": table, "record_id": record_id, "field": name, "base_value": theirs,
                          "user_value": mine})
    return found


def resolve_conflict(store: Any, table: str, record_id: str, name: str, keep: Literal["base", "mine"], *,
                     origin: str = "cli", author: str | None = None) -> JournalEntry | None:
    """Pick one value of a conflict; picking the base's is an edit back to it, journaled."""
    with store.transaction() as db:
        conn = db.conn
        journal.ensure_schema(conn)
        row = conn.execute("SELECT base_value FROM conflicts WHERE record_table = ? AND record_id = ? AND field = ?",
                           [table, record_id, name]).fetchone()
        if row is None:
            raise LandscapeError(_("no conflict on {id!r} field {field!r} (see 'landscape conflicts')").format(
                id=record_id, field=name))
        entry = None
        if keep == "base" and name != "*":
            base_value = journal.loads(row[0])
            change = Change("edit", table, record_id, fields={name: base_value} if base_value is not None else {},
                            unset=[name] if base_value is None else [])
            current = store.map().index(table)[record_id]
            sources = current.sources[:1]
            change.source = SourceSpec(id=sources[0]) if sources else None
            entry = _apply_record(store, conn, change, origin=origin, who=journal.author(author))
        conn.execute("DELETE FROM conflicts WHERE record_table = ? AND record_id = ? AND field = ?",
                     [table, record_id, name])
        return entry


def journal_import(store: Any, *, summary: str, origin: str = "import", author: str | None = None,
                   records: list[tuple[str, Record | None, Record]] | None = None) -> None:
    """Journal an import inside the caller's transaction.

    `records` (table, before, after): records a merge added or changed, each journaled as an add or
    edit so that a rebuild replays them like the user's own changes. Without them (a whole map replaced,
    places imported) one "import" entry records what happened; it is not replayed.
    """
    conn = store.db.conn
    journal.ensure_schema(conn)
    who = journal.author(author)
    for table, before, after in records or []:
        old = _dump(before) if before is not None else None
        new = _dump(after)
        if old == new:
            continue
        verb = "add" if old is None else "edit"
        _journal(conn, action=verb, table=table, record_id=after.id, before=old, after=new, source_id=None,
                 summary=f"{verb} {after.kind_name} {after.label} ({summary})", origin=origin, who=who)
    if not records:
        _journal(conn, action="import", table=None, record_id=None, before=None, after=None, source_id=None,
                 summary=summary, origin=origin, who=who)


# --- sharing the user's layer ---------------------------------------------------------------------
CHANGES_FORMAT = "landscape-changes"
CHANGES_VERSION = 1
_ENTRY_KEYS = ("id", "at", "author", "origin", "action", "record_table", "record_id", "before", "after",
               "source_id", "summary", "private", "undoes")


def export_entries(conn: Any, *, since: str | None = None, with_private: bool = False) -> list[dict[str, Any]]:
    """The journal as a list of entries, oldest first (private notes and contacts only when asked)."""
    journal.ensure_schema(conn)
    rows = list(reversed(journal.entries(conn)))
    out = []
    for row in rows:
        if (row["private"] and not with_private) or row["action"] == "import":
            continue
        if since and row["at"][:len(since)] < since:
            continue
        out.append({k: row[k] for k in _ENTRY_KEYS})
    return out


def changes_document(entries: list[dict[str, Any]], *, generated_at: str) -> str:
    """JSON Lines: a header line, then one entry per line (stable key order: the same layer, the same bytes)."""
    import json

    header = {"format": CHANGES_FORMAT, "version": CHANGES_VERSION, "generated_at": generated_at,
              "entries": len(entries)}
    lines = [json.dumps(header, ensure_ascii=False, sort_keys=True)]
    lines += [json.dumps(e, ensure_ascii=False, sort_keys=True) for e in entries]
    return "\n".join(lines) + "\n"


def parse_changes(text: str, *, file: str) -> list[dict[str, Any]]:
    """Entries of a changes file, each checked for shape; a one-line error names the line and field."""
    import json

    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise RecordError(_("empty file: expected a header line"), file=file)

    def load(n: int, line: str) -> Any:
        try:
            return json.loads(line)
        except (ValueError, RecursionError) as exc:
            raise RecordError(_("line {n}: not valid JSON ({error})").format(
                n=n, error=str(exc)[:60]), file=file) from None

    header = load(1, lines[0])
    if not isinstance(header, dict) or header.get("format") != CHANGES_FORMAT:
        raise RecordError(_("line 1: not a landscape changes file (expected format {format})").format(
            format=repr(CHANGES_FORMAT)), file=file)
    if header.get("version") != CHANGES_VERSION:
        raise RecordError(_("line 1: version {version} is not supported (expected {supported})").format(
            version=repr(header.get('version')), supported=CHANGES_VERSION),
                          file=file, field="version")
    entries = []
    for n, line in enumerate(lines[1:], 2):
        entry = load(n, line)
        if not isinstance(entry, dict):
            raise RecordError(_("line {n}: expected an object").format(n=n), file=file)
        for key in ("id", "at", "author", "origin", "action"):
            if not isinstance(entry.get(key), str) or not entry[key]:
                raise RecordError(_("line {n}: missing or not a string").format(
                    n=n), file=file, record=entry.get("id"), field=key)
        if entry["action"] not in ("add", "edit", "retire", "note", "log", "assess", "undo"):
            raise RecordError(_("line {n}: unknown action {action}").format(
                n=n, action=repr(entry['action'])), file=file, record=entry["id"],
                              field="action")
        if entry["action"] in RECORD_ACTIONS and entry.get("record_table") not in BY_TABLE:
            raise RecordError(_("line {n}: unknown kind {kind}").format(
                n=n, kind=repr(entry.get('record_table'))), file=file,
                              record=entry["id"], field="record_table")
        if entry["action"] in RECORD_ACTIONS and not isinstance(entry.get("after"), dict):
            raise RecordError(_("line {n}: expected the record after the change").format(
                n=n), file=file, record=entry["id"],
                              field="after")
        entries.append({k: entry.get(k) for k in _ENTRY_KEYS})
    return entries


def import_entries(store: Any, entries: list[dict[str, Any]]) -> dict[str, Any]:
    """Replay a colleague's entries in one transaction: known ids are skipped (importing twice changes
    nothing); a field that differs here from both its before and after values is a conflict, listed and
    left as it is here."""
    summary: dict[str, Any] = {"applied": 0, "skipped": 0, "conflicts": []}
    with store.transaction() as db:
        conn = db.conn
        journal.ensure_schema(conn)
        known = {row[0] for row in conn.execute("SELECT id FROM journal")}
        for entry in entries:
            if entry["id"] in known:
                summary["skipped"] += 1
                continue
            summary["conflicts"] += _import_one(store, conn, entry)
            known.add(entry["id"])
            summary["applied"] += 1
    return summary


def _insert_entry(conn: Any, entry: dict[str, Any], *, origin: str) -> None:
    conn.execute(
        "INSERT INTO journal (id, at, author, origin, action, record_table, record_id, before, after, source_id, "
        "summary, private, undoes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [entry["id"], entry["at"], entry["author"], origin, entry["action"], entry.get("record_table"),
         entry.get("record_id"), journal.dumps(entry.get("before")), journal.dumps(entry.get("after")),
         entry.get("source_id"), entry.get("summary") or entry["action"], int(bool(entry.get("private"))),
         entry.get("undoes")])


def _import_one(store: Any, conn: Any, entry: dict[str, Any]) -> list[dict[str, Any]]:
    action, table, record_id = entry["action"], entry.get("record_table"), entry.get("record_id")
    before, after = _current_form(table, entry.get("before") or {}), _current_form(table, entry.get("after"))
    clashes: list[dict[str, Any]] = []
    where = f"entry {entry['id']}"
    if action in RECORD_ACTIONS:
        current = store.map()
        existing = current.index(table).get(record_id)
        here = _dump(existing) if existing else None
        merged = dict(here or {})
        for name in sorted(set(after) | set(before)):
            mine, old, theirs = after.get(name), before.get(name), (here or {}).get(name)
            if here is not None and theirs not in (old, mine):
                clashes.append({"record_table": table, "record_id": record_id, "field": name, "here": theirs,
                                "incoming": mine})
                continue
            if mine is None:
                merged.pop(name, None)
            else:
                merged[name] = mine
        record = validate_record(BY_TABLE[table], merged, file=where, position=0)
        _check_in_map(current, table, record)
        if here != _dump(record):
            _write_records(store, _single(table, record), current)
    elif action == "retire":
        conn.execute("INSERT OR IGNORE INTO retired (record_table, record_id, date, reason) VALUES (?, ?, ?, ?)",
                     [table, record_id, after["date"], after["reason"]])
    elif action == "note":
        conn.execute("INSERT OR IGNORE INTO notes (id, record_table, record_id, date, text, author) "
                     "VALUES (?, ?, ?, ?, ?, ?)", [after[k] for k in ("id", "record_table", "record_id", "date",
                                                                      "text", "author")])
    elif action == "log":
        conn.execute("INSERT OR IGNORE INTO contacts (id, record_table, record_id, kind, date, summary, people, "
                     "next, due, author) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     [after["id"], after["record_table"], after["record_id"], after["kind"], after["date"],
                      after["summary"], journal.dumps(after.get("people") or []), after.get("next"), after.get("due"),
                      after["author"]])
    elif action == "assess":
        conn.execute("INSERT OR REPLACE INTO assessments (actor_id, influence, interest, why, date, author) "
                     "VALUES (?, ?, ?, ?, ?, ?)", [after[k] for k in ("actor_id", "influence", "interest", "why",
                                                                      "date", "author")])
    elif action == "undo" and entry.get("undoes"):
        target = conn.execute("SELECT undone_by FROM journal WHERE id = ?", [entry["undoes"]]).fetchone()
        if target and target[0] is None:
            _insert_entry(conn, entry, origin=entry["origin"])
            _revert_imported(store, conn, entry)
            conn.execute("UPDATE journal SET undone_by = ? WHERE id = ?", [entry["id"], entry["undoes"]])
            return clashes
    for clash in clashes:
        conn.execute("INSERT OR REPLACE INTO conflicts VALUES (?, ?, ?, ?, ?, ?)",
                     [clash["record_table"], clash["record_id"], clash["field"], journal.dumps(clash["here"]),
                      journal.dumps(clash["incoming"]), entry["id"]])
    _insert_entry(conn, entry, origin=entry["origin"])
    return clashes


def _revert_imported(store: Any, conn: Any, entry: dict[str, Any]) -> None:
    """Apply an imported undo: put back what the undone entry had replaced."""
    target = next(e for e in journal.entries(conn) if e["id"] == entry["undoes"])
    conn.execute("UPDATE journal SET undone_by = NULL WHERE id = ?", [target["id"]])
    _undo_one_effects(store, conn, target)


def _undo_one_effects(store: Any, conn: Any, entry: dict[str, Any]) -> None:
    action, table, record_id, before = entry["action"], entry["record_table"], entry["record_id"], entry["before"]
    if action in RECORD_ACTIONS:
        if before is None:
            _delete_record(store, table, record_id)
        else:
            current = store.map()
            restored = validate_record(BY_TABLE[table], before, file="journal", position=0)
            _check_in_map(current, table, restored)
            _write_records(store, _single(table, restored), current)
    elif action == "retire":
        conn.execute("DELETE FROM retired WHERE record_table = ? AND record_id = ?", [table, record_id])
    elif action in ("note", "log"):
        conn.execute(f"DELETE FROM {'notes' if action == 'note' else 'contacts'} WHERE id = ?", [entry["id"]])
    elif action == "assess":
        conn.execute("DELETE FROM assessments WHERE actor_id = ?", [record_id])
        if before:
            conn.execute("INSERT INTO assessments (actor_id, influence, interest, why, date, author) "
                         "VALUES (?, ?, ?, ?, ?, ?)", [before[k] for k in ("actor_id", "influence", "interest",
                                                                           "why", "date", "author")])
