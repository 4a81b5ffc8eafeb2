"""Accepting an inbox item: it becomes an event of the map, sourced by the item, through the one write path.

`draft` prefills the event from the item (date, title, a kind guessed from its words, the linked
actors, the département when it names only one); `accept` writes it with
`landscape.store.changes.apply_change` and marks the item accepted in the same transaction, so
accepting twice creates one event.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

from landscape.errors import LandscapeError
from landscape.i18n import _
from landscape.text import fold
from landscape.veille.inbox import get_item

# First match wins; the words are folded (no accents, lower case).
KIND_WORDS = (
    ("report", r"\brapports?\b|\bmission d information\b|\bcour des comptes\b"),
    ("study", r"\betudes?\b|\bbarometre\b|\benquete\b|\bsondage\b"),
    ("law", r"\bloi\b|\bdecret\b|\barrete\b|\bcirculaire\b|\bjournal officiel\b"),
    ("budget", r"\bplf\b|\bprojet de loi de finances\b|\bbudget\b"),
    ("funding", r"\bfinancements?\b|\bmillions? d euros\b|\bm\b|\bsubventions?\b|\benveloppe\b"),
    ("label", r"\blabels?\b|\blabellis"),
    ("creation", r"\bcreation\b|\bnait\b|\bcree\b|\bcreee\b"),
    ("launch", r"\blance(nt)?\b|\blancement\b|\bdeploie(nt)?\b|\bdeploiement\b|\bouvre\b"),
    ("governance", r"\bfusion\b|\bnomme(e)?\b|\bnomination\b|\bgouvernance\b|\bpresidence\b"),
    ("closure", r"\bfin de\b|\bferme(ture)?\b|\bdissolution\b|\bsupprim"),
)


@dataclass
class EventDraft:
    """The event an item would become; the TUI shows it as a form, the CLI overrides it with options."""

    item_id: int
    date: str
    title: str
    kind: str
    scope: str
    actors: list[str] = field(default_factory=list)
    departement: str | None = None
    summary: str | None = None
    source_url: str | None = None
    source_title: str | None = None
    publisher: str | None = None


def guess_kind(text: str) -> str:
    folded = fold(text)
    for kind, pattern in KIND_WORDS:
        if re.search(pattern, folded):
            return kind
    return "announcement"


def draft(conn, item_id: int | str) -> EventDraft:
    """The event prefilled from inbox item `item_id`."""
    item = get_item(conn, item_id)
    actors = [l["id"] for l in item["links"] if l["kind"] in ("actor", "person")]
    depts = [l["id"] for l in item["links"] if l["kind"] == "departement"]
    day = (item["published"] or item["fetched"] or Date.today().isoformat())[:10]
    return EventDraft(
        item_id=item["id"], date=day, title=item["title"], kind=guess_kind(f"{item['title']} {item['summary']}"),
        scope="departmental" if len(depts) == 1 else "national", actors=list(dict.fromkeys(actors)),
        departement=depts[0] if len(depts) == 1 else None, summary=item["summary"] or None,
        source_url=item["link"], source_title=item["title"], publisher=item["publisher"] or item["feed"])


def accept(store, item_id: int | str, *, overrides: dict[str, Any] | None = None) -> tuple[str, bool]:
    """Create the event for item `item_id` (with `overrides` of the draft's fields); return (event id, created).

    An item already accepted returns its event and creates nothing.
    """
    from landscape.store.changes import Change, SourceSpec, apply_change, slug

    conn = store.db.conn
    with store.transaction():
        item = get_item(conn, item_id)
        if item["status"] == "accepted" and item["event_id"]:
            return item["event_id"], False
        d = draft(conn, item["id"])
        for name, value in (overrides or {}).items():
            if value is not None:
                setattr(d, name, value)
        if not d.source_url:
            raise LandscapeError(_("item {id}: it has no link to cite as the event's source").format(id=d.item_id))
        fields: dict[str, Any] = {"date": d.date, "title": d.title, "kind": d.kind, "scope": d.scope,
                                  "actors": d.actors}
        if d.departement:
            fields["departement"] = d.departement
        if d.summary:
            fields["summary"] = d.summary
        taken = set(store.map().index("events"))
        base = f"{d.date[:4]}-{slug(d.title)}"
        if len(base) > 70:
            base = base[:70].rsplit("-", 1)[0]
        event_id, n = base, 2
        while event_id in taken:
            event_id, n = f"{base}-{n}", n + 1
        source = SourceSpec(url=d.source_url, title=d.source_title, publisher=d.publisher,
                            date=d.date if re.fullmatch(r"\d{4}-\d{2}-\d{2}", d.date or "") else None)
        apply_change(store, Change(action="add", kind="event", record_id=event_id, fields=fields, source=source),
                     origin="inbox")
        conn.execute("UPDATE inbox_items SET status = 'accepted', event_id = ? WHERE id = ?", [event_id, d.item_id])
        return event_id, True
