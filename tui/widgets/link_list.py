"""A scrollable list of text lines where some lines are links to records (Enter or click opens)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len
from rich.console import RenderableType
from rich.text import Text
from textual import _widget_navigation as navigation
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from landscape.i18n import N_

from ..format import plain


@dataclass(frozen=True)
class Link:
    """Where a line leads: a record (kind, id) or an action of the screen."""

    kind: str
    id: str

    def key(self) -> str:
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, key: str) -> Link:
        kind, _, rid = key.partition(":")
        return cls(kind, rid)


class LinkList(OptionList):
    """Lines of text; lines made with `link()` can be highlighted and opened, the others are read-only."""

    BINDINGS = [
        Binding("j", "cursor_down", N_("Down"), show=False),
        Binding("k", "cursor_up", N_("Up"), show=False),
    ]

    class Opened(Message):
        """A link was chosen."""

        def __init__(self, link_list: LinkList, link: Link) -> None:
            super().__init__()
            self.link_list = link_list
            self.link = link

        @property
        def control(self) -> LinkList:
            return self.link_list

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, markup=False)
        self._serial = 0
        self._lines_width: int | None = None  # the width the options were laid out for

    def _update_lines(self) -> None:
        if self.scrollable_content_region:
            self._lines_width = self.scrollable_content_region.width
            self._measure_plain_lines()
        super()._update_lines()

    def _measure_plain_lines(self) -> None:
        """Lay out the options that are text already cut to the list's width (the screens wrap their lines
        themselves) by counting their lines: OptionList measures each option by drawing it, which took most
        of the timeline's first frame. Other options are left to OptionList, which goes on after these."""
        cache = self._line_cache
        lines = cache.lines
        start = lines[-1][0] + 1 if lines else 0
        padding = self.get_component_styles("option-list--option").padding
        room = self.scrollable_content_region.width - self._get_left_gutter_width() - padding.width
        for index in range(start, len(self.options)):
            option = self.options[index]
            prompt = option.prompt
            if not isinstance(prompt, Text) or prompt.plain.endswith("\n"):
                return
            rows = prompt.plain.split("\n")
            if any(cell_len(row) > room for row in rows):
                return
            height = len(rows) + option._divider
            cache.index_to_line[index] = len(lines)
            cache.heights[index] = height
            lines.extend((index, row) for row in range(height))

    def _on_resize(self, event: events.Resize) -> None:
        """OptionList forgets how every option is drawn on each Resize; the first one arrives once the list
        was drawn at its size already (drawing it all again cost tens of ms): forget only for a new width."""
        if self.scrollable_content_region.width == self._lines_width:
            event.prevent_default()  # OptionList's own handler, next along the MRO, is skipped

    def show(self, lines: list[Option | None], *, keep_top: bool = False) -> None:
        """Replace the lines, keeping the highlight on the first link.

        With `keep_top` (a record's page), the page opens at its top: when the first link lies below the
        first screenful, nothing is highlighted until ↓ reaches it, rather than scrolling the title away.
        """
        self.clear_options()
        self.add_options(lines)
        first = next((i for i, o in enumerate(self.options) if not o.disabled), None)
        if keep_top and first is not None and self.scrollable_content_region and self._below_the_fold(first):
            first = None  # laid out already: known at once
        self.highlighted = first
        self.scroll_home(animate=False)
        if keep_top and first is not None and not self.scrollable_content_region:
            self.call_after_refresh(self._keep_top, first)

    def watch_show_vertical_scrollbar(self, shown: bool) -> None:
        """The lines' heights were measured at another width: measure again, or a long line loses its end."""
        self._clear_caches()

    def _below_the_fold(self, index: int) -> bool:
        """Whether option `index` ends below the first screenful (highlighting it would scroll)."""
        return self._index_to_line[index] + self._heights[index] > self.scrollable_content_region.height

    def _keep_top(self, first: int) -> None:
        if self.highlighted == first and self.scroll_y > 0:  # highlighting the link scrolled the top away
            self.highlighted = None
            self.scroll_home(animate=False)

    def action_cursor_down(self) -> None:
        """The next link; past the last one, scroll on, so that every line can be read from the keyboard."""
        if (self.highlighted is not None and self.scroll_y < self.max_scroll_y
                and navigation.find_next_enabled_no_wrap(self.options, self.highlighted, 1) is None):
            self.scroll_down(animate=False, immediate=True)
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        """The previous link; above the first one (or with none highlighted), scroll back to the top."""
        if self.scroll_y > 0 and (self.highlighted is None or navigation.find_next_enabled_no_wrap(
                self.options, self.highlighted, -1) is None):
            self.scroll_up(animate=False, immediate=True)
        else:
            super().action_cursor_up()

    def line(self, content: RenderableType) -> Option:
        """A read-only line (a string is shown literally)."""
        self._serial += 1
        return Option(plain(content) if isinstance(content, str) else content, id=f"_{self._serial}",
                      disabled=True)

    def link(self, content: RenderableType, link: Link) -> Option:
        """A line that opens `link`; several lines may lead to the same record."""
        self._serial += 1
        return Option(content, id=f"{link.key()}#{self._serial}")

    def heading(self, title: str, count: int | None = None) -> Option:
        """A section's title (in the reader's language: the caller translates it), and how many lines follow."""
        text = Text(f" {title} ", style="bold reverse", end="")
        if count is not None:
            text.append(f" {count}", style="dim")
        return self.line(text)

    @property
    def current_link(self) -> Link | None:
        option = self.highlighted_option
        if option is None or option.disabled or option.id is None or option.id.startswith("_"):
            return None
        return Link.parse(option.id.rsplit("#", 1)[0])

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        link = self.current_link
        if link is not None:
            self.post_message(self.Opened(self, link))
