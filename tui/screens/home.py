"""The home dashboard: counts, the focal actor's card, the latest events, plans at a glance, search."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, Vertical
from textual.widgets import Static

from landscape.errors import NotFound
from landscape.i18n import N_, _, display_date, text_of
from landscape.model.labels import label, prose
from landscape.store.summary import sort_known_plans
from landscape.analysis.standing import standing_counts
from landscape.model.vocab import PLAN_GENERATIONS_SHORT, PLAN_STATUSES

from ..format import STATUS_COLOURS, STATUS_LABELS, bar, fill, plain, records, score
from ..widgets.footer import Footer
from ..widgets.link_list import Link, LinkList
from ..widgets.search_panel import SearchPanel
from ..widgets.title_bar import TitleBar
from .base import BaseScreen

if TYPE_CHECKING:  # the models and the store load after the first frame (start-up time)
    from landscape.dataset import MapData
    from landscape.store.summary import Summary

COUNT_KEYS = (("actors", "a"), ("plans", "p"), ("events", "e"), ("competitors", "c"), ("offers", "o"),
              ("sources", "r"), ("relations", ""))
LATEST = 30
AGENDA_SHOWN = 4


def in_language(plan_label: str) -> str:
    """A plan's label from the summary ("Gironde (33), 2018 strategy") with its generation in the current language."""
    for code, english in PLAN_GENERATIONS_SHORT.items():
        if plan_label.endswith(f", {english}"):
            return plan_label[: -len(english)] + label("plan_generation", code)
    return plan_label


class HomeScreen(BaseScreen):
    AUTO_FOCUS = "#focal"
    HELP_TITLE = N_("Home")
    BINDINGS = [
        Binding("escape", "back", N_("Clear search"), show=False),
        Binding("tab", "app.focus_next", N_("Next panel"), show=False),
    ]

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width >= 120, "-wide")  # now, not on the first resize: one styling pass
        yield TitleBar()
        yield SearchPanel(id="search")
        with Vertical(id="dashboard"):
            yield Static(Text(_("Loading the map…"), style="dim"), id="counts", markup=False)
            yield LinkList(id="agenda", classes="panel")
            with Container(id="panels"):
                yield LinkList(id="focal", classes="panel")
                yield LinkList(id="latest", classes="panel")
                yield LinkList(id="glance", classes="panel")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#agenda").display = False  # shown when something is due this week
        super().on_mount()  # the fixed texts, then the summary's first frame or the map
        self.query_one("#focal").focus()

    def label(self) -> None:
        """Panel titles; before the map arrives, the summary's first frame (or why the map cannot be read)."""
        self.query_one("#focal").border_title = _("Focal actor")
        self.query_one("#latest").border_title = _("Latest events")
        self.query_one("#glance").border_title = _("Départements by standing")
        self.query_one(SearchPanel).label()
        if self.app.data is None:
            counts = self.query_one("#counts", Static)
            counts.update(Text(self.app.load_error, style="bold red") if self.app.load_error
                          else Text(_("Loading the map…"), style="dim"))
            if self.app.summary is not None:
                self.show_summary(self.app.summary)

    def on_resize(self) -> None:
        self.set_class(self.size.width >= 120, "-wide")
        if getattr(self, "_counts", None) is not None:
            self.show_counts(self._counts)

    def show_summary(self, summary: Summary) -> None:
        """The first frame with data, from the light summary; `show_data` replaces it with the full map."""
        if self.app.data is not None:
            return  # the full map arrived first: never go back to the summary
        self.show_counts(summary.counts)
        card = self.query_one("#focal", LinkList)
        focal = summary.focal
        if focal is None:
            card.show([card.line(Text(_("Loading the focal actor…"), style="dim"))])
        else:
            card.border_title = _("Focal actor · {id}").format(id=focal.id)
            card.show(self.card_lines(card, focal.id, focal.name, focal.kind, focal.sector, focal.disputed,
                                      focal.roles, focal.influence, focal.interest, focal.summary))
        self.show_events(summary.latest_events)
        self.show_statuses(summary.plan_statuses, [(plan_id, in_language(text), status)
                                                   for plan_id, text, status in summary.known_plans])

    def show_data(self, data: MapData) -> None:
        self.show_counts(data.counts())
        self.show_agenda(data)
        self.load_unread()
        self.show_focal(data)
        self.show_latest(data)
        self.show_glance(data)

    def show_counts(self, counts: dict[str, int]) -> None:
        """Records per kind, each after the key that lists them; a line breaks between two counts, not in one."""
        groups = [Text.assemble((key, "bold reverse"), " ", records(table, counts[table]))
                  for table, key in COUNT_KEYS if key]
        self._counts = counts
        if getattr(self, "_unread", 0):   # nothing shown while the veille is unused
            groups.append(Text.assemble(("n", "bold reverse"), (f" {self._unread} ", "bold"), _("unread in the inbox")))
        conflicts = len({(c["record_table"], c["record_id"]) for c in self.app.layer.conflicts})
        if conflicts:
            groups.append(Text.assemble((_("⚠ {n} in conflict").format(n=conflicts), "bold yellow"),
                                        (" (landscape conflicts)", "dim")))
        width = self.size.width or self.app.size.width
        line, used = Text(end=""), 0
        for group in groups:
            if used and used + 1 + group.cell_len > width:
                line.append("\n")
                used = 0
            elif used:
                line.append(" ")
                used += 1
            line.append_text(group)
            used += group.cell_len
        self.query_one("#counts", Static).update(line)

    def show_agenda(self, data: MapData) -> None:
        """The next steps due this week, overdue first; each line opens the record it is about."""
        panel = self.query_one("#agenda", LinkList)
        due = self.app.layer.due_this_week()
        panel.display = bool(due)
        if not due:
            return
        panel.border_title = _("Due this week · {n}").format(n=len(due))
        labels = {(t, r.id): r.label for t in ("actors", "plans", "events", "offers", "relations", "competitors",
                                                "sources") for r in data.table(t)}
        today = date.today().isoformat()
        lines = []
        for row in due[:AGENDA_SHOWN]:
            overdue = row["due"] < today
            when = (_("overdue {date}") if overdue else _("due {date}")).format(date=display_date(row["due"]))
            line = Text.assemble((when, "bold red" if overdue else "bold"), "  ", plain(row["next"]), ("  · ", "dim"),
                                 plain(labels.get((row["record_table"], row["record_id"]), row["record_id"]), "dim"))
            lines.append(panel.link(line, Link(row["record_table"][:-1], row["record_id"])))
        if len(due) > AGENDA_SHOWN:
            lines.append(panel.line(Text(_("… {n} more: landscape agenda").format(n=len(due) - AGENDA_SHOWN),
                                         style="dim")))
        panel.show(lines)

    @work(thread=True, exclusive=True, group="home-unread", exit_on_error=False)
    def load_unread(self) -> None:
        """Items of the veille's inbox still to review, counted off the UI thread."""
        from landscape.veille.inbox import unread_count

        store = self.app.store
        if store is not None:
            self._unread = unread_count(store.db.conn)
            self.app.call_from_thread(self.show_counts, self._counts)

    def show_focal(self, data: MapData) -> None:
        from landscape.analysis.lookup import resolve
        from landscape.model.models import Actor
        from landscape.analysis.profile import competitors_of, group_relations, relations_of

        card = self.query_one("#focal", LinkList)
        ref = self.app.settings.focal_actor
        try:
            actor = resolve(data, ref, tables=("actors",))
        except NotFound:
            card.show([card.line(fill(_("No actor matches the focal actor {ref}."), ref=plain(ref, "bold"))),
                       card.line(Text(_("Choose one with Ctrl+P → “Focal actor”."), style="dim"))])
            return
        assert isinstance(actor, Actor)
        card.border_title = _("Focal actor · {id}").format(id=actor.id)
        p = actor.positioning
        lines = self.card_lines(card, actor.id, actor.name, actor.kind, actor.sector, bool(actor.disputes),
                                [(r.role, r.level) for r in actor.roles], p.influence if p else None,
                                p.interest if p else None, prose(text_of(actor, "summary")))
        rivals = competitors_of(data, actor.id)
        if rivals:
            lines.append(card.heading(_("competitors"), len(rivals)))
            competitors = data.index("competitors")
            for row in rivals:
                record = competitors.get(row["id"])
                arena = text_of(record, "arena") if record is not None else row["arena"]
                lines.append(card.link(Text.assemble(plain(row["other"]["name"]), "  ", plain(arena, "dim"),
                                                     f" · {label('overlap', row['overlap'])}"),
                                       Link("actor", row["other"]["id"])))
        for heading, rows in group_relations(relations_of(data, actor.id)).items():
            lines.append(card.heading(heading, len(rows)))
            for row in rows:
                lines.append(card.link(plain(row["other"]["name"]), Link("actor", row["other"]["id"])))
        card.show(lines)

    @staticmethod
    def card_lines(card: LinkList, actor_id: str, name: str, kind: str, sector: str | None, disputed: bool,
                   roles: list[tuple[str, str]], influence: int | None, interest: int | None,
                   summary: str | None) -> list:
        """The head of the focal card: name, kind and sector, roles, influence and interest, summary."""
        lines = [card.link(plain(name, "bold"), Link("actor", actor_id))]
        about = Text(label("actor_kind", kind), style="italic", end="")
        if sector:
            about.append(f" · {label('sector', sector)}")
        if disputed:
            about.append("  " + _("⚠ disputed"), style="bold yellow")
        lines.append(card.line(about))
        if roles:
            line = Text(end="")
            for i, (role, level) in enumerate(roles):
                line.append((", " if i else "") + label("role", role), style="bold" if level == "primary" else "dim")
            lines.append(card.line(line))
        if influence is not None and interest is not None:
            lines.append(card.line(Text.assemble(_("influence") + " ", score(influence), "  " + _("interest") + " ",
                                                 score(interest))))
        if summary:
            short = summary if len(summary) <= 220 else summary[:220].rsplit(" ", 1)[0] + " …"
            lines.append(card.line(plain(short, "dim")))
        return lines

    def show_latest(self, data: MapData) -> None:
        events = sorted(data.events, key=lambda e: (e.date, e.id), reverse=True)[:LATEST]
        self.show_events([(e.date, e.id, text_of(e, "title")) for e in events])

    def show_events(self, events: list[tuple[str, str, str]]) -> None:
        """The newest events first, as (date, id, title)."""
        latest = self.query_one("#latest", LinkList)
        if not events:
            latest.show([latest.line(Text(_("No events recorded."), style="dim"))])
            return
        latest.show([latest.link(Text.assemble((date.ljust(10), "bold"), " ", plain(title)), Link("event", event_id))
                     for date, event_id, title in events])

    def show_glance(self, data: MapData) -> None:
        self.show_statuses(standing_counts(data.plans), sort_known_plans(
            [(p.id, p.label + (f", {label('plan_generation', p.generation)}" if p.generation else ""), p.status)
             for p in data.plans]))

    def show_statuses(self, statuses: dict[str, int], known: list[tuple[str, str, str]]) -> None:
        """Départements per standing, each line opening the plans list filtered to it."""
        glance = self.query_one("#glance", LinkList)
        total = sum(statuses.values())
        lines = []
        shown = [s for s in PLAN_STATUSES if statuses.get(s)]
        width = max((len(STATUS_LABELS[s]) for s in shown), default=0) + 1
        for status in shown:
            n = statuses.get(status, 0)
            colour = STATUS_COLOURS[status]
            lines.append(glance.link(Text.assemble(("■ ", colour), STATUS_LABELS[status].ljust(width),
                                                   (f"{n:>4} ", "bold"), bar(n, total, 10, colour)),
                                     Link("status", status)))
        lines.append(glance.line(Text(_("Enter lists them · m opens the map"), style="dim")))
        if known:
            lines.append(glance.heading(_("plans found in the sources"), len(known)))
            lines += [glance.link(Text.assemble(("■ ", STATUS_COLOURS[status]), plain(label), " ",
                                                (STATUS_LABELS[status], "dim")), Link("plan", plan_id))
                      for plan_id, label, status in known]
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
        """Escape clears the query and leaves the search box at once, so that the one-key shortcuts work."""
        self.show_dashboard()

    def show_dashboard(self) -> None:
        """The panels, not search results: the query is cleared and the focal card has focus."""
        self.query_one(SearchPanel).clear()
        self.set_focus(self.query_one("#focal"))

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        data = self.app.data
        if data is None:
            return None
        return "home", {"view": "home", "counts": data.counts(),
                        "departements_by_standing": standing_counts(data.plans),
                        "latest_events": [e.model_dump(mode="json") for e in
                                          sorted(data.events, key=lambda e: (e.date, e.id), reverse=True)[:LATEST]]}
