"""Records not confirmed for a year: the newest of their sources' dates and your edits is older (palette)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult

from landscape.dataset import MapData
from landscape.i18n import N_, _, display_date
from landscape.model.labels import label

from ..format import plain
from ..widgets.footer import Footer
from ..widgets.link_list import Link, LinkList
from ..widgets.title_bar import TitleBar
from .base import BaseScreen

MONTHS = 12
TEXT = {
    "title": N_("Not confirmed for {months} months"),
    "heading": N_("records whose newest source or edit is older than {months} months"),
    "none": N_("Every actor, plan, offer and relation was confirmed in the last {months} months."),
    "undated": N_("no date"),
}


class StaleScreen(BaseScreen):
    """Oldest first; Enter opens a record, to confirm it (e to edit, with a new source)."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield LinkList(id="stale")
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(LinkList).focus()

    def label(self) -> None:
        """The texts that do not come from the map, in the current language (again after a switch)."""
        self.sub_title = _(TEXT["title"]).format(months=MONTHS)

    def show_data(self, data: MapData) -> None:
        self.read_stale()

    @work(thread=True, exclusive=True, group="stale", exit_on_error=False)
    def read_stale(self) -> None:
        from landscape.store.freshness import stale_records

        store = self.app.store
        if store is None:
            return
        with store.lock:
            rows = stale_records(store, MONTHS)
        self.app.call_from_thread(self._show, rows)

    def _show(self, rows: list[dict[str, Any]]) -> None:
        view = self.query_one(LinkList)
        if not rows:
            view.show([view.line(Text(_(TEXT["none"]).format(months=MONTHS), style="dim"))])
            return
        lines = [view.heading(_(TEXT["heading"]).format(months=MONTHS), len(rows))]
        dates = [display_date(row["as_of"]) or _(TEXT["undated"]) for row in rows]
        kinds = [label("record_kind", row["kind"]) for row in rows]
        date_width, kind_width = max(map(len, dates)), max(map(len, kinds))
        for row, date, kind in zip(rows, dates, kinds):
            lines.append(view.link(Text.assemble((date.ljust(date_width), "bold"), " ", (kind.ljust(kind_width), "dim"),
                                                 " ", plain(row["name"])), Link(row["kind"], row["id"])))
        view.show(lines)
