"""The power–interest (Mendelow) grid: 5x5 cells of actors, the four quadrants named on its borders.

Arrow keys move between cells, j/k between the actors of a cell, Enter opens the selected actor.
Cells and labels are sized to the space the widget gets: crowded cells end with "+N more", and the
selected cell scrolls its labels so that the selected actor is always shown.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widget import Widget

from landscape.analysis.positioning import HIGH, KEEP_INFORMED, KEEP_SATISFIED, MANAGE_CLOSELY, MONITOR, SCORES, quadrant
from landscape.i18n import N_, _
from landscape.text import printable

GUTTER = 4
MAX_CELL_WIDTH = 24
MAX_CELL_HEIGHT = 6

Cell = tuple[int, int]  # (influence, interest)
QUADRANT_LABELS = {MANAGE_CLOSELY: N_("manage closely"), KEEP_SATISFIED: N_("keep satisfied"),
                   KEEP_INFORMED: N_("keep informed"), MONITOR: N_("monitor")}
TEXT = {"more": N_("+{n} more"), "influence_axis": N_("inf↑"), "interest_axis": N_("int→")}


def quadrant_label(name: str) -> str:
    """A quadrant's name as read (`landscape.analysis.positioning` names them in English, as identifiers)."""
    return _(QUADRANT_LABELS[name]) if name in QUADRANT_LABELS else name


def cut(text: str, width: int) -> str:
    text = printable(text)
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


# Long shared prefixes make crowded cells unreadable ("Conseil départemental d…"): say them short.
PREFIXES = (("conseil départemental ", "CD "), ("département ", "Dép. "), ("agence nationale ", "Ag. nat. "),
            ("caisse nationale ", "Caisse nat. "), ("secrétariat d'état ", "SE "), ("fédération ", "Féd. "))
ARTICLES = ("de la ", "de l'", "des ", "du ", "de ", "d'")


def compact_label(entry: dict[str, Any], width: int = 99) -> str:
    """A label for a cell `width` wide: the name if it fits, else prefixes shortened, a person's first
    names as initials, or the short label (an alias) with the same treatment."""
    for label in (entry["name"], entry["label"]):
        if len(label) <= width:
            return label
        short = _compact(label, entry.get("kind"))
        if len(short) <= width:
            return short
    shorts = [_compact(label, entry.get("kind")) for label in (entry["name"], entry["label"])
              if not label.endswith("…")]  # a label already cut would be cut twice
    return min(shorts, key=len) if shorts else entry["label"]


def _compact(label: str, kind: str | None) -> str:
    folded = label.casefold()
    for prefix, short in PREFIXES:
        if folded.startswith(prefix):
            rest = label[len(prefix):]
            for article in ARTICLES:
                if rest.casefold().startswith(article):
                    rest = rest[len(article):]
                    break
            return short + rest
    if kind == "person" and " " in label:
        first, _, last = label.partition(" ")
        return f"{first[0]}. {last}"
    return label


class PowerGrid(Widget, can_focus=True):
    """Actors placed by curated influence (rows, 5 at the top) and interest (columns, 5 on the right)."""

    DEFAULT_CSS = """
    PowerGrid { height: 1fr; width: 1fr; }
    PowerGrid > .power-grid--border { color: $foreground 45%; }
    PowerGrid > .power-grid--quadrant { color: $text-accent; text-style: bold; }
    PowerGrid > .power-grid--cursor { background: $accent 25%; }
    PowerGrid:focus > .power-grid--cursor { background: $accent 45%; }
    PowerGrid > .power-grid--selected { background: $accent; color: $text; text-style: bold; }
    PowerGrid > .power-grid--focal { color: $warning; text-style: bold; }
    PowerGrid > .power-grid--more { color: $text-muted; text-style: italic; }
    PowerGrid > .power-grid--alt { background: $boost; }
    """
    COMPONENT_CLASSES = {"power-grid--border", "power-grid--quadrant", "power-grid--cursor", "power-grid--selected",
                         "power-grid--focal", "power-grid--more", "power-grid--alt"}
    BINDINGS = [
        Binding("up", "move(1,0)", N_("Up"), show=False),
        Binding("down", "move(-1,0)", N_("Down"), show=False),
        Binding("left", "move(0,-1)", N_("Left"), show=False),
        Binding("right", "move(0,1)", N_("Right"), show=False),
        Binding("j", "step(1)", N_("Next actor in the cell"), show=False),
        Binding("k", "step(-1)", N_("Previous actor in the cell"), show=False),
        Binding("enter", "open", N_("Open actor"), show=False),
    ]

    class Selected(Message):
        """The selection moved: to an actor (`entry`) or to an empty cell (`entry` None)."""

        def __init__(self, cell: Cell, entry: dict[str, Any] | None, index: int, count: int) -> None:
            super().__init__()
            self.cell, self.entry, self.index, self.count = cell, entry, index, count

    class Opened(Message):
        """Enter or a second click on an actor."""

        def __init__(self, actor_id: str) -> None:
            super().__init__()
            self.actor_id = actor_id

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.cells: dict[Cell, list[dict[str, Any]]] = {(i, j): [] for i in SCORES for j in SCORES}
        self.cell = (HIGH, HIGH)
        self.index = 0
        self._rows: list[tuple[Cell, int] | None] = []  # what each drawn line shows (cell row, label line)

    # --- data and selection -------------------------------------------------------------------
    def set_entries(self, entries: list[dict[str, Any]], *, select: str | None = None) -> None:
        """Place the rated entries (actor_entry dicts); keep the selected actor if still there, else `select`."""
        keep = self.selected_entry["id"] if self.selected_entry else None
        self.cells = {(i, j): [] for i in SCORES for j in SCORES}
        for e in entries:
            if e["influence"] is not None and e["interest"] is not None:
                self.cells[(e["influence"], e["interest"])].append(e)
        for members in self.cells.values():
            members.sort(key=lambda e: (not e["focal"], e["name"].casefold(), e["id"]))
        if not (select and self.select_actor(select, notify=False)) and not (keep and self.select_actor(keep, notify=False)):
            focal = next((e["id"] for e in entries if e["focal"] and e["influence"] is not None), None)
            if not (focal and self.select_actor(focal, notify=False)):
                self.index = 0
        self._changed()

    def select_actor(self, actor_id: str, *, notify: bool = True) -> bool:
        for cell, members in self.cells.items():
            for i, e in enumerate(members):
                if e["id"] == actor_id:
                    self.cell, self.index = cell, i
                    if notify:
                        self._changed()
                    return True
        return False

    @property
    def members(self) -> list[dict[str, Any]]:
        return self.cells[self.cell]

    @property
    def selected_entry(self) -> dict[str, Any] | None:
        members = self.members
        return members[self.index] if 0 <= self.index < len(members) else None

    def _changed(self) -> None:
        members = self.members
        self.index = max(0, min(self.index, len(members) - 1))
        self.refresh()
        self.post_selected()

    def post_selected(self) -> None:
        """Say which cell and actor are selected (again)."""
        self.post_message(self.Selected(self.cell, self.selected_entry, self.index, len(self.members)))

    def action_move(self, d_influence: int, d_interest: int) -> None:
        influence, interest = self.cell
        new = (min(5, max(1, influence + d_influence)), min(5, max(1, interest + d_interest)))
        if new != self.cell:
            self.cell, self.index = new, 0
            self._changed()

    def action_step(self, step: int) -> None:
        if self.members:
            self.index = (self.index + step) % len(self.members)
            self._changed()

    def action_open(self) -> None:
        entry = self.selected_entry
        if entry is not None:
            self.post_message(self.Opened(entry["id"]))

    # --- geometry -----------------------------------------------------------------------------
    def layout_for(self, width: int, height: int) -> tuple[int, int, bool]:
        """Cell width, cell height (label lines) and whether thin rules separate every row."""
        cell_width = max(6, min(MAX_CELL_WIDTH, (width - GUTTER - 1) // 5 - 1))
        for lines in range(MAX_CELL_HEIGHT, 0, -1):
            if 5 * lines + 7 <= height:
                return cell_width, lines, True
            if 5 * lines + 4 <= height:
                return cell_width, lines, False
        return cell_width, 1, False

    def grid_width(self, width: int) -> int:
        cell_width, _, _ = self.layout_for(width, 99)
        return GUTTER + 1 + 5 * (cell_width + 1)

    def labels(self, cell: Cell, lines: int, width: int) -> list[tuple[str, str]]:
        """The lines of one cell as (text, role) where role is actor id, "more" or ""."""
        members = self.cells[cell]
        chosen = cell == self.cell
        if not members:
            return []
        if len(members) <= lines:
            window = list(range(len(members)))
        elif lines == 1:
            i = self.index if chosen else 0
            suffix = f" +{len(members) - 1}"
            return [(cut(self._label_of(members[i], width - len(suffix)), width - len(suffix)) + suffix, members[i]["id"])]
        else:
            start = max(0, self.index - (lines - 2)) if chosen else 0
            window = list(range(start, start + lines - 1))
        out = [(cut(self._label_of(members[i], width), width), members[i]["id"]) for i in window]
        if len(window) < len(members):
            out.append((cut(_(TEXT["more"]).format(n=len(members) - len(window)), width), "more"))
        return out

    @staticmethod
    def _label_of(entry: dict[str, Any], width: int) -> str:
        mark = ("*" if entry["focal"] else "") + ("°" if entry.get("own") else "")
        return mark + compact_label(entry, width - len(mark))

    # --- drawing ------------------------------------------------------------------------------
    def render(self) -> Text:
        cw, lines, thin = self.layout_for(self.size.width, self.size.height)
        style = self.get_component_rich_style
        border, quad = style("power-grid--border"), style("power-grid--quadrant")
        cursor, selected = style("power-grid--cursor"), style("power-grid--selected")
        focal, more, alt = style("power-grid--focal"), style("power-grid--more"), style("power-grid--alt")
        low_cols = HIGH - 1  # interest 1..3 are low
        chosen = self.selected_entry["id"] if self.selected_entry else None
        out: list[Text] = []
        self._rows = []

        def edge(left: str, mid_thin: str, mid_heavy: str, right: str, fill: str,
                 names: tuple[str, str] = ("", "")) -> Text:
            chars: list[str] = []
            for j in SCORES:
                chars.append(left if j == 1 else (mid_heavy if j == HIGH else mid_thin))
                chars.extend(fill * cw)
            chars.append(right)
            spans = []
            for name, first, last in ((names[0], 1, low_cols), (names[1], HIGH, 5)):
                if not name:
                    continue
                start, end = (first - 1) * (cw + 1) + 1, last * (cw + 1)  # the columns' span, inner joints too
                chars[start:end] = fill * (end - start)
                room = end - start - 1  # the label and a space each side
                label = f" {cut(quadrant_label(name), room - 2)} " if room >= 4 else ""
                chars[start + 1:start + 1 + len(label)] = label
                spans.append((start + 2, start + len(label)))
            line = Text("".join(chars), style=border, end="")
            for a, b in spans:
                line.stylize(quad, a, b)
            return line

        top = Text(_(TEXT["influence_axis"])[:GUTTER].ljust(GUTTER), style=border, end="")
        top.append_text(edge("┌", "┬", "╥", "┐", "─", (KEEP_SATISFIED, MANAGE_CLOSELY)))
        out.append(top)
        self._rows.append(None)
        for influence in reversed(SCORES):
            texts = {j: self.labels((influence, j), lines, cw) for j in SCORES}
            row_style = alt if (not thin and influence % 2 == 0) else Style()
            for k in range(lines):
                line = Text(f" {influence}  " if k == (lines - 1) // 2 else " " * GUTTER, style=border, end="")
                for j in SCORES:
                    line.append("║" if j == HIGH else "│", border)
                    cell = (influence, j)
                    base = row_style + (cursor if cell == self.cell else Style())
                    text, role = texts[j][k] if k < len(texts[j]) else ("", "")
                    piece = Style()
                    if role == "more":
                        piece = more
                    elif role and role == chosen and cell == self.cell:
                        piece = selected
                    elif text.startswith("*"):
                        piece = focal
                    line.append(text.ljust(cw)[:cw], base + piece)
                line.append("│", border)
                out.append(line)
                self._rows.append(((influence, 0), k))
            if influence == 1:
                continue
            if influence == HIGH:
                line = Text(" " * GUTTER, end="")
                line.append_text(edge("╞", "╪", "╬", "╡", "═"))
                out.append(line)
                self._rows.append(None)
            elif thin:
                line = Text(" " * GUTTER, end="")
                line.append_text(edge("├", "┼", "╫", "┤", "─"))
                out.append(line)
                self._rows.append(None)
        bottom = Text(" " * GUTTER, end="")
        bottom.append_text(edge("└", "┴", "╨", "┘", "─", (MONITOR, KEEP_INFORMED)))
        out.append(bottom)
        axis = Text(_(TEXT["interest_axis"])[:GUTTER].ljust(GUTTER), style=border, end="")
        for j in SCORES:
            axis.append(" " + str(j).center(cw), border)
        out.append(axis)
        return Text("\n", end="").join(out)

    # --- mouse --------------------------------------------------------------------------------
    def on_click(self, event: events.Click) -> None:
        cw, lines, _ = self.layout_for(self.size.width, self.size.height)
        if not 0 <= event.y < len(self._rows) or self._rows[event.y] is None or event.x < GUTTER + 1:
            return
        (influence, _), k = self._rows[event.y]
        interest = (event.x - GUTTER - 1) // (cw + 1) + 1
        if interest not in SCORES:
            return
        cell = (influence, interest)
        labels = self.labels(cell, lines, cw)
        role = labels[k][1] if k < len(labels) else ""
        previous = self.selected_entry["id"] if self.selected_entry else None
        previous_cell, self.cell = self.cell, cell
        if role and role != "more":
            self.index = next(i for i, e in enumerate(self.cells[cell]) if e["id"] == role)
            if role == previous and self.has_focus:
                self.post_message(self.Opened(role))
        elif cell != previous_cell:
            self.index = 0
        self.focus()
        self._changed()

    def on_resize(self) -> None:
        self.refresh()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def describe_cell(self) -> tuple[str, int, int]:
        influence, interest = self.cell
        return quadrant(influence, interest), influence, interest
