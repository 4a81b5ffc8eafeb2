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
from textual.containers import Container, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Header, Input, OptionList, Select, Static

from ..format import plain
from ..widgets.footer import Footer
from ..widgets.link_list import Link, LinkList
from .base import BaseScreen

TEXT = {
    "title": "Inbox",
    "loading": "Reading the inbox…",
    "empty": "The inbox is empty. Press u to read the feeds (landscape watch add URL adds one).",
    "pick": "Choose an item on the left.",
    "running": "Reading the feeds…",
    "ran": "{new} new items from {ok} feeds; {failed} failed",
    "accepted": "Item {id} accepted as event {event}",
    "already": "Item {id} was already accepted as event {event}",
    "dismissed": "Item {id} dismissed",
    "no_store": "The map is still loading.",
    "unreviewed": "unreviewed",
    "links": "named in this item",
    "form": "Accept item {id} as an event",
}
CHIP_STYLE = {"actor": "bold black on cyan", "person": "bold black on green", "offer": "bold black on magenta",
              "plan": "bold black on yellow", "departement": "bold black on bright_white"}
KIND_LABEL = {"actor": "actor", "person": "person", "offer": "offer", "plan": "plan", "departement": "département"}


class InboxScreen(BaseScreen):
    HELP_TITLE = "Inbox"
    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("a", "accept", "Accept as event"),
        Binding("D", "dismiss_item", "Dismiss"),
        Binding("u", "run_feeds", "Read the feeds"),
        Binding("tab", "app.focus_next", "Next panel", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[dict] = []
        self.current: dict | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(TEXT["loading"], style="dim"), id="inbox-status", markup=False)
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
        self.query_one("#inbox-items").border_title = TEXT["title"]
        self.query_one("#inbox-item").border_title = TEXT["links"]
        self.query_one("#inbox-items").focus()
        super().on_mount()

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
        listing.border_title = f"{TEXT['title']} · {len(rows)}"
        status = self.query_one("#inbox-status", Static)
        if not rows:
            status.update(Text(TEXT["empty"], style="dim"))
            listing.show([listing.line(Text(TEXT["empty"], style="dim"))])
            self._show_item(None)
            return
        status.update(Text("a accepts as an event · D dismisses · u reads the feeds · Enter on a chip opens it",
                           style="dim"))
        lines = []
        for r in rows:
            head = Text.assemble(((r["published"] or "")[:10].ljust(10), "bold"), " ", plain(r["title"]))
            meta = Text.assemble("           ", plain(r["feed"], "dim"), (f"  score {r['score']:g}", "dim"))
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
            card.show([card.line(Text(TEXT["pick"], style="dim"))])
            return
        lines = [card.line(plain(row["title"], "bold")),
                 card.line(Text.assemble(((row["published"] or "")[:10] or "—", "bold"), "  ", plain(row["feed"]),
                                         (f"  · {TEXT['unreviewed']}" if row["status"] == "new" else
                                          f"  · {row['status']}", "dim")))]
        if row["summary"]:
            lines.append(card.line(plain(row["summary"], "dim")))
        if row["link"]:
            lines.append(card.line(plain(row["link"], "underline dim")))
        if row["links"]:
            lines.append(card.heading(TEXT["links"], len(row["links"])))
            for link in row["links"]:
                target = self._target(link)
                chip = Text.assemble((f" {link['name']} ", CHIP_STYLE.get(link["kind"], "reverse")), "  ",
                                     (KIND_LABEL.get(link["kind"], link["kind"]), "dim"), "  ",
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
            self.notify(TEXT["no_store"], severity="warning")
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
        message = TEXT["accepted" if created else "already"].format(id=item_id, event=event_id)
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
        self.app.call_from_thread(self._after_write, TEXT["dismissed"].format(id=item_id))

    def action_run_feeds(self) -> None:
        if self.app.store is None:
            self.notify(TEXT["no_store"], severity="warning")
            return
        self.query_one("#inbox-status", Static).update(Text(TEXT["running"], style="dim"))
        self.run_feeds()

    @work(thread=True, exclusive=True, group="inbox-run", exit_on_error=False)
    def run_feeds(self) -> None:
        from landscape.veille.inbox import run
        from landscape.veille.linking import linker_for

        conn = self._conn()
        reports = run(conn, linker_for(self.app.store), focal=self.app.settings.focal_actor)
        failed = sum(r.status == "error" for r in reports)
        message = TEXT["ran"].format(new=sum(r.new for r in reports), ok=len(reports) - failed, failed=failed)
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
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, draft) -> None:
        super().__init__()
        self.draft = draft

    def compose(self) -> ComposeResult:
        from landscape.model.labels import label
        from landscape.model.vocab import EVENT_KINDS

        d = self.draft
        with VerticalScroll(id="accept-form"):  # scrolls at 80x24 rather than squeezing the fields
            yield Static(Text("Title", style="bold"), markup=False)
            yield Input(d.title, id="accept-title")
            with Horizontal(classes="accept-row"):
                with Container():
                    yield Static(Text("Date", style="bold"), markup=False)
                    yield Input(d.date, id="accept-date")
                with Container():
                    yield Static(Text("Kind", style="bold"), markup=False)
                    yield Select([(label("event_kind", k), k) for k in EVENT_KINDS], value=d.kind, allow_blank=False,
                                 id="accept-kind")
                with Container():
                    yield Static(Text("Scope", style="bold"), markup=False)
                    yield Select([(label("scope", s), s) for s in ("national", "regional", "departmental", "european")],
                                 value=d.scope, allow_blank=False, id="accept-scope")
            yield Static(Text("Actors (ids, comma-separated)", style="bold"), markup=False)
            yield Input(", ".join(d.actors), id="accept-actors")
            yield Static(Text("Département (code, optional)", style="bold"), markup=False)
            yield Input(d.departement or "", id="accept-departement")
            yield Static(plain(f"Source: {d.source_url or '—'}", "dim"), markup=False)
            with Horizontal(id="accept-buttons"):
                yield Button("Accept", variant="primary", id="accept-ok")
                yield Button("Cancel", id="accept-cancel")

    def on_mount(self) -> None:
        self.query_one("#accept-form").border_title = TEXT["form"].format(id=self.draft.item_id)
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
