"""The detail of one record: everything known around it, each related record one Enter away."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets.option_list import Option

from landscape.dataset import MapData
from landscape.i18n import N_, _, colon, display_date, format_number, get_lang, text_of
from landscape.model.labels import DATE_FIELDS, label, prose
from landscape.model.models import BY_KIND, Actor, Competitor, Event, Offer, Plan, Record, Relation, Source
from landscape.text import printable

from ..coverage import CoverageReader, total_places
from ..format import ROLE_DESCRIPTIONS, field_label, fill, plain, record_name, score, status_text
from ..widgets.footer import Footer
from ..widgets.link_list import Link, LinkList
from ..widgets.title_bar import TitleBar
from .base import BaseScreen

if TYPE_CHECKING:
    from textual.timer import Timer


def labelled(caption: str, value: Any, style: str = "") -> Text:
    """« caption : value » (the caption in the reader's language, the value literal)."""
    return Text.assemble((f"{caption}{colon()} ", "dim"), plain(value, style))


OWN_WAIT = 0.25
"""Seconds a record's page waits for the user's layer of it (notes, contacts, history, read off the UI
thread in a few milliseconds) before it is drawn without: drawing it twice cost more than the wait."""
# The fields of the national standard a reader looks for first, with their names read aloud.
LIEU_FIELDS = (("adresse", "adresse"), ("complement_adresse", "complément"), ("code_postal", "code postal"),
               ("commune", "commune"), ("services", "services"), ("horaires", "horaires"),
               ("site_web", "site web"), ("courriels", "courriels"), ("telephone", "téléphone"),
               ("typologie", "typologie"), ("source", "source"), ("date_maj", "date maj"))
LIEU_MORE = (("presentation_resume", "présentation"), ("presentation_detail", "détail"),
             ("publics_specifiquement_adresses", "publics"), ("prise_en_charge_specifique", "prise en charge"),
             ("frais_a_charge", "frais"), ("modalites_acces", "accès"),
             ("modalites_accompagnement", "accompagnement"), ("itinerance", "itinérance"),
             ("dispositif_programmes_nationaux", "dispositifs"), ("formations_labels", "labels"),
             ("autres_formations_labels", "autres labels"), ("structure_parente", "structure parente"),
             ("prise_rdv", "prise de rdv"), ("fiche_acces_libre", "accès libre"), ("pivot", "pivot (SIRET)"),
             ("code_insee", "code INSEE"), ("latitude", "latitude"), ("longitude", "longitude"))
# (The national standard's own French names, the same in both languages.)
PLACES_LISTED = 30
TEXT = {  # msgids, translated where shown
    "retired": N_("retired: "),
    "as_of": N_("as of"),
    "notes": N_("notes and contacts"),
    "next": N_("open next steps"),
    "contacts": N_("last contacts"),
    "notes_only": N_("notes"),
    "none": N_("No note or contact yet: N adds a note, L logs a contact."),
    "history": N_("history"),
    "no_history": N_("No change recorded here yet (e edits the record)."),
    "undone": N_("undone"),
}
CONTACTS_SHOWN = 5
NOTES_SHOWN = 5
HISTORY_SHOWN = 20


def _short(value: Any, width: int = 40) -> str:
    """A field's value in a history line: JSON-ish, cut with an ellipsis."""
    import json

    text = "—" if value is None else (value if isinstance(value, str) else json.dumps(value, ensure_ascii=False))
    return text if len(text) <= width else text[: width - 1] + "…"


def history_lines(v: LinkList, entry: dict[str, Any]) -> list[Option]:
    """One journal entry: when, who, what; then each field before → after."""
    head = Text.assemble((entry["at"][:16].replace("T", " "), "bold"), "  ", plain(entry["author"], "dim"), "  ",
                         plain(entry["summary"]))
    if entry.get("undone_by"):
        head.stylize("strike dim")
        head.append("  " + _(TEXT["undone"]), style="italic dim")
    out = [v.line(head)]
    before, after = entry.get("before"), entry.get("after")
    if entry["action"] in ("add", "edit", "undo") and isinstance(after, dict | type(None)):
        before, after = before or {}, after or {}
        for name in sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k)):
            if entry["action"] == "add" and name in ("id", "sources") or name in ("record_table", "record_id", "id"):
                continue  # the record it is about is the page's; ids are not read
            out.append(v.line(Text.assemble(("    ", ""), (f"{field_label(name)}{colon()} ", "dim"),
                                            plain(_short(before.get(name))),
                                            (" → ", "bold"), plain(_short(after.get(name))))))
    return out


def own_lines(v: LinkList, own: dict[str, Any], data: MapData) -> list[Option | None]:
    """The user's layer of a record: open next steps, last contacts, notes, then its history."""
    names = {a.id: a.name for a in data.actors}
    out: list[Option | None] = []
    contacts, notes = own["contacts"], own["notes"]
    out.append(v.heading(_(TEXT["notes"]), len(contacts) + len(notes)))
    if not contacts and not notes:
        out.append(v.line(Text(_(TEXT["none"]), style="dim")))
    steps = [c for c in contacts if c["next"]]
    if steps:
        out.append(v.line(Text(_(TEXT["next"]), style="bold")))
        for c in sorted(steps, key=lambda c: (c["due"] is None, c["due"] or "")):
            line = Text.assemble(("  ▸ ", "bold"), plain(c["next"]))
            if c["due"]:
                line.append("  " + _("due {date}").format(date=display_date(c["due"])),
                            style="bold red" if c["due"] < date.today().isoformat() else "dim")
            out.append(v.line(line))
    if contacts:
        out.append(v.line(Text(_(TEXT["contacts"]), style="bold")))
        width = max(len(label("contact_kind", c["kind"])) for c in contacts[:CONTACTS_SHOWN])
        for c in contacts[:CONTACTS_SHOWN]:
            kind = label("contact_kind", c["kind"])
            line = Text.assemble(("  " + c["date"].ljust(10), "bold"), (f" {kind:<{width}} ", "dim"),
                                 plain(c["summary"]))
            if c["people"]:
                line.append("  " + _("with") + " ", style="dim")
                line.append_text(plain(", ".join(names.get(p, p) for p in c["people"])))
            out.append(v.line(line))
    if notes:
        out.append(v.line(Text(_(TEXT["notes_only"]), style="bold")))
        for n in notes[:NOTES_SHOWN]:
            out.append(v.line(Text.assemble(("  " + n["date"].ljust(10), "bold"), " ", plain(n["text"]))))
    out.append(v.heading(_(TEXT["history"]), len(own["history"])))
    if not own["history"]:
        out.append(v.line(Text(_(TEXT["no_history"]), style="dim")))
    for entry in own["history"][:HISTORY_SHOWN]:
        out.extend(history_lines(v, entry))
    return out


class DetailScreen(CoverageReader, BaseScreen):
    """Sections of text and links; the Header names the record, Escape returns to where you were."""

    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("enter", "open", N_("Open link"), show=False),
        # Priority: the form opens as the key arrives, so the keys typed after it reach the form, not this page.
        Binding("e", "edit", N_("Edit"), tooltip=N_("Change this record's fields (with a source)"), priority=True),
        Binding("N", "note", N_("Note"), tooltip=N_("Add a dated note (private to your map)"), priority=True),
        Binding("L", "log", N_("Log"), tooltip=N_("Log a meeting, call… and the next step"), priority=True),
        Binding("H", "history", N_("History"), show=False, tooltip=N_("Jump to the record's history")),
    ]
    AUTO_FOCUS = "#detail"
    HELP_TITLE = N_("Record")

    def __init__(self, kind: str, record_id: str) -> None:
        super().__init__()
        self.kind = kind
        self.record_id = record_id
        self.profile: dict[str, Any] | None = None
        self.places: list[dict[str, Any]] = []
        self.own: dict[str, Any] | None = None  # the user's layer of this record: notes, contacts, history
        self._own_for: int | None = None
        self._own_wait: Timer | None = None  # until the layer is read, or OWN_WAIT

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield LinkList(id="detail")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = f"{label('record_kind', self.kind)} · {self.record_id}"
        super().on_mount()
        self.query_one(LinkList).focus()

    def relabel(self) -> None:
        if self.kind == "lieu" and self.profile is not None:  # a place is read once: draw it again from memory
            self.shown_lang = get_lang()
            self.refresh_bindings()
            self._show_lieu(self.profile["record"])
            return
        super().relabel()

    @property
    def uses_coverage(self) -> bool:
        return self.kind == "plan"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "brief":
            return self.kind == "actor"
        if action in ("edit", "note", "log", "history"):
            return self.kind in BY_KIND
        return True

    # --- changing the record ---------------------------------------------------------------------
    def current_record(self) -> Record | None:
        model = BY_KIND.get(self.kind)
        data = self.app.data
        return data.index(model.table).get(self.record_id) if model and data is not None else None

    def action_edit(self) -> None:
        from .record_form import RecordForm

        record = self.current_record()
        if record is not None:
            self.app.open_form(RecordForm(self.kind, record))

    def action_note(self) -> None:
        from .record_form import NoteForm

        record = self.current_record()
        if record is not None:
            self.app.open_form(NoteForm(record.table, record))

    def action_log(self) -> None:
        from .record_form import LogForm

        record = self.current_record()
        if record is not None:
            self.app.open_form(LogForm(record.table, record))

    def action_history(self) -> None:
        view = self.query_one(LinkList)
        for i, option in enumerate(view.options):
            if getattr(option.prompt, "plain", "").strip().startswith(_(TEXT["history"])):
                view._update_lines()
                view.scroll_to(y=view._line_cache.index_to_line.get(i, 0), animate=False)
                return

    def action_brief(self) -> None:
        if self.kind == "actor":
            self.app.open_brief(self.record_id)

    def action_open(self) -> None:
        link = self.query_one(LinkList).current_link
        if link is not None:
            self.app.open_link(link)

    # --- filling ---------------------------------------------------------------------------------
    def show_data(self, data: MapData) -> None:
        view = self.query_one(LinkList)
        if self.kind == "lieu":
            view.loading = True
            self.load_lieu()
            return
        model = BY_KIND.get(self.kind)
        record = data.index(model.table).get(self.record_id) if model else None
        if record is None:
            view.show([view.line(fill(_("No {kind} with id {id} in the map."), kind=label("record_kind", self.kind),
                                      id=plain(self.record_id, "bold")))])
            return
        same_map = self._own_for == id(data)
        if not same_map:  # the map changed (an edit, a note): read this record's layer again
            self._own_for = id(data)
            self.load_own(record.table, self.ticket("own"))
            if self.own is None:  # opening: the page is drawn once, with its layer (without, should it be slow)
                self._own_wait = self.set_timer(OWN_WAIT, partial(self._show_record, data, record, keep=False))
                return
        self._show_record(data, record, keep=same_map)

    def _show_record(self, data: MapData, record: Record, *, keep: bool) -> None:
        from landscape.analysis.profile import profile

        view = self.query_one(LinkList)
        self.profile = profile(data, record)
        self.sub_title = printable(f"{label('record_kind', record.kind_name)} · {record_name(record, data)}")
        kept = view.highlighted if keep else None
        lines = self.lines(view, data, record, self.profile)
        if self.own is not None:
            lines += own_lines(view, self.own, data)
        view.show(lines, keep_top=True)
        if kept is not None and kept < view.option_count:
            view.highlighted = kept
        if isinstance(record, Plan) and self.coverage is None:
            self.start_coverage()

    @work(thread=True, exclusive=True, group="own", exit_on_error=False)
    def load_own(self, table: str, ticket: int) -> None:
        """The record's notes, contacts and journal, read off the UI thread."""
        from landscape.store import journal
        from landscape.store.freshness import as_of

        store = self.app.store
        if store is None:
            return
        with store.lock:
            conn = store.db.conn
            has = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'journal'").fetchone()
            own = {"notes": journal.notes_of(conn, table, self.record_id) if has else [],
                   "contacts": journal.contacts_of(conn, table, self.record_id) if has else [],
                   "history": journal.entries(conn, record_table=table, record_id=self.record_id) if has else [],
                   "as_of": as_of(store, table, self.record_id)}
        self.app.call_from_thread(self._own_read, own, ticket)

    def _own_read(self, own: dict[str, Any], ticket: int) -> None:
        if not self.is_mounted or not self.is_newest("own", ticket):
            return  # closed, or read for a map replaced since: the newer read will land
        if self._own_wait is not None:
            self._own_wait.stop()
            self._own_wait = None
        self.own = own
        if self.app.data is not None:
            self.show_data(self.app.data)

    def show_coverage(self, coverage: dict) -> None:
        self.places = []
        if self.app.data is not None:
            self.load_places()

    @work(thread=True, exclusive=True, group="places", exit_on_error=False)
    def load_places(self) -> None:
        """The places of the plan's département, listed under its coverage."""
        plan = self.app.data.index("plans").get(self.record_id) if self.app.data else None
        store = self.app.store
        rows: list[dict[str, Any]] = []
        if plan is not None and store is not None:
            with store.lock:
                if store.db["lieux"].exists():
                    rows = list(store.db.query(
                        "SELECT origin, id, nom, commune FROM lieux WHERE departement_code = ? "
                        "ORDER BY commune, nom LIMIT ?", [plan.departement_code, PLACES_LISTED]))
        self.app.call_from_thread(self._places_read, rows)

    def _places_read(self, rows: list[dict[str, Any]]) -> None:
        self.places = rows
        if self.app.data is not None and self.is_mounted:
            view = self.query_one(LinkList)
            keep = view.highlighted
            self.show_data(self.app.data)
            if keep is not None and keep < view.option_count:
                view.highlighted = keep

    def coverage_lines(self, v: LinkList, plan: Plan) -> list[Option | None]:
        out: list[Option | None] = [v.heading(_("places (open data)"))]
        if self.coverage is None:
            out.append(v.line(Text(_("reading the places…"), style="dim")))
            return out
        if not total_places(self.coverage):
            out.append(v.line(Text(_("No place imported yet: landscape fetch lieux (see README)."), style="dim")))
            return out
        cov = self.coverage.get(plan.departement_code)
        places = cov.places if cov else 0
        line = Text.assemble((_("places") + colon() + " ", "dim"), (format_number(places), "bold"))
        if cov is not None and cov.per_100k is not None:
            line.append("   " + _("per 100,000 inhabitants: {n}").format(n=format_number(cov.per_100k)))
        elif places:
            line.append("   " + _("per 100,000: population not known"), style="dim")
        out.append(v.line(line))
        if cov is not None and cov.services:
            out.append(v.heading(_("services offered"), len(cov.services)))
            for name, count in cov.top_services(len(cov.services)):
                out.append(v.line(Text.assemble((f"{count:>5}  ", "bold"), plain(name))))
        if self.places:
            from landscape.analysis.search import lieu_hit_id

            shown = len(self.places)
            out.append(v.heading(_("places"), places if places > shown else None))
            for row in self.places:
                line = plain(row["nom"], "bold")
                line.append("  ")
                line.append(plain(row["commune"], "dim"))
                out.append(v.link(line, Link("lieu", lieu_hit_id(row["origin"], row["id"]))))
            if places > shown:
                out.append(v.line(Text(_("… and {n} more: search by commune with /").format(n=places - shown),
                                       style="dim")))
        return out

    def lines(self, v: LinkList, data: MapData, record: Record, prof: dict[str, Any]) -> list[Option | None]:
        disputed = {d.field for d in record.disputes}
        out: list[Option | None] = []
        title = plain(record_name(record, data), "bold")
        title.append(f"  {label('record_kind', record.kind_name)}", style="italic dim")
        if record.disputes:
            title.append("  " + _("⚠ disputed"), style="bold yellow")
        retired = self.app.layer.retired_of(record.table, record.id)
        if retired:
            title.stylize("dim")
        out.append(v.line(title))
        if retired:
            out.append(v.line(Text.assemble((_(TEXT["retired"]), "bold dim"), plain(retired["reason"], "dim"),
                                            (f"  ({display_date(retired['date'])})", "dim"))))
        as_of = self.own.get("as_of") if self.own else None
        if as_of:
            out.append(v.line(labelled(_(TEXT["as_of"]), display_date(as_of), "dim")))
        conflicts = [c for c in self.app.layer.conflicts
                     if c["record_table"] == record.table and c["record_id"] == record.id]
        for c in conflicts:
            out.append(v.line(Text.assemble((_("⚠ conflict") + " ", "bold yellow"),
                                            (f"{field_label(c['field'])}{colon()} ", "bold"),
                                            (_("map") + " ", "dim"), plain(c["base_value"]),
                                            ("  " + _("yours") + " ", "dim"), plain(c["user_value"]),
                                            ("  (landscape conflicts)", "dim"))))

        def field(name: str, value: Any = None, style: str = "") -> None:
            value = getattr(record, name) if value is None else value
            if value in (None, "", []) and name not in disputed:
                return
            if name in DATE_FIELDS and isinstance(value, str):
                value = display_date(value)
            line = labelled(field_label(name), "" if value is None else value, style)
            if name in disputed:
                line.append("  ⚠", style="bold yellow")
            out.append(v.line(line))

        def text(name: str) -> None:
            """A curated text, in the reader's language when it has a French twin (codes it quotes read as labels)."""
            field(name, prose(text_of(record, name)))

        actors = {a.id: a.name for a in data.actors}

        def actor_link(caption: str, actor_id: str | None) -> None:
            if actor_id:
                out.append(v.link(Text.assemble((f"{caption}{colon()} ", "dim"),
                                                plain(actors.get(actor_id, actor_id), "bold")),
                                  Link("actor", actor_id)))

        if isinstance(record, Actor):
            if record.aliases:
                field("aliases", ", ".join(record.aliases))
            field("kind", label("actor_kind", record.kind))
            field("sector", label("sector", record.sector) if record.sector else None)
            field("founded")
            field("ended")
            field("departement")
            field("website")
            field("twitter")
            text("summary")
            if record.roles:
                out.append(v.heading(_("roles in the strategy"), len(record.roles)))
                for r in record.roles:
                    out.append(v.line(Text.assemble((label("role", r.role), "bold"),
                                                    f"  {label('role_level', r.level)}  ",
                                                    (ROLE_DESCRIPTIONS.get(r.role, ""), "dim"))))
            if record.positioning:
                p = record.positioning
                out.append(v.heading(_("positioning")))
                out.append(v.line(Text.assemble(_("influence") + " ", score(p.influence), f" {p.influence}/5   ",
                                                _("interest") + " ", score(p.interest), f" {p.interest}/5")))
                out.append(v.line(plain(prose(text_of(p, "rationale")), "italic")))
        elif isinstance(record, Plan):
            out.append(v.link(labelled(field_label("departement"),
                                       f"{record.departement_name} ({record.departement_code})"),
                              Link("departement", record.departement_code)))  # its page: every generation
            field("region")
            field("generation", label("plan_generation", record.generation) if record.generation
                  else _("unclassified"))
            out.append(v.line(Text.assemble((field_label("status") + colon() + " ", "dim"),
                                            status_text(record.status))))
            text("title")
            field("kind")
            field("period")
            field("adopted")
            field("signed")
            text("summary")
            for carrier in record.carriers:
                actor_link(_("carried by"), carrier)
            for partner in record.partners:
                actor_link(_("partner"), partner)
            out.extend(self.coverage_lines(v, record))
        elif isinstance(record, Event):
            field("date")
            field("kind", label("event_kind", record.kind))
            field("scope", label("scope", record.scope))
            field("departement")
            text("summary")
            if record.actors:
                out.append(v.heading(_("actors"), len(record.actors)))
                for a in record.actors:
                    out.append(v.link(plain(actors.get(a, a)), Link("actor", a)))
            if record.departement:
                from .departement import departement_names

                name = departement_names().get(record.departement, record.departement)
                out.append(v.heading(field_label("departement")))
                out.append(v.link(plain(f"{name} ({record.departement})"), Link("departement", record.departement)))
        elif isinstance(record, Offer):
            actor_link(field_label("owner"), record.owner)
            field("category", label("offer_category", record.category))
            field("launched")
            field("ended")
            field("website")
            text("summary")
        elif isinstance(record, Relation):
            actor_link(field_label("source"), record.source)
            field("kind", label("relation_kind", record.kind))
            actor_link(field_label("target"), record.target)
            field("since")
            field("until")
            text("note")
        elif isinstance(record, Competitor):
            actor_link(field_label("actor"), record.actor)
            actor_link(field_label("competitor"), record.competitor)
            text("arena")
            field("overlap", label("overlap", record.overlap))
            text("note")
        elif isinstance(record, Source):
            field("kind", label("source_kind", record.kind))
            field("publisher")
            field("date")
            field("locator")
            field("url")

        if record.disputes:
            out.append(v.heading(_("⚠ disputes"), len(record.disputes)))
            for d in record.disputes:
                line = Text.assemble((field_label(d.field), "bold yellow"), colon() + " ")
                for i, claim in enumerate(d.claims):
                    line.append(" | " if i else "")
                    value = claim.value
                    if d.field in DATE_FIELDS and isinstance(value, str):
                        value = display_date(value)
                    line.append(plain("—" if value is None else value, "bold"))
                    line.append(f" ({', '.join(claim.sources)})", style="dim")
                note = text_of(d, "note")
                if note:
                    line.append("  ")
                    line.append(plain(note, "italic"))
                out.append(v.line(line))

        if isinstance(record, Actor):
            from landscape.analysis.profile import group_relations

            relations = data.index("relations")
            for heading, rows in group_relations(prof["relations"]).items():
                out.append(v.heading(heading, len(rows)))
                for row in rows:
                    line = plain(row["other"]["name"])
                    extra = " ".join(x for x in (
                        row["since"] and _("since {date}").format(date=display_date(row["since"])),
                        row["until"] and _("until {date}").format(date=display_date(row["until"]))) if x)
                    if extra:
                        line.append(f"  {extra}", style="dim")
                    relation = relations.get(row["id"])
                    note = text_of(relation, "note") if relation is not None else row["note"]
                    if note:
                        line.append("  ")
                        line.append(plain(note, "dim italic"))
                    out.append(v.link(line, Link("actor", row["other"]["id"])))
            if prof["competitors"]:
                competitors = data.index("competitors")
                out.append(v.heading(_("competitors"), len(prof["competitors"])))
                for row in prof["competitors"]:
                    rival = competitors.get(row["id"])
                    arena = text_of(rival, "arena") if rival is not None else row["arena"]
                    line = Text.assemble(plain(row["other"]["name"], "bold"), "  ", plain(arena),
                                         ("  " + _("overlap {level}").format(level=label("overlap", row["overlap"])),
                                          "dim"))
                    out.append(v.link(line, Link("actor", row["other"]["id"])))
            if prof["offers"]:
                out.append(v.heading(_("offers"), len(prof["offers"])))
                for o in prof["offers"]:
                    out.append(v.link(Text.assemble(plain(o["name"], "bold"),
                                                    (f"  {label('offer_category', o['category'])}", "dim")),
                                      Link("offer", o["id"])))
            if prof["plans"]:
                out.append(v.heading(_("plans"), len(prof["plans"])))
                for p in prof["plans"]:
                    line = Text.assemble(plain(f"{p['departement_name']} ({p['departement_code']})"), "  ",
                                         status_text(p["status"]))
                    if record.id in p["carriers"]:
                        line.append("  " + _("carrier"), style="bold")
                    out.append(v.link(line, Link("plan", p["id"])))
        if isinstance(record, (Actor, Plan)) and prof.get("events"):
            out.append(v.heading(_("events"), len(prof["events"])))
            for e in prof["events"]:
                out.append(v.link(Text.assemble((e["date"].ljust(10), "bold"), " ", plain(text_of(e, "title"))),
                                  Link("event", e["id"])))
        if isinstance(record, Source) and prof.get("cited_by"):
            out.append(v.heading(_("cited by"), len(prof["cited_by"])))
            width = max(len(label("record_kind", c["kind"])) for c in prof["cited_by"]) + 2
            for c in prof["cited_by"]:
                citing = data.index(c["kind"] + "s").get(c["id"]) if c["kind"] in BY_KIND else None
                name = record_name(citing, data) if citing is not None else c["name"]
                out.append(v.link(Text.assemble((label("record_kind", c["kind"]).ljust(width), "dim"), plain(name)),
                                  Link(c["kind"], c["id"])))
        if prof["sources"] and not isinstance(record, Source):
            out.append(v.heading(_("sources"), len(prof["sources"])))
            for s in prof["sources"]:
                line = plain(s["title"], "bold")
                if s.get("publisher"):
                    line.append("  ")
                    line.append(plain(s["publisher"], "dim"))
                if s.get("locator"):
                    line.append("  ")
                    line.append(plain(s["locator"], "italic"))
                if s.get("url"):
                    line.append("\n  ")
                    line.append(plain(s["url"], "underline dim"))
                out.append(v.link(line, Link("source", s["id"])))
        return out

    # --- places from the open-data import ------------------------------------------------------
    @work(thread=True, exclusive=True, group="lieu", exit_on_error=False)
    def load_lieu(self) -> None:
        store = self.app.store
        row = None
        if store is not None:
            with store.lock:
                if store.db["lieux"].exists():
                    # Places are identified by import source and id (`landscape.analysis.search.lieu_hit_id`).
                    rows = list(store.db.query("SELECT * FROM lieux WHERE origin || ':' || id = ? OR id = ? "
                                               "ORDER BY origin || ':' || id = ? DESC LIMIT 1",
                                               [self.record_id, self.record_id, self.record_id]))
                    row = rows[0] if rows else None
        self.app.call_from_thread(self._show_lieu, row)

    def _show_lieu(self, row: dict[str, Any] | None) -> None:
        view = self.query_one(LinkList)
        view.loading = False
        if row is None:
            view.show([view.line(fill(_("No place with id {id}."), id=plain(self.record_id, "bold")))])
            return
        self.profile = {"kind": "lieu", "record": row}
        name = row.get("nom") or self.record_id
        place = label("record_kind", "lieu")
        self.sub_title = printable(f"{place} · {name}")
        lines: list[Option | None] = [view.line(Text.assemble(plain(name, "bold"), (f"  {place}", "italic dim")))]

        def add(fields: tuple[tuple[str, str], ...]) -> None:
            for key, caption in fields:
                value = row.get(key)
                if value in (None, ""):
                    continue
                if isinstance(value, str) and "|" in value:
                    lines.append(view.line(Text(f"{caption}{colon()}", style="dim")))
                    lines.extend(view.line(Text.assemble("  • ", plain(part))) for part in value.split("|") if part)
                else:
                    lines.append(view.line(labelled(caption, value)))

        code = row.get("departement_code")
        from .departement import departement_names

        if code in departement_names():  # first, so that the highlight on this link keeps the top in view
            lines.append(view.link(labelled(field_label("departement"), f"{departement_names()[code]} ({code})"),
                                   Link("departement", code)))
        add(LIEU_FIELDS)
        lines.append(view.heading(_("more from the standard")))
        add(LIEU_MORE)
        lines.append(view.line(labelled(_("imported from"), row.get("origin"), "dim")))
        view.show(lines, keep_top=True)

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        if self.profile is None:
            return None
        return f"{self.kind}-{self.record_id}", {"view": "record", **self.profile}
