"""One page on an actor before a meeting (`b` on an actor): read it, scroll it, save it as Markdown.

The page is `landscape.analysis.brief.render_markdown()`, which escapes every piece of data, drawn by Rich's
Markdown renderer in one Static (never parsed as console markup; links are not made clickable, so
no URL from the data reaches the terminal as an escape sequence); `s` saves that same text. One
widget draws the whole page in a few milliseconds, where Textual's Markdown widget mounted one
widget per block and took over a second for a long brief.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from rich.markdown import Markdown
from rich.text import Text
from textual.widgets import Static

from landscape.dataset import MapData
from landscape.i18n import N_, _
from landscape.text import printable

from ..widgets.footer import Footer
from ..widgets.title_bar import TitleBar
from .base import BaseScreen

TEXT = {
    "title": N_("Brief · {name}"),
    "writing": N_("Writing the brief…"),
    "unknown": N_("No actor with id **{id}** in the map."),
    "not_ready": N_("The brief is not ready yet."),
    "not_saved": N_("Brief not saved: {error}"),
    "saved": N_("Brief saved to {path}"),
    "brief": N_("Brief"),
}


def brief_path(actor_id: str, now: dt.datetime | None = None, directory: Path | None = None) -> Path:
    """A new Markdown file in the exports folder, never overwriting an earlier one."""
    from landscape.paths import exports_dir

    now = now or dt.datetime.now()
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", actor_id).strip("-") or "actor"
    folder = directory or exports_dir()
    stem = f"brief-{safe}-{now:%Y%m%d-%H%M%S}"
    path, n = folder / f"{stem}.md", 1
    while path.exists():
        n += 1
        path = folder / f"{stem}-{n}.md"
    return path


class BriefScreen(BaseScreen):
    """The brief, built off the UI thread from the map; `s` writes it to a Markdown file."""

    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("s", "save", N_("Save .md")),
        Binding("j", "scroll('down')", N_("Down"), show=False),
        Binding("k", "scroll('up')", N_("Up"), show=False),
    ]
    AUTO_FOCUS = "#brief-scroll"
    HELP_TITLE = N_("Brief")

    def __init__(self, actor_id: str = "", *, departement: str | None = None) -> None:
        super().__init__()
        self.actor_id = actor_id or f"departement-{departement}"
        self.departement = departement  # a département's page (its code) instead of an actor's brief
        self.page: dict[str, Any] | None = None
        self.markdown = ""
        self.saved: Path | None = None
        self.rendered: Markdown | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="brief-scroll"):
            yield Static(Text(_(TEXT["writing"]), style="italic dim"), id="brief", markup=False)
        yield Footer(compact=True)

    def label(self) -> None:
        """The texts that do not come from the map, in the current language (again after a switch)."""
        page = self.page
        name = self.actor_id if page is None else (
            f"{page['name']} ({page['code']})" if self.departement else page["name"])
        self.sub_title = printable(_(TEXT["title"]).format(name=name))

    def show_data(self, data: MapData) -> None:
        self.build(data, self.app.settings.focal_actor)

    @work(thread=True, exclusive=True, group="brief", exit_on_error=False)
    def build(self, data: MapData, focal: str | None) -> None:
        from landscape.analysis.brief import brief, md_escape, render_markdown

        if self.departement is not None:
            from landscape.analysis.departement import departement_view

            store = self.app.store
            if store is None:
                return
            with store.lock:
                page = departement_view(store, self.departement)
            self.app.call_from_thread(self._show, page, render_markdown(page))
            return
        actor = data.index("actors").get(self.actor_id)
        if actor is None:
            self.app.call_from_thread(self._show, None, _(TEXT["unknown"]).format(id=md_escape(self.actor_id)))
            return
        focal_id = focal if focal and focal != actor.id and focal in data.index("actors") else None
        page = brief(data, actor, focal=focal_id, short=True)  # one page; `landscape brief --full` has it all
        from landscape.veille.inbox import latest_news

        with self.app.store.lock:
            page["news"] = latest_news(self.app.store.db.conn, "actor", actor.id)
        self.app.call_from_thread(self._show, page, render_markdown(page))

    def _show(self, page: dict[str, Any] | None, markdown: str) -> None:
        self.page, self.markdown = page, markdown
        self.label()
        self.rendered = Markdown(markdown, hyperlinks=False)
        self.query_one("#brief", Static).update(self.rendered)

    def action_scroll(self, direction: str) -> None:
        scroll = self.query_one("#brief-scroll", VerticalScroll)
        if direction == "down":
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)

    def action_save(self) -> None:
        if self.page is None:
            self.notify(_(TEXT["not_ready"]), severity="warning")
            return
        self.save(self.page)

    @work(thread=True, exclusive=True, group="brief-save", exit_on_error=False)
    def save(self, page: dict[str, Any]) -> None:
        from landscape.analysis.brief import render_markdown
        from landscape.io.files import write_atomic

        path = brief_path(self.actor_id)
        try:
            write_atomic(path, render_markdown(page).encode("utf-8"))
        except OSError as exc:
            self.app.call_from_thread(self.notify, _(TEXT["not_saved"]).format(error=exc), severity="error",
                                      markup=False)
            return
        self.saved = path
        self.app.call_from_thread(self.notify, _(TEXT["saved"]).format(path=path), title=_(TEXT["brief"]),
                                  markup=False, timeout=10)

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        if self.page is None:
            return None
        return f"brief-{self.actor_id}", {"view": "brief", "brief": self.page}
