"""What every screen of the dashboard shares: back, data arrival, opening links, export."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import Binding
from textual.screen import Screen

from ..widgets.link_list import LinkList

if TYPE_CHECKING:
    from landscape.dataset import MapData

    from ..app import LandscapeApp


class BaseScreen(Screen):
    """A screen that fills itself from the map once the app has loaded it."""

    BINDINGS = [Binding("escape", "back", "Back")]
    HELP_TITLE = "Screen"

    app: LandscapeApp
    _filled_on_mount = False

    def on_mount(self) -> None:
        # Textual calls the on_mount of each class along the MRO, and screens call this one through
        # super() too: without this guard every screen was filled twice as it opened.
        if self.app.data is not None and not self._filled_on_mount:
            self._filled_on_mount = True
            self.show_data(self.app.data)

    def show_data(self, data: MapData) -> None:
        """Fill the screen from the map (called on mount, or when the map arrives)."""

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        """A file stem and the JSON document of what the screen shows; None when nothing to export."""
        return None

    def action_back(self) -> None:
        self.app.go_back()

    def on_link_list_opened(self, event: LinkList.Opened) -> None:
        event.stop()
        self.app.open_link(event.link)
