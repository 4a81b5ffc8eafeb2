"""Search everywhere, from any screen (`/`): the search panel on a screen of its own."""

from __future__ import annotations

from textual.app import ComposeResult

from landscape.i18n import N_, _

from ..widgets.footer import Footer
from ..widgets.search_panel import SearchPanel
from ..widgets.title_bar import TitleBar
from .base import BaseScreen


class SearchScreen(BaseScreen):
    AUTO_FOCUS = "#query"
    HELP_TITLE = N_("Search")

    def __init__(self) -> None:
        super().__init__(id="search-screen")

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SearchPanel(id="search")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.focus_search()

    def label(self) -> None:
        self.sub_title = _("Search")
        self.query_one(SearchPanel).label()

    def focus_search(self) -> None:
        self.query_one(SearchPanel).focus_query()

    def action_back(self) -> None:
        panel = self.query_one(SearchPanel)
        if panel.input.has_focus and panel.clear():
            return
        self.app.go_back()
