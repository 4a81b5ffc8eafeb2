"""What every screen of the dashboard shares: back, data arrival, opening links, export, language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen

from landscape.i18n import N_, get_lang

from ..groups import fit_footer
from ..language import TranslatedKeys
from ..widgets.link_list import LinkList

if TYPE_CHECKING:
    from landscape.dataset import MapData

    from ..app import LandscapeApp


class BaseScreen(TranslatedKeys, Screen):
    """A screen that fills itself from the map once the app has loaded it.

    Its fixed texts (titles, headings, placeholders) are set in `label()`, its data in `show_data()`:
    after a switch of language, `relabel()` calls both again, at once for the screen shown and when it
    comes back for a screen underneath. Key descriptions follow by themselves (`TranslatedKeys`).
    """

    BINDINGS = [Binding("escape", "back", N_("Back"))]
    HELP_TITLE = N_("Screen")  # a msgid: the help translates it, and marks the section of the screen shown

    app: LandscapeApp
    shown_lang: str = ""  # the language the screen was last drawn in

    def on_mount(self) -> None:
        self.shown_lang = get_lang()
        self.label()
        if self.app.data is not None:
            self.show_data(self.app.data)

    def label(self) -> None:
        """Set the texts that do not come from the map, in the current language."""

    def show_data(self, data: MapData) -> None:
        """Fill the screen from the map (called on mount, or when the map arrives)."""

    def relabel(self) -> None:
        """Draw the screen again in the current language."""
        self.shown_lang = get_lang()
        self.label()
        self.refresh_bindings()
        if self.app.data is not None:
            self.show_data(self.app.data)

    @on(events.ScreenResume)
    def _language_on_resume(self) -> None:
        if self.shown_lang and self.shown_lang != get_lang():
            self.relabel()

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys in the reader's language, those the footer shows fitting the screen's width."""
        return fit_footer(super().active_bindings, self.size.width or self.app.size.width, self.app.get_key_display)

    @on(events.Resize)
    def _fit_footer(self) -> None:
        self.refresh_bindings()

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        """A file stem and the JSON document of what the screen shows; None when nothing to export."""
        return None

    def action_back(self) -> None:
        self.app.go_back()

    def on_link_list_opened(self, event: LinkList.Opened) -> None:
        event.stop()
        self.app.open_link(event.link)
