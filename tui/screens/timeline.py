"""The timeline of policy events, newest year first, filterable by kind, actor and scope."""

from __future__ import annotations

from itertools import groupby
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from landscape.dataset import MapData
from landscape.i18n import N_, _, format_date, format_number, get_lang, ngettext, text_of
from landscape.model.labels import label
from landscape.model.models import Event
from landscape.model.vocab import EVENT_KINDS

from ..format import hanging, plain
from ..widgets.dropdown import Dropdown
from ..widgets.footer import Footer
from ..widgets.link_list import Link, LinkList
from ..widgets.title_bar import TitleBar
from .base import BaseScreen

SCOPES = ("national", "regional", "departmental", "european")
TEXT = {
    "title": N_("Timeline"),
    "any_kind": N_("any kind"),
    "any_actor": N_("any actor"),
    "any_scope": N_("any scope"),
    "no_match": N_("No event matches these filters (0 clears them)."),
}


def event_date(date: str) -> str:
    """An event's date under its year's heading: ISO in English; day and month in words in French."""
    if get_lang() == "en":
        return date
    words = format_date(date)
    return words.rsplit(" ", 1)[0] if " " in words else words  # the year is the heading


class TimelineScreen(BaseScreen):
    BINDINGS = [
        Binding("escape", "back", N_("Back"), show=False),
        Binding("f", "focus_filters", N_("Filter")),
        Binding("0", "clear_filters", N_("Clear filters"), show=False),
        Binding("O", "toggle_order", N_("Order"), tooltip=N_("Oldest or newest first")),
    ]
    AUTO_FOCUS = "#events"
    HELP_TITLE = N_("Timeline")

    def __init__(self) -> None:
        super().__init__(id="timeline")
        self.events: list[Event] = []
        self.shown: list[Event] = []
        self.names: dict[str, str] = {}
        self.newest_first = True
        self._filled_width: int | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(classes="filters"):
            yield Dropdown(id="tl-kind")  # prompts and options: `label()`
            yield Dropdown(id="tl-actor")
            yield Dropdown(id="tl-scope")
            yield Static("", id="count", markup=False)
        yield LinkList(id="events")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(LinkList).focus()

    def label(self) -> None:
        """The texts that do not come from the map, in the current language (again after a switch)."""
        self.sub_title = _(TEXT["title"])
        self.query_one("#tl-kind", Dropdown).relabel(_(TEXT["any_kind"]),
                                                     [(Text(label("event_kind", k)), k) for k in EVENT_KINDS])
        self.query_one("#tl-actor", Dropdown).prompt = _(TEXT["any_actor"])
        self.query_one("#tl-scope", Dropdown).relabel(_(TEXT["any_scope"]),
                                                      [(Text(label("scope", s)), s) for s in SCOPES])

    def show_data(self, data: MapData) -> None:
        self.events = list(data.events)
        self.names = {a.id: a.name for a in data.actors}
        involved = sorted({a for e in self.events for a in e.actors}, key=lambda a: self.names.get(a, a).casefold())
        with self.prevent(Dropdown.Changed):
            self.query_one("#tl-actor", Dropdown).set_options([(plain(self.names.get(a, a)), a) for a in involved])
        self.refill()

    def filters(self) -> dict[str, str]:
        out = {}
        for key in ("kind", "actor", "scope"):
            value = self.query_one(f"#tl-{key}", Dropdown).value
            if value is not Dropdown.NULL:
                out[key] = value
        return out

    def set_filter(self, key: str, value: str | None) -> None:
        self.query_one(f"#tl-{key}", Dropdown).value = Dropdown.NULL if value is None else value

    @on(Dropdown.Changed)
    def _changed(self) -> None:
        self.refill()

    def refill(self) -> None:
        f = self.filters()
        self.shown = sorted(
            (e for e in self.events
             if ("kind" not in f or e.kind == f["kind"]) and ("actor" not in f or f["actor"] in e.actors)
             and ("scope" not in f or e.scope == f["scope"])),
            key=lambda e: (e.date, e.id), reverse=self.newest_first)
        view = self.query_one(LinkList)
        self._filled_width = self.app.size.width
        width = max(40, self.app.size.width - 5)  # the list's padding and scroll bar
        lines = []
        dates = {e.id: event_date(e.date) for e in self.shown}
        date_width = max(map(len, dates.values()), default=10) + 1
        kind_width = max(len(label("event_kind", k)) for k in EVENT_KINDS) + 1
        for year, group in groupby(self.shown, key=lambda e: e.date[:4]):
            events = list(group)
            lines.append(view.heading(year, len(events)))
            for e in events:
                head = Text.assemble((dates[e.id].ljust(date_width), "bold"),
                                     (label("event_kind", e.kind).ljust(kind_width), "italic"))
                line = hanging(head, plain(text_of(e, "title")), width)
                if e.actors:
                    line.append("\n")
                    line.append_text(hanging(Text(" " * (date_width + kind_width)),
                                             plain(", ".join(self.names.get(a, a) for a in e.actors), "dim"), width))
                lines.append(view.link(line, Link("event", e.id)))
        if not lines:
            lines.append(view.line(Text(_(TEXT["no_match"]), style="dim")))
        view.show(lines)
        shown, total = format_number(len(self.shown)), len(self.events)
        count = Text(ngettext("{n} of {total} event", "{n} of {total} events", total).format(
            n=shown, total=format_number(total)) if f else
            ngettext("{n} event", "{n} events", len(self.shown)).format(n=shown))
        count.stylize("bold", 0, len(shown))
        self.query_one("#count", Static).update(count)

    def on_resize(self) -> None:
        if self.events and self.app.size.width != self._filled_width:  # the first Resize follows the first fill
            self.refill()

    def action_toggle_order(self) -> None:
        self.newest_first = not self.newest_first
        self.refill()

    def action_focus_filters(self) -> None:
        self.set_focus(self.query_one("#tl-kind", Dropdown))  # now, not after the keys queued behind f

    def action_clear_filters(self) -> None:
        with self.prevent(Dropdown.Changed):
            for key in ("kind", "actor", "scope"):
                self.query_one(f"#tl-{key}", Dropdown).value = Dropdown.NULL
        self.refill()
        self.query_one(LinkList).focus()

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        return "timeline", {"view": "timeline", "filters": self.filters(),
                            "events": [e.model_dump(mode="json") for e in self.shown]}
