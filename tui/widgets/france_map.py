"""A tile-grid map of France: one coloured cell per département, moved over with the arrow keys."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widget import Widget

from landscape.i18n import N_

from ..format import STATUS_COLOURS
from .france_grid import AT, CELLS, COLUMNS, OVERSEAS_ROW


def label_ink(colour: str) -> str:
    """Black on bright cells, white on dark ones."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 150 else "#ffffff"


class FranceMap(Widget, can_focus=True):
    """Cells sized to the space available; the selected cell is outlined with brackets."""

    DEFAULT_CSS = """
    FranceMap { width: auto; height: auto; }
    """
    BINDINGS = [
        Binding("up,k", "move(0,-1)", N_("Up"), show=False),
        Binding("down,j", "move(0,1)", N_("Down"), show=False),
        Binding("left", "move(-1,0)", N_("Left"), show=False),
        Binding("right", "move(1,0)", N_("Right"), show=False),
        Binding("enter", "open", N_("Open"), show=False),
    ]

    selected: reactive[str] = reactive("75")

    class Selected(Message):
        """The cursor moved to a département."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    class Opened(Message):
        """Enter or a click on a département."""

        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.statuses: dict[str, str] = {}
        self.colours: dict[str, str] | None = None  # when set, replaces the plan-status colours
        self.cell_width = 5
        self.cell_height = 1

    def set_statuses(self, statuses: dict[str, str]) -> None:
        self.statuses = statuses
        self.refresh()

    def set_colours(self, colours: dict[str, str] | None) -> None:
        """Colour each département as given (None: back to plan status)."""
        self.colours = colours
        self.refresh()

    def colour_of(self, code: str) -> str:
        if self.colours is not None:
            return self.colours.get(code, "#444444")
        return STATUS_COLOURS.get(self.statuses.get(code, ""), "#444444")

    def size_cells(self, width: int, height: int) -> None:
        """Pick the largest cells that fit `width` x `height` characters."""
        self.cell_width = max(4, min(9, width // COLUMNS))
        self.cell_height = 2 if height >= (OVERSEAS_ROW + 1) * 2 + 1 else 1
        self.refresh(layout=True)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return COLUMNS * self.cell_width

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return (OVERSEAS_ROW + 1) * self.cell_height

    def render_line(self, y: int) -> Strip:
        """Line `y` of the tiles, drawn as segments (through Text, the hundred styled cells of the map took
        tens of milliseconds each time it was drawn)."""
        w, h = self.cell_width, self.cell_height
        row, sub = divmod(y, h)
        width = COLUMNS * w
        base = self.rich_style  # the sea: the widget's own colours
        if row > OVERSEAS_ROW:
            return Strip.blank(width, base)
        segments = []
        for col in range(COLUMNS):
            code = AT.get((col, row))
            if code is None:
                segments.append(Segment(" " * w, base))
                continue
            colour = self.colour_of(code)
            ink = "#ffffff" if self.colours is None else label_ink(colour)
            chosen = code == self.selected
            label = code if sub == (h - 1) // 2 else ""
            if chosen:
                cell = ("[" + label.center(w - 2) + "]") if sub == (h - 1) // 2 else " " * w
                style = f"bold {ink} on {colour}" if not self.has_focus else f"bold reverse {colour}"
                segments.append(Segment(cell[:w], base + Style.parse(style)))
            else:
                cell = label.center(w - 1) + " "
                segments.append(Segment(cell[: w - 1], base + Style.parse(f"{ink} on {colour}")))
                segments.append(Segment(" ", base))
        return Strip(segments, width)

    def action_move(self, dx: int, dy: int) -> None:
        """Move to the nearest département in that direction."""
        x0, y0 = CELLS[self.selected]
        best: tuple[float, str] | None = None
        for code, (x, y) in CELLS.items():
            ahead = (x - x0) * dx + (y - y0) * dy
            if ahead <= 0:
                continue
            side = abs((x - x0) * dy) + abs((y - y0) * dx)
            distance = ahead + side * 2.5
            if best is None or distance < best[0]:
                best = (distance, code)
        if best is not None:
            self.selected = best[1]

    def watch_selected(self, code: str) -> None:
        self.post_message(self.Selected(code))

    def action_open(self) -> None:
        self.post_message(self.Opened(self.selected))

    def on_click(self, event: events.Click) -> None:
        code = AT.get((event.x // self.cell_width, event.y // self.cell_height))
        if code is None:
            return
        if code == self.selected and self.has_focus:
            self.post_message(self.Opened(code))
        self.selected = code
        self.focus()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()
