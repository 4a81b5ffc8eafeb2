"""The home dashboard: counts, the focal actor's card, the latest events, plans at a glance, search."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.widgets import Footer, Header, Static

from landscape.dataset import MapData
from landscape.errors import NotFound
from landscape.lookup import resolve
from landscape.models import Actor
from landscape.vocab import PLAN_STATUSES

from ..format import STATUS_COLOURS, STATUS_LABELS, bar, plain, score, words
from ..widgets.link_list import Link, LinkList
from ..widgets.search_panel import SearchPanel
from .base import BaseScreen

COUNT_KEYS = (("actors", "a"), ("plans", "p"), ("events", "e"), ("competitors", "c"), ("offers", "o"),
              ("sources", "r"), ("relations", ""))
LATEST = 30


class HomeScreen(BaseScreen):
    AUTO_FOCUS = "#focal"
    HELP_TITLE = "Home"
    BINDINGS = [
        Binding("escape", "back", "Clear search", show=False),
        Binding("tab", "app.focus_next", "Next panel", show=False),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchPanel(id="search")
        with Vertical(id="dashboard"):
            yield Static(Text("Loading the map…", style="dim"), id="counts", markup=False)
            with Container(id="panels"):
                yield LinkList(id="focal", classes="panel")
                yield LinkList(id="latest", classes="panel")
                yield LinkList(id="glance", classes="panel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#focal").border_title = "Focal actor"
        self.query_one("#latest").border_title = "Latest events"
        self.query_one("#glance").border_title = "Plans by status"
        super().on_mount()
        self.query_one("#focal").focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width >= 120, "-wide")

    def show_data(self, data: MapData) -> None:
        counts = data.counts()
        line = Text(end="")
        for i, (table, key) in enumerate(COUNT_KEYS):
            if not key:
                continue
            if i:
                line.append(" ")
            line.append(key, style="bold reverse")
            line.append(f" {counts[table]} ", style="bold")
            line.append(table)
        self.query_one("#counts", Static).update(line)
        self.show_focal(data)
        self.show_latest(data)
        self.show_glance(data)

    def show_focal(self, data: MapData) -> None:
        from landscape.profile import competitors_of, group_relations, relations_of

        card = self.query_one("#focal", LinkList)
        ref = self.app.settings.focal_actor
        try:
            actor = resolve(data, ref, tables=("actors",))
        except NotFound:
            card.show([card.line(Text.assemble("No actor matches the focal actor ", plain(ref, "bold"), ".")),
                       card.line(Text("Choose one with Ctrl+P → “Focal actor”.", style="dim"))])
            return
        assert isinstance(actor, Actor)
        card.border_title = f"Focal actor · {actor.id}"
        lines = [card.link(plain(actor.name, "bold"), Link("actor", actor.id))]
        about = Text(words(actor.kind), style="italic", end="")
        if actor.sector:
            about.append(f" · {actor.sector}")
        if actor.disputes:
            about.append("  ⚠ disputed", style="bold yellow")
        lines.append(card.line(about))
        if actor.roles:
            roles = Text(end="")
            for i, r in enumerate(actor.roles):
                roles.append((", " if i else "") + words(r.role), style="bold" if r.level == "primary" else "dim")
            lines.append(card.line(roles))
        if actor.positioning:
            lines.append(card.line(Text.assemble("influence ", score(actor.positioning.influence),
                                                 "  interest ", score(actor.positioning.interest))))
        if actor.summary:
            summary = actor.summary if len(actor.summary) <= 220 else actor.summary[:220].rsplit(" ", 1)[0] + " …"
            lines.append(card.line(plain(summary, "dim")))
        rivals = competitors_of(data, actor.id)
        if rivals:
            lines.append(card.heading("competitors", len(rivals)))
            for row in rivals:
                lines.append(card.link(Text.assemble(plain(row["other"]["name"]), "  ",
                                                     plain(row["arena"], "dim"), f" · {row['overlap']}"),
                                       Link("actor", row["other"]["id"])))
        for heading, rows in group_relations(relations_of(data, actor.id)).items():
            lines.append(card.heading(heading, len(rows)))
            for row in rows:
                lines.append(card.link(plain(row["other"]["name"]), Link("actor", row["other"]["id"])))
        card.show(lines)

    def show_latest(self, data: MapData) -> None:
        latest = self.query_one("#latest", LinkList)
        events = sorted(data.events, key=lambda e: (e.date, e.id), reverse=True)[:LATEST]
        if not events:
            latest.show([latest.line(Text("No events recorded.", style="dim"))])
            return
        latest.show([latest.link(Text.assemble((e.date.ljust(10), "bold"), " ", plain(e.title)), Link("event", e.id))
                     for e in events])

    def show_glance(self, data: MapData) -> None:
        glance = self.query_one("#glance", LinkList)
        total = len(data.plans)
        lines = []
        for status in PLAN_STATUSES:
            n = sum(1 for p in data.plans if p.status == status)
            colour = STATUS_COLOURS[status]
            lines.append(glance.link(Text.assemble(("■ ", colour), STATUS_LABELS[status].ljust(15),
                                                   (f"{n:>4} ", "bold"), bar(n, total, 10, colour)),
                                     Link("status", status)))
        lines.append(glance.line(Text("Enter lists them · m opens the map", style="dim")))
        glance.show(lines)

    def refresh_focal(self) -> None:
        if self.app.data is not None:
            self.show_focal(self.app.data)

    @on(SearchPanel.Toggled)
    def _search_toggled(self, event: SearchPanel.Toggled) -> None:
        self.query_one("#dashboard").display = not event.active

    def focus_search(self) -> None:
        self.query_one(SearchPanel).focus_query()

    def action_back(self) -> None:
        """Escape clears the query, then leaves the search box so that the one-key shortcuts work."""
        panel = self.query_one(SearchPanel)
        if not panel.clear():
            self.query_one("#focal").focus()

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        data = self.app.data
        if data is None:
            return None
        return "home", {"view": "home", "counts": data.counts(),
                        "plans_by_status": {s: sum(1 for p in data.plans if p.status == s) for s in PLAN_STATUSES},
                        "latest_events": [e.model_dump(mode="json") for e in
                                          sorted(data.events, key=lambda e: (e.date, e.id), reverse=True)[:LATEST]]}
