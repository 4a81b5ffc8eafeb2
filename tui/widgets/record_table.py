"""A table of records: one row per record (row key = record id), a row cursor, vim keys, sort on demand.

Drawn line by line (Textual's line API): a row becomes one strip the first time it is on screen, so
opening a list costs the rows in view, not every cell of the table measured and rendered through
Rich one by one as DataTable does (on two cores that was most of a list's 0.5 to 1 s opening). It
keeps the part of DataTable's interface the dashboard uses: `add_column`, `add_row`, `clear`,
`rows`, `columns`, `get_row`, `get_row_at`, `get_row_index`, `move_cursor`, `cursor_row`,
`fixed_rows`, and the RowHighlighted, RowSelected and HeaderSelected messages.
Cells are Rich Text cut to their column's width (with an ellipsis) and never wrapped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.coordinate import Coordinate
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.widgets.data_table import CellKey, ColumnKey, RowKey

from landscape.i18n import N_

CELL_PADDING = 1  # a space on each side of a cell, as in DataTable


@dataclass
class Column:
    key: ColumnKey
    label: Text
    width: int

    @property
    def render_width(self) -> int:
        return self.width + 2 * CELL_PADDING


def as_text(value: Any) -> Text:
    if isinstance(value, Text):
        return value
    return Text("" if value is None else str(value), end="")


class RecordTable(ScrollView, can_focus=True):
    """Rows of records under a header, with fixed rows on top (counts), zebra stripes and a row cursor."""

    BINDINGS = [
        Binding("enter", "select_cursor", N_("Open"), show=False),
        Binding("up", "cursor_up", N_("Up"), show=False),
        Binding("down", "cursor_down", N_("Down"), show=False),
        Binding("j", "cursor_down", N_("Down"), show=False),
        Binding("k", "cursor_up", N_("Up"), show=False),
        Binding("pageup", "page_up", N_("Page up"), show=False),
        Binding("pagedown", "page_down", N_("Page down"), show=False),
        Binding("home,ctrl+home,g", "scroll_top", N_("Top"), show=False),
        Binding("end,ctrl+end,G", "scroll_bottom", N_("Bottom"), show=False),
        Binding("left", "scroll_left", N_("Left"), show=False),
        Binding("right", "scroll_right", N_("Right"), show=False),
    ]
    COMPONENT_CLASSES = {
        "record-table--header",
        "record-table--fixed",
        "record-table--even-row",
        "record-table--cursor",
    }
    DEFAULT_CSS = """
    RecordTable {
        background: $surface;
        color: $foreground;
        height: auto;
        max-height: 100%;
        &:focus {
            background-tint: $foreground 5%;
            & > .record-table--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .record-table--header {
                background-tint: $foreground 5%;
            }
        }
        &:dark > .record-table--even-row {
            background: $surface-darken-1 40%;
        }
        & > .record-table--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        & > .record-table--fixed {
            background: $secondary-muted;
            color: $foreground;
        }
        & > .record-table--even-row {
            background: $surface-lighten-1 50%;
        }
        & > .record-table--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    class _RowMessage(Message):
        def __init__(self, table: RecordTable, cursor_row: int, row_key: RowKey) -> None:
            super().__init__()
            self.data_table = table
            self.cursor_row = cursor_row
            self.row_key = row_key

        @property
        def control(self) -> RecordTable:
            return self.data_table

    class RowHighlighted(_RowMessage):
        """The cursor moved to another row."""

    class RowSelected(_RowMessage):
        """Enter, or a click on the cursor's row."""

    class HeaderSelected(Message):
        """A click on a column's heading."""

        def __init__(self, table: RecordTable, column_key: ColumnKey, column_index: int, label: Text) -> None:
            super().__init__()
            self.data_table = table
            self.column_key = column_key
            self.column_index = column_index
            self.label = label

        @property
        def control(self) -> RecordTable:
            return self.data_table

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.columns: dict[ColumnKey, Column] = {}
        self.rows: dict[RowKey, list[Text]] = {}
        self._keys: list[RowKey] = []
        self._index: dict[RowKey, int] = {}
        self._strips: dict[int, Strip] = {}  # row index (-1: the header) -> its cells drawn, without row style
        self._row_styles: dict[str, Style] = {}
        self._width = 0  # of a row, in cells
        self._size_stale = False
        self.fixed_rows = 0
        self.cursor_row = 0

    # --- content -------------------------------------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._keys)

    @property
    def ordered_columns(self) -> list[Column]:
        return list(self.columns.values())

    def clear(self, columns: bool = False) -> RecordTable:
        """Remove every row (and column); the cursor goes back to the top."""
        self.rows.clear()
        self._keys.clear()
        self._index.clear()
        if columns:
            self.columns.clear()
        self.cursor_row = 0
        self._changed()
        self._sync_size()
        self.scroll_to(0, 0, animate=False, immediate=True)
        return self

    def add_column(self, label: Any, *, width: int | None = None, key: str | None = None) -> ColumnKey:
        column_key = ColumnKey(key)
        label = as_text(label)
        self.columns[column_key] = Column(column_key, label, label.cell_len if width is None else width)
        self._changed()
        return column_key

    def add_row(self, *cells: Any, key: str | None = None) -> RowKey:
        row_key = RowKey(key)
        self._index[row_key] = len(self._keys)
        self._keys.append(row_key)
        self.rows[row_key] = [as_text(cell) for cell in cells]
        self._changed()
        return row_key

    def _changed(self) -> None:
        """Rows or columns changed: draw again, and size the scrolling area once the batch is in."""
        self._strips.clear()
        if not self._size_stale:
            self._size_stale = True
            self.call_later(self._sync_size)
            self.refresh()

    def _sync_size(self) -> None:
        if self._size_stale:
            self._size_stale = False
            self._width = sum(c.render_width for c in self.columns.values())
            self.virtual_size = Size(self._width, 1 + len(self._keys))

    def get_row(self, row_key: RowKey | str) -> list[Text]:
        return self.rows[row_key if isinstance(row_key, RowKey) else RowKey(row_key)]

    def get_row_at(self, row_index: int) -> list[Text]:
        return self.rows[self._keys[row_index]]

    def get_row_index(self, row_key: RowKey | str) -> int:
        return self._index[row_key if isinstance(row_key, RowKey) else RowKey(row_key)]

    def coordinate_to_cell_key(self, coordinate: Coordinate | tuple[int, int]) -> CellKey:
        row, column = coordinate
        return CellKey(self._keys[row], self.ordered_columns[column].key)

    @property
    def cursor_coordinate(self) -> Coordinate:
        return Coordinate(self.cursor_row, 0)

    @property
    def current_id(self) -> str | None:
        if not 0 <= self.cursor_row < len(self._keys):
            return None
        return self._keys[self.cursor_row].value

    # --- cursor --------------------------------------------------------------------------------
    def move_cursor(self, *, row: int | None = None, column: int | None = None, animate: bool = False,
                    scroll: bool = True) -> None:
        """Put the cursor on `row` (kept within the rows); `column` is accepted for DataTable's sake."""
        if row is None or not self._keys:
            return
        row = max(0, min(row, len(self._keys) - 1))
        moved = row != self.cursor_row
        self.cursor_row = row
        self.refresh()
        if scroll:
            self._scroll_to_cursor()
        if moved:
            self.post_message(self.RowHighlighted(self, row, self._keys[row]))

    def _scroll_to_cursor(self) -> None:
        self._sync_size()
        if self.cursor_row < self.fixed_rows:
            return
        body = self.scrollable_content_region.height - 1 - self.fixed_rows  # rows that scroll into view
        if body <= 0:
            if not self.size:  # not laid out yet: once it is
                self.call_after_refresh(self._scroll_to_cursor)
            return
        top = self.cursor_row - self.fixed_rows
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top >= self.scroll_y + body:
            self.scroll_to(y=top - body + 1, animate=False, immediate=True)

    def action_cursor_up(self) -> None:
        self.move_cursor(row=self.cursor_row - 1)

    def action_cursor_down(self) -> None:
        self.move_cursor(row=self.cursor_row + 1)

    def action_page_up(self) -> None:
        self.move_cursor(row=self.cursor_row - max(1, self.scrollable_content_region.height - 1 - self.fixed_rows))

    def action_page_down(self) -> None:
        self.move_cursor(row=self.cursor_row + max(1, self.scrollable_content_region.height - 1 - self.fixed_rows))

    def action_scroll_top(self) -> None:
        self.move_cursor(row=0)
        self.scroll_to(y=0, animate=False)

    def action_scroll_bottom(self) -> None:
        self.move_cursor(row=len(self._keys) - 1)

    def action_select_cursor(self) -> None:
        if 0 <= self.cursor_row < len(self._keys):
            self.post_message(self.RowSelected(self, self.cursor_row, self._keys[self.cursor_row]))

    def on_click(self, event: events.Click) -> None:
        """A heading sorts; a row takes the cursor, and a click on the cursor's row opens it."""
        x, y = event.x + int(self.scroll_x), event.y
        index = self._row_at(y)
        if y == 0:
            edge = 0
            for i, column in enumerate(self.columns.values()):
                edge += column.render_width
                if x < edge:
                    self.post_message(self.HeaderSelected(self, column.key, i, column.label))
                    break
        elif index is not None and index < len(self._keys):
            already = index == self.cursor_row
            self.move_cursor(row=index)
            if already:
                self.action_select_cursor()
        event.stop()

    def _row_at(self, y: int) -> int | None:
        """The row drawn on line `y` of the widget (None: the header)."""
        if y < 1:
            return None
        if y <= self.fixed_rows:
            return y - 1
        return self.fixed_rows + (y - 1 - self.fixed_rows) + int(self.scroll_y)

    # --- drawing -------------------------------------------------------------------------------
    def _cells_strip(self, index: int) -> Strip:
        """Row `index` (-1: the header) as one strip: each cell cut or padded to its column."""
        strip = self._strips.get(index)
        if strip is None:
            cells = [c.label for c in self.columns.values()] if index < 0 else self.rows[self._keys[index]]
            line = Text(end="", no_wrap=True)
            pad = " " * CELL_PADDING
            for column, cell in zip(self.columns.values(), cells):
                width = column.width
                if cell.cell_len > width or "\n" in cell.plain:
                    cell = cell.split("\n")[0] if "\n" in cell.plain else cell.copy()
                    cell.truncate(width, overflow="ellipsis")
                room = width - cell.cell_len
                left = room if cell.justify == "right" else room // 2 if cell.justify == "center" else 0
                line.append(pad + " " * left)
                line.append_text(cell)
                line.append(" " * (room - left) + pad)
            strip = Strip(list(line.render(self.app.console)), line.cell_len)
            self._strips[index] = strip
        return strip

    def _style(self, name: str) -> Style:
        style = self._row_styles.get(name)
        if style is None:
            style = self._row_styles[name] = self.get_component_rich_style(name, partial=True)
        return style

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = self._row_at(y)
        if index is None:
            row_style = base + self._style("record-table--header")
        elif index >= len(self._keys):
            return Strip.blank(width, base)
        elif index < self.fixed_rows:
            row_style = base + self._style("record-table--fixed")
        elif index % 2:
            row_style = base + self._style("record-table--even-row")
        else:
            row_style = base
        cursor = index is not None and index == self.cursor_row
        strip = self._cells_strip(-1 if index is None else index)
        x = int(self.scroll_x)
        segments = Segment.apply_style(strip.crop(x, x + width), row_style,
                                       self._style("record-table--cursor") if cursor else None)
        return Strip(segments).extend_cell_length(width, row_style).crop(0, width)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._row_styles.clear()  # focus changes the cursor's colours, a theme all of them (cells keep theirs)
