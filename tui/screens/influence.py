"""Measured influence: PageRank, betweenness and degree beside the curated score, gaps flagged, in words."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from landscape.dataset import MapData
from landscape.i18n import N_, _, decimal, format_number, ngettext

from ..format import plain
from ..widgets.footer import Footer
from ..widgets.record_table import RecordTable
from ..widgets.title_bar import TitleBar
from .base import BaseScreen, measures_ready

WIDE = 120
SORTS = (("pagerank", N_("PageRank")), ("betweenness", N_("betweenness")), ("degree", N_("degree")),
         ("gap", N_("largest gap")))
FLAG_STYLE = "bold yellow"
TEXT = {
    "title": N_("Measured influence"),
    "measuring": N_("Measuring the graph of relations…"),
    "failed": N_("Cannot measure: {error}"),
    "sorted": N_("sorted by {sort}"),
    "apart": N_(" (claim and measure 2+ apart)"),
    "only": N_(" · showing ⚠ only"),
    "flag": N_("claimed {curated}, measured {measured}"),
    "nobody": N_("No actor to show."),
    "figures": N_("PageRank #{rank} · measured {measured} · curated {curated}"),
    "disagree": N_(" — the claim and the measure disagree"),
    "legend": N_("measured = PageRank quintile among connected actors (5 = top fifth); gap = measured − curated. "
                 "Enter opens · v compare · C competitors"),
}
COLUMNS = (("rank", N_("#")), ("name", N_("actor")), ("pagerank", N_("PageRk")), ("betweenness", N_("betw.")),
           ("degree", N_("deg")), ("curated", N_("cur")), ("measured", N_("mes")), ("gap", N_("gap")), ("flag", "⚠"))
"""Column headings, as narrow as the table needs (the legend under it spells them out)."""


def flag_text(row: dict[str, Any]) -> str:
    """Why a row is flagged, in words (`row["flag"]` is the same in English, for JSON)."""
    return _(TEXT["flag"]).format(curated=row["curated"], measured=row["measured"])


def sort_rows(rows: list[dict[str, Any]], by: str) -> list[dict[str, Any]]:
    if by == "pagerank":
        return sorted(rows, key=lambda r: r["pagerank_rank"])
    if by == "gap":
        return sorted(rows, key=lambda r: (r["gap"] is None, -abs(r["gap"] or 0), r["pagerank_rank"]))
    return sorted(rows, key=lambda r: (-r[by], r["pagerank_rank"]))


class InfluenceScreen(BaseScreen):
    """The claim and the measure side by side; the selected actor's figures explained below."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), show=False),
        Binding("s", "sort", N_("Sort"), tooltip=N_("PageRank, betweenness, degree, largest gap")),
        Binding("f", "flagged", N_("⚠ only"), tooltip=N_("Only the actors whose measure and claim differ by 2 or more")),
        Binding("enter", "open", N_("Open"), show=False),
    ]
    AUTO_FOCUS = "#influence"
    HELP_TITLE = N_("Influence")

    def __init__(self) -> None:
        super().__init__(id="influence")
        self.rows: list[dict[str, Any]] = []
        self.shown: list[dict[str, Any]] = []
        self.by = "pagerank"
        self.flagged_only = False
        self._measured_for: int | None = None
        self._filled_width: int | None = None
        self._explained: str | None = None  # the actor the side panel explains

    @property
    def _width(self) -> int:
        """The screen's width; before its first layout, the app's (a screen fills the app)."""
        return self.size.width or self.app.size.width

    def compose(self) -> ComposeResult:
        self.set_class(self._width >= WIDE, "-wide")  # before the widgets are styled, not after
        yield TitleBar()
        yield Static(Text(_(TEXT["measuring"]), style="dim"), id="influence-status", markup=False)
        with Horizontal(id="influence-body"):
            yield RecordTable(id="influence")
            with VerticalScroll(id="influence-side"):
                yield Static("", id="influence-why", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(RecordTable).focus()

    def label(self) -> None:
        """The texts that do not come from the map, in the current language (again after a switch)."""
        self.sub_title = _(TEXT["title"])

    def on_resize(self) -> None:
        self.set_class(self._width >= WIDE, "-wide")
        if self._width != self._filled_width:  # the first Resize may come right after the first fill
            self.refill()

    def show_data(self, data: MapData) -> None:
        if self._measured_for == id(data):
            self.refill()  # the same map (in another language, after a switch): no need to measure again
            return
        self._measured_for = id(data)
        if measures_ready(data):
            from landscape.analysis.influence import measure

            self._measured(data, measure(data))
            return
        self.wait_for(self.query_one(RecordTable))
        self.measure(data)

    @work(thread=True, exclusive=True, group="influence", exit_on_error=False)
    def measure(self, data: MapData) -> None:
        """networkx over the whole map takes a noticeable moment: never on the UI thread."""
        from landscape.analysis.influence import measure

        try:
            rows = measure(data)
        except Exception as exc:  # noqa: BLE001 - shown, not swallowed
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._measured, data, rows)

    def _failed(self, message: str) -> None:
        self.done_waiting(self.query_one(RecordTable))
        self.query_one("#influence-status", Static).update(Text(_(TEXT["failed"]).format(error=message),
                                                                style="bold red"))

    def _measured(self, data: MapData, rows: list[dict[str, Any]]) -> None:
        if data is not self.app.data:
            return  # a newer map arrived meanwhile; its own measure will land
        self.rows = rows
        self.done_waiting(self.query_one(RecordTable))
        self.refill()

    def refill(self) -> None:
        if not self.rows or not self.is_attached:
            return
        table = self.query_one(RecordTable)
        keep = table.current_id
        self._filled_width = self._width
        self.shown = sort_rows([r for r in self.rows if r["flagged"] or not self.flagged_only], self.by)
        wide = self._width >= WIDE
        flag_width = 24 if wide else 2
        table_width = (self._width - 54) if wide else self._width
        fixed = 3 + 7 + 6 + 3 + 3 + 3 + 3 + flag_width
        name_width = max(12, table_width - fixed - 2 * 9 - 3)
        table.clear(columns=True)
        widths = {"rank": 3, "name": name_width, "pagerank": 7, "betweenness": 6, "degree": 3, "curated": 3,
                  "measured": 3, "gap": 3, "flag": flag_width}
        for key, heading_text in COLUMNS:
            width = widths[key]
            heading = Text(_(heading_text)[:width], style="bold")
            if key == self.by:
                heading.append("▼")
            table.add_column(heading, key=key, width=width)
        for r in self.shown:
            style = FLAG_STYLE if r["flagged"] else ""
            name = plain(r["name"])
            name.truncate(name_width, overflow="ellipsis")
            flag = Text("⚠ " + flag_text(r) if wide else "⚠", style=FLAG_STYLE) if r["flagged"] else Text("")
            table.add_row(
                Text(str(r["pagerank_rank"]).rjust(3), style="dim"), name,
                Text(decimal(r["pagerank"], ".4f").rjust(7)), Text(decimal(r["betweenness"], ".3f").rjust(6)),
                Text(str(r["degree"]).rjust(3)),
                Text("-" if r["curated"] is None else str(r["curated"]).center(3)),
                Text("-" if r["measured"] is None else str(r["measured"]).center(3)),
                Text("" if r["gap"] is None else f"{r['gap']:+d}".rjust(3), style=style or "dim"),
                flag, key=r["id"])
        if keep is not None and any(r["id"] == keep for r in self.shown):
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        flagged = sum(1 for r in self.rows if r["flagged"])
        status = Text(ngettext("{n} actor", "{n} actors", len(self.shown)).format(n=format_number(len(self.shown))),
                      style="bold", end="")
        status.append(" · " + _(TEXT["sorted"]).format(sort=_(dict(SORTS)[self.by])) + " · ")
        status.append(ngettext("⚠ {n} flagged", "⚠ {n} flagged", flagged).format(n=flagged), style=FLAG_STYLE)
        status.append(_(TEXT["apart"]) + (_(TEXT["only"]) if self.flagged_only else ""), style="dim")
        self.query_one("#influence-status", Static).update(status)
        self._explain()

    @on(RecordTable.RowHighlighted, "#influence")
    def _highlighted(self) -> None:
        if self.current_actor() != self._explained:  # not the fill's own move: explained already
            self._explain()

    def _explain(self) -> None:
        actor = self._explained = self.current_actor()
        row = next((r for r in self.shown if r["id"] == actor), None)
        why = self.query_one("#influence-why", Static)
        if row is None:
            why.update(Text(_(TEXT["nobody"]), style="dim"))
            return
        text = plain(row["name"], "bold")
        text.append("  " + _(TEXT["figures"]).format(rank=row["pagerank_rank"], measured=row["measured"] or "-",
                                                     curated=row["curated"] or "-"), style="dim")
        if row["flagged"]:
            text.append("\n⚠ " + flag_text(row), style=FLAG_STYLE)
            text.append(_(TEXT["disagree"]), style="dim")
        for key in ("pagerank", "betweenness", "degree"):
            text.append("\n• ", style="bold")
            text.append_text(plain(row["why"][key]))
        text.append("\n" + _(TEXT["legend"]), style="dim italic")
        why.update(text)
        self.query_one("#influence-side", VerticalScroll).scroll_home(animate=False)

    def current_actor(self) -> str | None:
        return self.query_one(RecordTable).current_id

    @on(RecordTable.RowSelected, "#influence")
    def _row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        actor = self.current_actor()
        if actor is not None:
            self.app.open_record("actor", actor)

    def action_sort(self) -> None:
        keys = [key for key, _name in SORTS]
        self.by = keys[(keys.index(self.by) + 1) % len(keys)]
        self.refill()
        self._to_top()

    def _to_top(self) -> None:
        table = self.query_one(RecordTable)
        if table.row_count:  # a new order is read from its top
            table.move_cursor(row=0, animate=False)
            table.scroll_home(animate=False)

    @on(RecordTable.HeaderSelected, "#influence")
    def _header_clicked(self, event: RecordTable.HeaderSelected) -> None:
        key = event.column_key.value
        if key in dict(SORTS) or key == "rank":
            self.by = "pagerank" if key == "rank" else key
            self.refill()
            self._to_top()

    def action_flagged(self) -> None:
        self.flagged_only = not self.flagged_only
        self.refill()

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        if not self.rows:
            return None
        return "influence", {"view": "measured influence", "sort": self.by, "flagged_only": self.flagged_only,
                             "rows": self.shown}
