"""The veille's inbox: news items best first, the records each one names as chips, accept or dismiss.

Every read, write and feed fetch runs in a thread worker through `landscape.veille`; a newer
request cancels an older one (exclusive workers), so a stale list never replaces a newer one.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Select, Static

from landscape.i18n import N_, _, colon, display_date, format_number, get_lang, ngettext
from landscape.model.labels import label

from ..format import plain
from ..widgets.footer import Footer
from ..widgets.link_list import Link, LinkList
from ..widgets.title_bar import TitleBar
from .base import BaseScreen

TEXT = {
    "title": N_("Inbox"),
    "loading": N_("Reading the inbox…"),
    "empty": N_("The inbox is empty. Press u to read the feeds (landscape watch add URL adds one)."),
    "pick": N_("Choose an item on the left."),
    "running": N_("Reading the feeds…"),
    "accepted": N_("Item {id} accepted as event {event}"),
    "already": N_("Item {id} was already accepted as event {event}"),
    "dismissed": N_("Item {id} dismissed"),
    "no_store": N_("The map is still loading."),
    "links": N_("named in this item"),
    "form": N_("Accept item {id} as an event"),
    "keys": N_("a accepts as an event · D dismisses · u reads the feeds · Enter on a chip opens it"),
    "score": N_("score {score}"),
    "source": N_("Source"),
}
STATUS = {"new": N_("unreviewed"), "accepted": N_("accepted"), "dismissed": N_("dismissed")}
FORM = {"title": N_("Title"), "date": N_("Date"), "kind": N_("Kind"), "scope": N_("Scope"),
        "actors": N_("Actors (ids, comma-separated)"), "departement": N_("Département (code, optional)"),
        "accept": N_("Accept"), "cancel": N_("Cancel")}
CHIP_STYLE = {"actor": "bold black on cyan", "person": "bold black on green", "offer": "bold black on magenta",
              "plan": "bold black on yellow", "departement": "bold black on bright_white"}


def kind_label(kind: str) -> str:
    """What a chip names: a person, or a record kind."""
    return label("actor_kind", kind) if kind == "person" else label("record_kind", kind)


def short_date(value: str | None) -> str:
    """A news item's date in the list: ISO in English, "3 déc. 2025" in French."""
    day = (value or "")[:10]
    if get_lang() == "en" or len(day) != 10:
        return day
    import datetime as dt

    from babel.dates import format_date as babel_date

    try:
        return babel_date(dt.date.fromisoformat(day), format="d MMM y", locale=get_lang())
    except ValueError:
        return day


class InboxScreen(BaseScreen):
    HELP_TITLE = N_("Inbox")
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("a", "accept", N_("Accept as event")),
        Binding("D", "dismiss_item", N_("Dismiss")),
        Binding("u", "run_feeds", N_("Read the feeds")),
        Binding("tab", "app.focus_next", N_("Next panel"), show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.current: dict | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text(_(TEXT["loading"]), style="dim"), id="inbox-status", markup=False)
        with Horizontal(id="inbox-panes"):
            yield LinkList(id="inbox-items", classes="panel")
            yield LinkList(id="inbox-item", classes="panel")
        yield Footer(compact=True)

    DEFAULT_CSS = """
    #inbox-panes { height: 1fr; }
    #inbox-items { width: 3fr; height: 1fr; }
    #inbox-item { width: 2fr; height: 1fr; }
    #inbox-status { height: 1; padding: 0 1; }
    """

    def on_mount(self) -> None:
        self.query_one("#inbox-items").focus()
        super().on_mount()

    def label(self) -> None:
        """The texts that do not come from the map, in the current language (again after a switch)."""
        self.query_one("#inbox-items").border_title = _(TEXT["title"])
        self.query_one("#inbox-item").border_title = _(TEXT["links"])

    def show_data(self, data) -> None:
        self.load_items()

    # --- reading ---------------------------------------------------------------------------
    def _conn(self):
        store = self.app.store
        if store is None:
            return None
        from landscape.veille.inbox import ensure_schema

        ensure_schema(store.db.conn)
        return store.db.conn

    @work(thread=True, exclusive=True, group="inbox-read", exit_on_error=False)
    def load_items(self, select: int | None = None) -> None:
        from landscape.veille.inbox import items

        conn = self._conn()
        if conn is None:
            return
        rows = items(conn, limit=500)
        self.app.call_from_thread(self._show_items, rows, select)

    def _show_items(self, rows: list[dict], select: int | None) -> None:
        self.rows = rows
        listing = self.query_one("#inbox-items", LinkList)
        listing.border_title = f"{_(TEXT['title'])} · {format_number(len(rows))}"
        status = self.query_one("#inbox-status", Static)
        if not rows:
            status.update(Text(_(TEXT["empty"]), style="dim"))
            listing.show([listing.line(Text(_(TEXT["empty"]), style="dim"))])
            self._show_item(None)
            return
        status.update(Text(_(TEXT["keys"]), style="dim"))
        lines = []
        dates = [short_date(r["published"]) for r in rows]
        width = max(map(len, dates), default=10)
        for r, date in zip(rows, dates):
            head = Text.assemble((date.ljust(width), "bold"), " ", plain(r["title"]))
            meta = Text.assemble(" " * (width + 1), plain(r["feed"], "dim"),
                                 ("  " + _(TEXT["score"]).format(score=format_number(r["score"])), "dim"))
            if r["links"]:
                meta.append("  " + ", ".join(link["name"] for link in r["links"][:4]), style="cyan")
            lines.append(listing.link(Text.assemble(head, "\n", meta), Link("item", str(r["id"]))))
        listing.show(lines)
        if select is not None:
            for i, option in enumerate(listing.options):
                if option.id and option.id.startswith(f"item:{select}#"):
                    listing.highlighted = i
        self._show_item(self._row_at(listing))

    def _row_at(self, listing: LinkList) -> dict | None:
        link = listing.current_link
        if link is None or link.kind != "item":
            return None
        return next((r for r in self.rows if str(r["id"]) == link.id), None)

    @on(OptionList.OptionHighlighted, "#inbox-items")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self._show_item(self._row_at(self.query_one("#inbox-items", LinkList)))

    def _show_item(self, row: dict | None) -> None:
        self.current = row
        card = self.query_one("#inbox-item", LinkList)
        if row is None:
            card.show([card.line(Text(_(TEXT["pick"]), style="dim"))])
            return
        status = _(STATUS[row["status"]]) if row["status"] in STATUS else row["status"]
        lines = [card.line(plain(row["title"], "bold")),
                 card.line(Text.assemble((display_date((row["published"] or "")[:10]) or "—", "bold"), "  ",
                                         plain(row["feed"]), (f"  · {status}", "dim")))]
        if row["summary"]:
            lines.append(card.line(plain(row["summary"], "dim")))
        if row["link"]:
            lines.append(card.line(plain(row["link"], "underline dim")))
        if row["links"]:
            lines.append(card.heading(_(TEXT["links"]), len(row["links"])))
            for link in row["links"]:
                target = self._target(link)
                chip = Text.assemble((f" {link['name']} ", CHIP_STYLE.get(link["kind"], "reverse")), "  ",
                                     (kind_label(link["kind"]), "dim"), "  ",
                                     plain(f"“{link['span']}”", "italic dim"))
                lines.append(card.link(chip, target) if target else card.line(chip))
        card.show(lines)

    def _target(self, link: dict) -> Link | None:
        """Where a chip leads: the record's page (a département opens its plan)."""
        if link["kind"] in ("actor", "person"):
            return Link("actor", link["id"])
        if link["kind"] in ("offer", "plan"):
            return Link(link["kind"], link["id"])
        data = self.app.data
        if link["kind"] == "departement" and data is not None:
            plan = next((p for p in data.plans if p.departement_code == link["id"]), None)
            return Link("plan", plan.id) if plan else None
        return None

    def on_link_list_opened(self, event: LinkList.Opened) -> None:
        event.stop()
        event.prevent_default()   # BaseScreen's handler would open the record a second time
        if event.link.kind == "item":
            self.query_one("#inbox-item").focus()
        else:
            self.app.open_link(event.link)

    # --- acting ----------------------------------------------------------------------------
    def action_accept(self) -> None:
        row = self.current
        if row is None:
            return
        if self.app.store is None:
            self.notify(_(TEXT["no_store"]), severity="warning")
            return
        self.prepare_form(row["id"])

    @work(thread=True, exclusive=True, group="inbox-form", exit_on_error=False)
    def prepare_form(self, item_id: int) -> None:
        from landscape.veille.accept import draft

        d = draft(self._conn(), item_id)
        self.app.call_from_thread(self.app.push_screen, AcceptForm(d), self._form_done)

    def _form_done(self, result: tuple[int, dict[str, Any]] | None) -> None:
        if result is not None:
            self.accept_item(*result)

    @work(thread=True, exclusive=True, group="inbox-write", exit_on_error=False)
    def accept_item(self, item_id: int, overrides: dict[str, Any]) -> None:
        from landscape.errors import LandscapeError
        from landscape.veille.accept import accept

        try:
            event_id, created = accept(self.app.store, item_id, overrides=overrides)
        except LandscapeError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", markup=False, timeout=15)
            return
        message = _(TEXT["accepted" if created else "already"]).format(id=item_id, event=event_id)
        self.app.call_from_thread(self._after_write, message)
        if created:   # the map gained an event: every screen shows it (timeline, actor pages)
            store = self.app.store
            data = store.map()
            self.app.call_from_thread(self.app._map_loaded, store, data)

    def _after_write(self, message: str) -> None:
        self.notify(message, markup=False)
        self.load_items()

    def action_dismiss_item(self) -> None:
        if self.current is not None:
            self.dismiss_item(self.current["id"])

    @work(thread=True, exclusive=True, group="inbox-write", exit_on_error=False)
    def dismiss_item(self, item_id: int) -> None:
        from landscape.veille.inbox import set_status

        set_status(self._conn(), item_id, "dismissed")
        self.app.call_from_thread(self._after_write, _(TEXT["dismissed"]).format(id=item_id))

    def action_run_feeds(self) -> None:
        if self.app.store is None:
            self.notify(_(TEXT["no_store"]), severity="warning")
            return
        self.query_one("#inbox-status", Static).update(Text(_(TEXT["running"]), style="dim"))
        self.run_feeds()

    @work(thread=True, exclusive=True, group="inbox-run", exit_on_error=False)
    def run_feeds(self) -> None:
        from landscape.veille.inbox import run
        from landscape.veille.linking import linker_for

        conn = self._conn()
        reports = run(conn, linker_for(self.app.store), focal=self.app.settings.focal_actor)
        failed = sum(r.status == "error" for r in reports)
        new, ok = sum(r.new for r in reports), len(reports) - failed
        message = (ngettext("{n} new item", "{n} new items", new).format(n=new) + " "
                   + ngettext("from {n} feed", "from {n} feeds", ok).format(n=ok)
                   + ngettext("; {n} failed", "; {n} failed", failed).format(n=failed))
        self.app.call_from_thread(self._after_write, message)

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        from landscape.veille.inbox import public

        return "inbox", {"view": "inbox", "items": [public(r) for r in self.rows]}


class AcceptForm(ModalScreen[tuple[int, dict[str, Any]] | None]):
    """The event an item becomes, prefilled; Enter or Accept writes it, Escape cancels."""

    DEFAULT_CSS = """
    AcceptForm { align: center middle; }
    #accept-form { width: 90%; max-width: 100; height: auto; max-height: 90%;
                   border: round $primary; background: $surface; padding: 0 1; }
    #accept-form Input, #accept-form Select { margin-bottom: 0; }
    #accept-form .accept-row { height: auto; }
    #accept-form .accept-row > Container { height: auto; width: 1fr; }
    #accept-buttons { height: auto; align-horizontal: right; }
    """
    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, draft) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        from landscape.model.labels import label
        from landscape.model.vocab import EVENT_KINDS

        d = self.draft
        with VerticalScroll(id="accept-form"):  # scrolls at 80x24 rather than squeezing the fields
            yield Static("", id="accept-label-title", markup=False)  # texts: `relabel()`
            yield Input(d.title, id="accept-title")
            with Horizontal(classes="accept-row"):
                with Container():
                    yield Static("", id="accept-label-date", markup=False)
                    yield Input(d.date, id="accept-date")
                with Container():
                    yield Static("", id="accept-label-kind", markup=False)
                    yield Select([(label("event_kind", k), k) for k in EVENT_KINDS], value=d.kind, allow_blank=False,
                                 id="accept-kind")
                with Container():
                    yield Static("", id="accept-label-scope", markup=False)
                    yield Select([(label("scope", s), s) for s in ("national", "regional", "departmental", "european")],
                                 value=d.scope, allow_blank=False, id="accept-scope")
            yield Static("", id="accept-label-actors", markup=False)
            yield Input(", ".join(d.actors), id="accept-actors")
            yield Static("", id="accept-label-departement", markup=False)
            yield Input(d.departement or "", id="accept-departement")
            yield Static("", id="accept-source", markup=False)
            with Horizontal(id="accept-buttons"):
                yield Button("", variant="primary", id="accept-ok")
                yield Button("", id="accept-cancel")

    def relabel(self) -> None:
        """The form's texts in the current language, what was typed kept (the app calls it after a switch)."""
        from landscape.model.labels import label
        from landscape.model.vocab import EVENT_KINDS

        from .timeline import SCOPES

        self.query_one("#accept-form").border_title = _(TEXT["form"]).format(id=self.draft.item_id)
        for name in ("title", "date", "kind", "scope", "actors", "departement"):
            self.query_one(f"#accept-label-{name}", Static).update(Text(_(FORM[name]), style="bold"))
        self.query_one("#accept-source", Static).update(
            plain(f"{_(TEXT['source'])}{colon()} {self.draft.source_url or '—'}", "dim"))
        self.query_one("#accept-ok", Button).label = _(FORM["accept"])
        self.query_one("#accept-cancel", Button).label = _(FORM["cancel"])
        for name, vocabulary, codes in (("kind", "event_kind", EVENT_KINDS), ("scope", "scope", SCOPES)):
            select = self.query_one(f"#accept-{name}", Select)
            value = select.value
            with select.prevent(Select.Changed):
                select.set_options([(Text(label(vocabulary, c)), c) for c in codes])
                select.value = value
        self.refresh_bindings()

    def on_mount(self) -> None:
        self.relabel()
        self.query_one("#accept-title", Input).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#accept-cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    @on(Button.Pressed, "#accept-ok")
    def _submit(self) -> None:
        value = lambda name: self.query_one(f"#accept-{name}", Input).value.strip()  # noqa: E731
        overrides = {"title": value("title"), "date": value("date"),
                     "kind": self.query_one("#accept-kind", Select).value,
                     "scope": self.query_one("#accept-scope", Select).value,
                     "actors": [a.strip() for a in value("actors").split(",") if a.strip()],
                     "departement": value("departement")}
        self.dismiss((self.draft.item_id, overrides))
