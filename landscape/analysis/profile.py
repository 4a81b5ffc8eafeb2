"""A record with everything around it: relations, competitors, offers, plans, events and sources.

`profile()` is what `landscape show`, the TUI's detail screen and the brief all read, so the three
always agree on what is known about a record. It reads validated models (`MapData`) or the plain
records `landscape.store.plain` reads with the standard library, and gives the same result from both.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from landscape.i18n import N_, _, text_of
from landscape.model.labels import label
from landscape.store.plain import PlainRecord
from landscape.store.summary import RECORD_TABLES as TABLES  # = dataset.TABLES, without importing the models

if TYPE_CHECKING:  # the models, or the plain records of `landscape.store.plain` (read without them)
    from landscape.dataset import MapData
    from landscape.model.models import Actor, Event, Plan, Record


def ref(data: MapData, table: str, record_id: str | None) -> dict[str, str] | None:
    """A short pointer to a record: kind, id and label."""
    if record_id is None:
        return None
    record = data.index(table).get(record_id)
    return {"kind": table[:-1], "id": record_id, "name": record.label if record else record_id}


def display_name(data: MapData, record: Record) -> str:
    """What a person reads for a record: its label, with the actors a relation or rivalry links named."""
    if record.kind_name in ("relation", "competitor"):
        actors = data.index("actors")

        def name(actor_id: str) -> str:
            actor = actors.get(actor_id)
            return actor.label if actor else actor_id

        if record.kind_name == "relation":
            return f"{name(record.source)} {label('relation_kind', record.kind)} {name(record.target)}"
        return _("{actor} vs {competitor}: {arena}").format(actor=name(record.actor), competitor=name(record.competitor),
                                                            arena=text_of(record, "arena"))
    if record.kind_name == "event":
        return text_of(record, "title") or record.label
    return record.label


def dump(record: Record) -> dict[str, Any]:
    """The record with the model's field names, empty optional fields included as null."""
    if isinstance(record, PlainRecord):
        return record.dump()
    return record.model_dump(mode="json")


def relations_of(data: MapData, actor_id: str) -> list[dict[str, Any]]:
    """Every relation touching an actor, seen from it: direction "out" (actor is the source) or "in"."""
    rows = []
    for r in data.relations:
        if actor_id not in (r.source, r.target):
            continue
        outgoing = r.source == actor_id
        rows.append({"id": r.id, "kind": r.kind, "direction": "out" if outgoing else "in",
                     "other": ref(data, "actors", r.target if outgoing else r.source),
                     "since": r.since, "until": r.until, "note": r.note, "note_fr": r.note_fr, "sources": r.sources})
    rows.sort(key=lambda row: (row["kind"], row["direction"], row["other"]["name"].casefold()))
    return rows


def competitors_of(data: MapData, actor_id: str) -> list[dict[str, Any]]:
    rows = []
    for c in data.competitors:
        if actor_id not in (c.actor, c.competitor):
            continue
        other = c.competitor if c.actor == actor_id else c.actor
        rows.append({"id": c.id, "other": ref(data, "actors", other), "arena": c.arena, "arena_fr": c.arena_fr,
                     "overlap": c.overlap, "note": c.note, "note_fr": c.note_fr, "sources": c.sources})
    order = {"high": 0, "medium": 1, "low": 2}
    rows.sort(key=lambda row: (order[row["overlap"]], row["arena"], row["other"]["name"]))
    return rows


def plans_of(data: MapData, actor: Actor) -> list[Plan]:
    """Plans the actor leads or takes part in, and the plan of its own département."""
    return [p for p in data.plans
            if actor.id in p.carriers or actor.id in p.partners or (actor.departement and p.departement_code == actor.departement)]


def events_of(data: MapData, actor_id: str) -> list[Event]:
    """Events the actor took part in, newest first."""
    return sorted((e for e in data.events if actor_id in e.actors), key=lambda e: e.date, reverse=True)


def sources_of(data: MapData, records: list[Record]) -> list[dict[str, Any]]:
    """The sources cited by `records` (disputes included), each once, in order of first citation."""
    index = data.index("sources")
    seen: dict[str, None] = {}
    for record in records:
        seen.update(dict.fromkeys(record.cited_sources()))
    return [dump(index[s]) for s in seen if s in index]


def cited_by(data: MapData, source_id: str) -> list[dict[str, str]]:
    return [{"kind": r.kind_name, "id": r.id, "name": r.label}
            for table in TABLES for r in data.table(table) if source_id in r.cited_sources()]


def profile(data: MapData, record: Record) -> dict[str, Any]:
    """The record and its neighbourhood, as plain JSON-ready data."""
    out: dict[str, Any] = {"kind": record.kind_name, "record": dump(record), "disputed": record.disputed}
    around: list[Record] = [record]
    kind = record.kind_name
    if kind == "actor":
        out["relations"] = relations_of(data, record.id)
        out["competitors"] = competitors_of(data, record.id)
        offers = [o for o in data.offers if o.owner == record.id]
        plans = plans_of(data, record)
        events = events_of(data, record.id)
        out["offers"] = [dump(o) for o in offers]
        out["plans"] = [dump(p) for p in plans]
        out["events"] = [dump(e) for e in events]
    elif kind == "plan":
        out["carriers"] = [ref(data, "actors", a) for a in record.carriers]
        out["partners"] = [ref(data, "actors", a) for a in record.partners]
        events = sorted((e for e in data.events if e.departement == record.departement_code),
                        key=lambda e: e.date, reverse=True)
        out["events"] = [dump(e) for e in events]
    elif kind == "event":
        out["actors"] = [ref(data, "actors", a) for a in record.actors]
    elif kind == "offer":
        out["owner"] = ref(data, "actors", record.owner)
    elif kind == "relation":
        out["source"] = ref(data, "actors", record.source)
        out["target"] = ref(data, "actors", record.target)
    elif kind == "competitor":
        out["actor"] = ref(data, "actors", record.actor)
        out["competitor"] = ref(data, "actors", record.competitor)
    elif kind == "source":
        out["cited_by"] = cited_by(data, record.id)
    out["sources"] = sources_of(data, around)
    return out


def group_relations(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Relations grouped under readable headings: "funds", "funded by", "partner" ..."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[relation_heading(row["kind"], row["direction"])].append(row)
    return dict(groups)


_INVERSE = {
    "funds": N_("funded by"), "member_of": N_("has member"), "founded": N_("founded by"),
    "operates": N_("operated by"), "works_for": N_("employs"), "leads": N_("led by"), "sponsors": N_("sponsored by"),
    "consulted_by": N_("consulted"), "lobbied": N_("lobbied by"), "succeeded_by": N_("succeeded"),
    "part_of": N_("includes"), "supervises": N_("supervised by"), "mentions": N_("mentioned by"),
}


def relation_heading(kind: str, direction: str) -> str:
    """How a relation reads from one side: "funds" out, "funded by" in; symmetric kinds read the same."""
    if direction == "out" or kind in ("partner", "coalition_with"):
        return label("relation_kind", kind)
    return _(_INVERSE[kind]) if kind in _INVERSE else _("{kind} (from)").format(kind=label("relation_kind", kind))
