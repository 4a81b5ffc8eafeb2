"""What every screen of the dashboard shares: back, data arrival, opening links, export, language."""

from __future__ import annotations

import sys
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.binding import ActiveBinding, Binding
from textual.screen import Screen
from textual.widget import Widget

from landscape.store import cache

from landscape.i18n import N_, get_lang

from ..groups import fit_footer
from ..language import TranslatedKeys
from ..widgets.link_list import LinkList

if TYPE_CHECKING:
    from landscape.dataset import MapData

    from ..app import LandscapeApp


LOADING_AFTER = 0.2
"""Seconds a widget waits for content computed off the UI thread before it shows a loading indicator:
most results come sooner and show without the indicator flashing first (nor its cost: a widget mounted,
animated and removed while the screen opens)."""


def measures_ready(data: MapData) -> bool:
    """Whether the graph measures of `data` are computed already (the app does it once the map is loaded).

    Then a screen built on them is filled at once, in a few milliseconds on the UI thread, rather than
    drawn first without its content and again with it once a worker hands it over.
    """
    influence = sys.modules.get("landscape.analysis.influence")  # not imported yet: not computed either
    return influence is not None and cache.is_cached(influence.measure, data)


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
    _filled_on_mount = False
    _resumed = False
    _resized = False

    def on_mount(self) -> None:
        # Textual calls the on_mount of each class along the MRO, and screens call this one through
        # super() too: without this guard every screen was filled twice as it opened.
        if self._filled_on_mount:
            return
        self._filled_on_mount = True
        self.shown_lang = get_lang()
        self.label()
        if self.app.data is not None:
            self.show_data(self.app.data)

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Shown for the first time, its widgets were styled as they mounted a moment ago: Textual's own
        # handler, next along the MRO, would style them all again (tens of ms on a screen of many widgets).
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def _on_resize(self, event: events.Resize) -> None:
        # Opening, the screen was laid out for the terminal's size as it resumed; the Resize that follows
        # would have Textual's handler, next along the MRO, lay it all out again for the same size.
        if not self._resized:
            self._resized = True
            if event.size == self._size:
                event.prevent_default()

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

    def wait_for(self, widget: Widget) -> None:
        """`widget` waits for its content: a loading indicator shows if the wait lasts `LOADING_AFTER`."""
        token = object()
        self._waits[widget] = token
        self.set_timer(LOADING_AFTER, partial(self._still_waiting, widget, token))

    def _still_waiting(self, widget: Widget, token: object) -> None:
        if self._waits.get(widget) is token:
            widget.loading = True

    def done_waiting(self, widget: Widget) -> None:
        """`widget` has its content (or an error to show)."""
        self._waits.pop(widget, None)
        widget.loading = False

    @property
    def _waits(self) -> dict[Widget, object]:
        return self.__dict__.setdefault("_waiting", {})

    def ticket(self, group: str) -> int:
        """Number a read of `group` about to start off the UI thread: only the newest one's result is shown."""
        tickets = self.__dict__.setdefault("_tickets", {})
        tickets[group] = tickets.get(group, 0) + 1
        return tickets[group]

    def is_newest(self, group: str, ticket: int) -> bool:
        """Whether `ticket` is the newest of `group`: an older read finishing late is dropped, never shown."""
        return self.__dict__.get("_tickets", {}).get(group) == ticket

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        """A file stem and the JSON document of what the screen shows; None when nothing to export."""
        return None

    def action_back(self) -> None:
        self.app.go_back()

    def on_link_list_opened(self, event: LinkList.Opened) -> None:
        event.stop()
        self.app.open_link(event.link)
