"""The map as validated records in memory: loading the curated files and checking integrity.

`MapData` is the one in-memory form of the map. The curated TOML files of `datasets/`, a JSON
snapshot and the SQLite store all become a `MapData`, and every check lives here, so a record
is held to the same rules whichever way it enters.
"""

from __future__ import annotations

import csv
import tomllib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from landscape.errors import RecordError, validation_message
from landscape.i18n import N_, _
from landscape.paths import datasets_dir
from landscape.model.models import BY_TABLE, RECORD_TYPES, Actor, Competitor, Event, Offer, Plan, Record, Relation, Source

TABLES: tuple[str, ...] = tuple(t.table for t in RECORD_TYPES)


@dataclass
class MapData:
    """Every record of the map, by table, in a stable order (sorted by id)."""

    sources: list[Source] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    plans: list[Plan] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    competitors: list[Competitor] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)

    def table(self, name: str) -> list[Record]:
        return getattr(self, name)

    def all_records(self) -> Iterator[Record]:
        for name in TABLES:
            yield from self.table(name)

    def counts(self) -> dict[str, int]:
        return {name: len(self.table(name)) for name in TABLES}

    def index(self, name: str) -> dict[str, Record]:
        return {r.id: r for r in self.table(name)}

    def sort(self) -> MapData:
        for name in TABLES:
            self.table(name).sort(key=lambda r: r.id)
        return self


def validate_record(model: type[Record], raw: object, *, file: str, position: int) -> Record:
    """Validate one raw mapping as a `model`, or raise a `RecordError` naming record and field."""
    record_id = raw.get("id") if isinstance(raw, dict) else None
    label = record_id if isinstance(record_id, str) else f"#{position + 1}"
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        errors = exc.errors()
        first = errors[0]
        loc = _field_path(first["loc"])
        raise RecordError(validation_message(first), file=file, kind=model.kind_name,
                          record=label, field=loc or None, more=len(errors) - 1) from None


def _field_path(loc: Iterable[object]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += ("." if path else "") + str(part)
    return path


def read_dir(directory: Path | None = None) -> tuple[MapData, dict[tuple[str, str], str], list[RecordError]]:
    """Read every ``*.toml`` file of the datasets; return the records, the file of each, and the problems.

    A file holds one or more arrays of tables named after the kinds (``[[actors]]``, ``[[sources]]``).
    """
    directory = directory or datasets_dir()
    data = MapData()
    origin: dict[tuple[str, str], str] = {}
    problems: list[RecordError] = []
    paths = sorted(directory.glob("*.toml"))
    if not paths:
        problems.append(RecordError(_("no *.toml dataset files"), file=str(directory)))
    for path in paths:
        shown = f"datasets/{path.name}"
        try:
            with path.open("rb") as fh:
                document = tomllib.load(fh)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            problems.append(RecordError(_("not valid TOML: {error}").format(error=exc), file=shown))
            continue
        for name, rows in document.items():
            if name not in BY_TABLE or not isinstance(rows, list):
                problems.append(RecordError(_("unexpected top-level key {name}; records go in arrays of tables named "
                                              "{tables}").format(
                    name=repr(name), tables=', '.join(TABLES)), file=shown))
                continue
            add_records(data, origin, problems, name, rows, file=shown)
    return data, origin, problems


def add_records(data: MapData, origin: dict[tuple[str, str], str], problems: list[RecordError], table: str,
                rows: list, *, file: str) -> None:
    """Validate raw `rows` of `table` from `file` into `data`, noting each record's file; collect problems."""
    for i, raw in enumerate(rows):
        try:
            record = validate_record(BY_TABLE[table], raw, file=file, position=i)
        except RecordError as exc:
            problems.append(exc)
            continue
        data.table(table).append(record)
        origin.setdefault((table, record.id), file)


def load_dir(directory: Path | None = None) -> MapData:
    """Load and validate every curated file; raise `RecordError` on the first problem."""
    data, origin, problems = read_dir(directory)
    problems += problems_of(data, origin=origin)
    if problems:
        raise first_problem(problems)
    return data.sort()


def check(data: MapData, *, origin: dict[tuple[str, str], str] | None = None, complete: bool = True) -> None:
    """Raise a `RecordError` for the first problem `problems_of` finds, counting the others."""
    problems = problems_of(data, origin=origin, complete=complete)
    if problems:
        raise first_problem(problems)


def first_problem(problems: list[RecordError]) -> RecordError:
    """The first of `problems`, counting all the others (and those each one already counted)."""
    first = problems[0]
    more = first.more + sum(1 + p.more for p in problems[1:])
    return RecordError(first.message, file=first.file, kind=first.kind, record=first.record, field=first.field,
                       more=more)


def problems_of(data: MapData, *, origin: dict[tuple[str, str], str] | None = None,
                complete: bool = True) -> list[RecordError]:
    """What single records cannot check: unique ids, resolvable references, consistent dates.

    `complete` is kept for callers that check a whole map rather than a part being merged; since plans
    have generations (a département may have none) it demands nothing more.
    """
    origin = origin or {}
    found: list[RecordError] = []

    def fail(table: str, record: str | None, fld: str | None, message: str) -> None:
        found.append(RecordError(message, file=origin.get((table, record or "")), kind=BY_TABLE[table].kind_name,
                                 record=record, field=fld))

    ids: dict[str, set[str]] = {}
    for name in TABLES:
        counted = Counter(r.id for r in data.table(name))
        for record_id, n in counted.items():
            if n > 1:
                fail(name, record_id, "id", _("duplicate id ({n} records share it)").format(n=n))
        ids[name] = set(counted)

    for name in TABLES:
        for record in data.table(name):
            for i, source_id in enumerate(record.sources):
                if source_id not in ids["sources"]:
                    fail(name, record.id, f"sources[{i}]", _("unknown source {id}").format(id=repr(source_id)))
            for d, dispute in enumerate(record.disputes):
                for c, claim in enumerate(dispute.claims):
                    for source_id in claim.sources:
                        if source_id not in ids["sources"]:
                            fail(name, record.id, f"disputes[{d}].claims[{c}].sources",
                                 _("unknown source {id}").format(id=repr(source_id)))
            for fld, actor_id in actor_references(record):
                if actor_id not in ids["actors"]:
                    fail(name, record.id, fld, _("unknown actor {id}").format(id=repr(actor_id)))

    for relation in data.relations:
        if relation.source == relation.target:
            fail("relations", relation.id, "target", _("a relation cannot link an actor to itself"))
    for row in data.competitors:
        if row.actor == row.competitor:
            fail("competitors", row.id, "competitor", _("an actor cannot compete with itself"))
    for name, start, end, message in (("actors", "founded", "ended", N_("ends ({last}) before it founded ({first})")),
                                      ("offers", "launched", "ended", N_("ends ({last}) before it launched ({first})")),
                                      ("relations", "since", "until", N_("ends ({last}) before it began ({first})"))):
        for record in data.table(name):
            first, last = getattr(record, start), getattr(record, end)
            if first and last and ends_before(last, first):
                fail(name, record.id, end, _(message).format(last=last, first=first))

    for plan in data.plans:
        if plan.adopted and plan.period and plan.adopted[:4] > plan.period[-4:]:
            fail("plans", plan.id, "adopted", _("adopted ({adopted}) after its period ({period}) ended").format(
                adopted=plan.adopted, period=plan.period))
    return found


TRANSLATED_FIELDS: dict[str, tuple[str, ...]] = {
    "actors": ("summary",), "plans": ("summary",), "events": ("title", "summary"), "relations": ("note",),
    "competitors": ("arena", "note"), "offers": ("summary",),
}
"""The curated texts that exist in English and French (``summary`` and ``summary_fr``). A plan's title is
the document's own name, in French: it needs no twin."""


def missing_translations(data: MapData) -> list[tuple[str, str, str]]:
    """(table, id, field) of every curated text that lacks its French twin (rationales and dispute notes too)."""
    missing = []
    for table, fields in TRANSLATED_FIELDS.items():
        for record in data.table(table):
            for name in fields:
                if getattr(record, name, None) and not getattr(record, f"{name}_fr", None):
                    missing.append((table, record.id, name))
            positioning = getattr(record, "positioning", None)
            if positioning is not None and not positioning.rationale_fr:
                missing.append((table, record.id, "positioning.rationale"))
            for i, dispute in enumerate(record.disputes):
                if dispute.note and not dispute.note_fr:
                    missing.append((table, record.id, f"disputes[{i}].note"))
    return missing


def ends_before(end: str, start: str) -> bool:
    """Whether partial date `end` is surely before `start`: ``2015`` is not before ``2015-03``."""
    n = min(len(end), len(start))
    return end[:n] < start[:n]


def actor_references(record: Record) -> Iterator[tuple[str, str]]:
    """(field path, actor id) for every actor a record points to."""
    if isinstance(record, Plan):
        for i, actor_id in enumerate(record.carriers):
            yield f"carriers[{i}]", actor_id
        for i, actor_id in enumerate(record.partners):
            yield f"partners[{i}]", actor_id
    elif isinstance(record, Event):
        for i, actor_id in enumerate(record.actors):
            yield f"actors[{i}]", actor_id
    elif isinstance(record, Relation):
        yield "source", record.source
        yield "target", record.target
    elif isinstance(record, Competitor):
        yield "actor", record.actor
        yield "competitor", record.competitor
    elif isinstance(record, Offer):
        yield "owner", record.owner


def upgrade_plan_rows(rows: list) -> list:
    """Plans as the previous format wrote them (one per département, a single ``lead``), in this one.

    A ``none_known`` plan said only that nothing was found: it becomes no record. ``lead`` becomes
    the first carrier. The generation stays unknown (None): it is not guessed.
    """
    upgraded = []
    for row in rows:
        if not isinstance(row, dict):
            upgraded.append(row)
            continue
        if row.get("status") == "none_known":
            continue
        row = dict(row)
        lead = row.pop("lead", None)
        if lead and "carriers" not in row:
            row["carriers"] = [lead]
        upgraded.append(row)
    return upgraded


RENAMED_RELATION_KINDS = {"consulted": "consulted_by"}
"""Relation kinds renamed since older snapshots were written: the old `consulted` read "was heard by"."""


def upgrade_relation_rows(rows: list) -> list:
    """Relations as older snapshots wrote them, with renamed kinds read under their new names."""
    return [dict(row, kind=RENAMED_RELATION_KINDS[row["kind"]])
            if isinstance(row, dict) and row.get("kind") in RENAMED_RELATION_KINDS else row for row in rows]


@dataclass(frozen=True)
class Departement:
    code: str
    name: str
    region_code: str
    region: str


def load_departements(path: Path | None = None) -> list[Departement]:
    """The official list of départements bundled in `datasets/departements.csv`."""
    path = path or datasets_dir() / "departements.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        return [Departement(row["code"], row["nom"], row["codeRegion"], row["region"]) for row in csv.DictReader(fh)]


def main() -> None:
    """``python -m landscape.dataset``: list every problem of the curated files, then the counts."""
    data, origin, problems = read_dir()
    problems += problems_of(data, origin=origin)
    for problem in problems:
        print(problem)
    print({**data.counts(), "problems": len(problems)})
    raise SystemExit(1 if problems else 0)


if __name__ == "__main__":
    main()
