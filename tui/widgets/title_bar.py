"""The screen's title line, drawn by one widget.

Textual's `Header` is four widgets (icon, title, clock space and itself), and every screen has one;
`TitleBar` draws the same line — the palette's icon at the left, "title — sub-title" centred — by
itself. A click on the icon opens the command palette, as on `Header`.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8  # Header's icon column
RIGHT_WIDTH = 10  # the room Header keeps for its clock


class TitleBar(Widget):
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._retitle, init=False)
            self.watch(owner, "sub_title", self._retitle, init=False)

    def _retitle(self) -> None:
        self.refresh()

    def title_text(self) -> Text:
        """"title — sub-title", the sub-title dim; the screen's own, else the app's."""
        screen = self.screen
        title = screen.title if screen.title is not None else self.app.title
        sub_title = screen.sub_title if screen.sub_title is not None else self.app.sub_title
        text = Text(title or "", end="")
        if sub_title:
            text.append(" — ", style="dim")
            text.append(sub_title, style="dim")
        return text

    def render(self) -> Text:
        width = self.size.width
        room = max(0, width - ICON_WIDTH - RIGHT_WIDTH)
        title = self.title_text()
        if title.cell_len > room:
            title.truncate(max(0, room - 1))
            if room:
                title.append("…")
        left = (room - title.cell_len) // 2
        line = Text(f" {ICON}".ljust(ICON_WIDTH) + " " * left, end="", no_wrap=True)
        line.append_text(title)
        line.append(" " * max(0, width - line.cell_len))
        return line

    async def _on_click(self, event: events.Click) -> None:
        if event.x < ICON_WIDTH:
            event.stop()
            await self.run_action("app.command_palette")
