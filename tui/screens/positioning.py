"""Positioning: the roles matrix and the power–interest grid, on tabs, over the same filtered actors."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, Input, Static

from landscape.analysis.positioning import (KEEP_INFORMED, KEEP_SATISFIED, KIND_NAMES, LEVEL_MARKS, MANAGE_CLOSELY,
                                            MONITOR, ROLE_NAMES, grid, roles_matrix, with_assessments)
from landscape.dataset import MapData
from landscape.i18n import N_, _, colon, display_date, format_number, ngettext, text_of
from landscape.model.labels import label
from landscape.model.vocab import SECTORS

from ..format import plain, score
from ..widgets.dropdown import Dropdown
from ..widgets.footer import Footer
from ..widgets.power_grid import PowerGrid, quadrant_label
from ..widgets.record_table import RecordTable
from ..widgets.tab_bar import TabBar
from ..widgets.title_bar import TitleBar
from .base import BaseScreen

WIDE = 120
# Column headings, all ten in one message so that a translation keeps them apart (the legend under the
# table spells them out): three letters, and six at most for wide terminals, in the order of ROLE_NAMES.
ROLE_ABBR = N_("Pol Fnd Crd Fld Tls Exp Det PSO Adv Trn")
ROLE_WIDE = N_("policy funder coord field tools expert detect pubsvc advoc train")


def role_heading(role: str, wide: bool) -> str:
    headings = _(ROLE_WIDE if wide else ROLE_ABBR).split()
    heading = headings[ROLE_NAMES.index(role)] if len(headings) == len(ROLE_NAMES) else label("role", role)
    return heading[:6] if wide else heading[:3]


FOCAL_STYLE = "bold #ffb000"
COUNT_ROWS = ("_primary", "_secondary")


def role_line(roles: dict[str, str]) -> Text:
    """● primary and ○ secondary roles in words."""
    out = Text(end="")
    for i, (role, level) in enumerate(roles.items()):
        out.append("  " if i else "")
        out.append(f"{LEVEL_MARKS[level]} {label('role', role)}", style="bold" if level == "primary" else "")
    return out if roles else Text(_(TEXT["no_role"]), style="dim")


OWN_MARK = "°"
TEXT = {
    "own": N_("° your assessment"),
    "curated": N_("curated {influence}/{interest}"),
    "no_curated": N_("no curated scores"),
    "legend": N_("° your own assessment (the card shows the curated value beside it)."),
    "move_unrated": N_("Only a placed actor can be moved: this one has no scores yet."),
    "move_hint": N_("shift+arrows move it (your assessment)"),
    "no_role": N_("no role recorded"),
    "actor": N_("actor"),
    "scores": N_("influence {influence} · interest {interest}"),
    "influence": N_("influence"),
    "interest": N_("interest"),
    "unrated": N_("unrated"),
    "unrated_card": N_("unrated: no curated influence and interest"),
    "inf": N_("inf"),
    "int": N_("int"),
    "quadrant": N_("quadrant"),
    "scores_heading": N_("I/i"),
    "columns": N_("Columns: "),
    "marks": N_("● primary ○ secondary; Σ rows count the actors shown; I/i influence/interest; "),
    "no_match": N_("No actor matches these filters (0 clears them)."),
    "actor_keys": N_("Enter opens · v compare · C competitors"),
    "in_cell": N_("{index} of {count} here · j/k next"),
    "empty_cell": N_("No actor in this cell. ←↑↓→ move between cells."),
    "any_kind": N_("any kind"),
    "any_sector": N_("any sector"),
    "by_name": N_("filter by name…"),
    "matrix": N_("Roles matrix"),
    "grid": N_("Power–interest grid"),
    "title": N_("Positioning"),
    "title_matrix": N_("Positioning · roles matrix"),
    "title_grid": N_("Positioning · power–interest grid"),
}
QUADRANT_HINTS = {
    MANAGE_CLOSELY: N_("high influence, high interest: key players to involve and manage closely"),
    KEEP_SATISFIED: N_("high influence, low interest: powerful but not engaged; keep them satisfied"),
    KEEP_INFORMED: N_("low influence, high interest: engaged allies or rivals; keep them informed"),
    MONITOR: N_("low influence, low interest: watch with minimal effort"),
}
"""What each quadrant asks of a strategist (`landscape.analysis.positioning.QUADRANTS`, for translation)."""


def kind_line(entry: dict[str, Any]) -> str:
    """An actor's kind and sector, as read."""
    sector = f" · {label('sector', entry['sector'])}" if entry["sector"] else ""
    return label("actor_kind", entry["kind"]) + sector


def own_line(entry: dict[str, Any]) -> Text:
    """Which scores are the user's, why, and the curated ones beside them."""
    own = entry["own"]
    text = Text(_(TEXT["own"]), style="bold", end="")
    text.append(f" {display_date(own['date'])}{colon()} ", style="dim")
    text.append_text(plain(own["why"], "italic"))
    curated = entry.get("curated")
    text.append("  · ", style="dim")
    text.append(_(TEXT["curated"]).format(influence=curated[0], interest=curated[1]) if curated
                else _(TEXT["no_curated"]), style="dim")
    return text


def score_cell(entry: dict[str, Any], key: str) -> str:
    return f"{entry[key]}{OWN_MARK if entry.get('own') else ''}" if entry[key] is not None else "-"


def help_sections() -> list[tuple[str, list[Binding]]]:
    """The help screen's sections for the positioning views (titles match each screen's HELP_TITLE)."""
    from .competitors import CompetitorsScreen
    from .influence import InfluenceScreen
    from .side_by_side import CompareScreen

    actor_keys = [Binding("v", "", N_("Add the actor under the cursor to the comparison (again: take it out)")),
                  Binding("C", "", N_("Competitors of the actor under the cursor")),
                  Binding("enter", "", N_("Open the actor"))]
    return [
        (PositioningScreen.HELP_TITLE, PositioningScreen.BINDINGS + PowerGrid.BINDINGS[4:6] + [
            Binding("up,down,left,right", "", N_("Grid: move between cells")),
            Binding("tab", "", N_("Filters: kind, sector, name"))] + actor_keys),
        (InfluenceScreen.HELP_TITLE, InfluenceScreen.BINDINGS
         + [Binding("click", "", N_("Click a header to sort by it"))] + actor_keys),
        (CompareScreen.HELP_TITLE, CompareScreen.BINDINGS + [
            Binding("up,down,left,right", "", N_("Move between cells; Enter opens what the cell names"))]),
        (CompetitorsScreen.HELP_TITLE, CompetitorsScreen.BINDINGS + actor_keys),
    ]


def actor_card(entry: dict[str, Any], *, rationale: str | None = None) -> Text:
    """Name, kind, scores, quadrant, roles and `rationale` (the entry's, in the current language) of one entry."""
    text = Text(end="")
    if entry["focal"]:
        text.append("▶ ", style=FOCAL_STYLE)
    text.append_text(plain(entry["name"], FOCAL_STYLE if entry["focal"] else "bold"))
    text.append(f"  {kind_line(entry)}", style="dim")
    text.append("\n")
    if entry["quadrant"]:
        text.append(quadrant_label(entry["quadrant"]), style="bold")
        text.append(f"  {_(TEXT['influence'])} ")
        text.append_text(score(entry["influence"]))
        text.append(f" {entry['influence']}  {_(TEXT['interest'])} ")
        text.append_text(score(entry["interest"]))
        text.append(f" {entry['interest']}")
    else:
        text.append(_(TEXT["unrated_card"]), style="dim")
    if entry.get("own"):
        text.append("\n")
        text.append_text(own_line(entry))
    text.append("\n")
    text.append_text(role_line(entry["roles"]))
    if rationale:
        text.append("\n")
        text.append_text(plain(rationale, "italic"))
    return text


class PositioningScreen(BaseScreen):
    """Who plays which role (matrix) and whom to manage closely (grid); filters apply to both tabs."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), show=False),
        Binding("w", "switch_tab", N_("Grid"), tooltip=N_("Switch between the roles matrix and the grid")),
        Binding("f", "focus_filters", N_("Filter")),
        Binding("0", "clear_filters", N_("Clear filters"), show=False),
        Binding("enter", "open", N_("Open"), show=False),
        Binding("shift+up", "assess_move(1,0)", N_("Grid: more influence (your assessment)"), show=False),
        Binding("shift+down", "assess_move(-1,0)", N_("Grid: less influence (your assessment)"), show=False),
        Binding("shift+right", "assess_move(0,1)", N_("Grid: more interest (your assessment)"), show=False),
        Binding("shift+left", "assess_move(0,-1)", N_("Grid: less interest (your assessment)"), show=False),
    ]
    HELP_TITLE = N_("Positioning")

    def __init__(self) -> None:
        super().__init__(id="positioning")
        self.matrix: dict[str, Any] | None = None
        self.entries: dict[str, dict[str, Any]] = {}
        self.focal: str | None = None
        self._filled_width: int | None = None
        self.AUTO_FOCUS = "#roles"  # focused as it mounts: a focus moved after the first frame draws it twice
        self._described: str | None = None  # the row the card below the matrix is about
        self._grid_info_due = False  # the grid's panel to write once the grid is shown
        self.grid = PowerGrid(id="power")  # filled from the first fill on, mounted when the grid is first shown
        self._grid_asked = False

    @property
    def _width(self) -> int:
        """The screen's width; before its first layout, the app's (a screen fills the app)."""
        return self.size.width or self.app.size.width

    def compose(self) -> ComposeResult:
        self.set_class(self._width >= WIDE, "-wide")  # before the widgets are styled, not after
        yield TitleBar()
        with Horizontal(classes="filters"):
            yield Dropdown(id="pos-kind")  # prompts and options: `label()`
            yield Dropdown(id="pos-sector")
            yield Input(id="pos-text", compact=True)
            yield Static("", id="count", markup=False)
        yield TabBar([("tab-matrix", _(TEXT["matrix"])), ("tab-grid", _(TEXT["grid"]))], id="pos-tab-bar")
        with ContentSwitcher(initial="tab-matrix", id="pos-tabs"):
            with Vertical(id="tab-matrix"):
                yield RecordTable(id="roles")
                yield Static("", id="matrix-info", markup=False)
            yield Vertical(id="tab-grid")  # the grid is mounted when first shown (`_grid_shown`)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        table = self.query_one("#roles", RecordTable)
        table.fixed_rows = len(COUNT_ROWS)
        table.loading = self.app.data is None
        super().on_mount()
        table.focus()

    def label(self) -> None:
        """The texts that do not come from the map, in the current language (again after a switch)."""
        self.query_one("#pos-kind", Dropdown).relabel(_(TEXT["any_kind"]),
                                                      [(Text(label("actor_kind", k)), k) for k in KIND_NAMES])
        self.query_one("#pos-sector", Dropdown).relabel(_(TEXT["any_sector"]),
                                                        [(Text(label("sector", s)), s) for s in SECTORS])
        self.query_one("#pos-text", Input).placeholder = _(TEXT["by_name"])
        bar = self.query_one(TabBar)
        bar.set_label("tab-matrix", _(TEXT["matrix"]))
        bar.set_label("tab-grid", _(TEXT["grid"]))
        self._tab_activated()

    def on_resize(self) -> None:
        self.set_class(self._width >= WIDE, "-wide")
        if self._width != self._filled_width:  # the first Resize comes right after the first fill
            self.refill()

    # --- data -----------------------------------------------------------------------------------
    def show_data(self, data: MapData) -> None:
        self.query_one("#roles", RecordTable).loading = False
        self.refill()

    def refresh_focal(self) -> None:
        """The focal actor changed (palette or setting): highlight the new one."""
        self.refill(select_focal=True)

    def on_screen_resume(self) -> None:
        if self.matrix is not None and self.focal != self.app.focal_actor_id():  # not filled yet: show_data will
            self.refresh_focal()

    def filters(self) -> dict[str, Any]:
        kind = self.query_one("#pos-kind", Dropdown).value
        sector = self.query_one("#pos-sector", Dropdown).value
        text = self.query_one("#pos-text", Input).value.strip()
        return {"kinds": [] if kind is Dropdown.NULL else [kind], "sector": None if sector is Dropdown.NULL else sector,
                "text": text or None}

    def refill(self, *, select_focal: bool = False) -> None:
        data = self.app.data
        if data is None or not self.is_attached:  # on mount too: filled before the first layout
            return
        self.focal = self.app.focal_actor_id()
        filters = self.filters()
        self.matrix = roles_matrix(data, focal=self.focal, **filters)
        self.matrix["rows"] = with_assessments(self.matrix["rows"], self.app.layer.assessments)
        rows = self.matrix["rows"]
        self.entries = {e["id"]: e for e in rows}
        total = len(data.actors)
        rated = sum(1 for e in rows if e["quadrant"])
        shown = format_number(len(rows))
        count = Text(ngettext("{n} of {total} actor", "{n} of {total} actors", total).format(
            n=shown, total=format_number(total)) if any(filters.values()) else
            ngettext("{n} actor", "{n} actors", len(rows)).format(n=shown), end="")
        count.stylize("bold", 0, len(shown))
        count.append(" · " + ngettext("{n} rated", "{n} rated", rated).format(n=format_number(rated)), style="dim")
        self.query_one("#count", Static).update(count)
        self._fill_table(select_focal)
        self.grid.set_entries(rows, select=self.focal if select_focal else None)
        self._describe_row()

    def _fill_table(self, select_focal: bool) -> None:
        table = self.query_one("#roles", RecordTable)
        self._filled_width = self._width
        keep = None if select_focal else table.current_id
        wide = self._width >= WIDE
        rows = self.matrix["rows"] if self.matrix else []
        counts = {c["role"]: c for c in self.matrix["roles"]} if self.matrix else {}
        role_width = 6 if wide else 3
        quadrant_width = max(len(quadrant_label(q)) for q in QUADRANT_HINTS)
        extra = 3 + 3 + quadrant_width + 3 * 2 if wide else 4 + 2  # inf, int, quadrant (wide) or "4/5°"
        name_width = max(12, self._width - 3 - len(ROLE_NAMES) * (role_width + 2) - extra - 2)
        table.clear(columns=True)
        table.add_column(Text(_(TEXT["actor"]), style="bold"), key="name", width=name_width)
        for role in ROLE_NAMES:
            table.add_column(Text(role_heading(role, wide), style="bold"), key=role, width=role_width)
        if wide:
            table.add_column(Text(_(TEXT["inf"])[:3], style="bold"), key="influence", width=3)
            table.add_column(Text(_(TEXT["int"])[:3], style="bold"), key="interest", width=3)
            table.add_column(Text(_(TEXT["quadrant"]), style="bold"), key="quadrant", width=quadrant_width)
        else:
            table.add_column(Text(_(TEXT["scores_heading"])[:4], style="bold"), key="scores", width=4)
        for key, level in zip(COUNT_ROWS, ("primary", "secondary")):
            cells: list[Text] = [Text(f"Σ {LEVEL_MARKS[level]} {label('role_level', level)}", style="dim italic")]
            cells += [Text(str(counts[r][level] if counts else 0).center(role_width), style="dim bold")
                      for r in ROLE_NAMES]
            cells += [Text("")] * (3 if wide else 1)
            table.add_row(*cells, key=key)
        marks: dict[tuple[str | None, str], Text] = {}
        for e in rows:
            style = FOCAL_STYLE if e["focal"] else ""
            name = Text("▶ " if e["focal"] else "", style=FOCAL_STYLE, end="")
            name.append_text(plain(e["name"], style))
            name.truncate(name_width, overflow="ellipsis")
            cells = [name]
            for role in ROLE_NAMES:
                level = e["roles"].get(role)
                mark = marks.get((level, style))
                if mark is None:  # a few kinds of marks in 1,800 cells: one Text each, shared (never changed)
                    mark = marks[level, style] = Text((LEVEL_MARKS[level] if level else "·").center(role_width),
                                                      style=(style or "bold") if level == "primary" else (style or "dim"))
                cells.append(mark)
            if wide:
                cells += [Text(score_cell(e, "influence").center(3), style=style),
                          Text(score_cell(e, "interest").center(3), style=style),
                          Text(quadrant_label(e["quadrant"]) if e["quadrant"] else _(TEXT["unrated"]),
                               style=style or ("" if e["quadrant"] else "dim"))]
            else:
                cells.append(Text(f"{e['influence']}/{e['interest']}{OWN_MARK if e.get('own') else ''}"
                                  if e["quadrant"] else " - ", style=style))
            table.add_row(*cells, key=e["id"])
        target = keep if keep in self.entries else (self.focal if self.focal in self.entries else None)
        if target is not None:
            table.move_cursor(row=table.get_row_index(target), animate=False)
        elif rows:
            table.move_cursor(row=len(COUNT_ROWS), animate=False)

    # --- the selected actor -----------------------------------------------------------------------
    @on(RecordTable.RowHighlighted, "#roles")
    def _row_highlighted(self) -> None:
        if self.query_one("#roles", RecordTable).current_id != self._described:  # not the fill's own move
            self._describe_row()

    def _describe_row(self) -> None:
        info = self.query_one("#matrix-info", Static)
        row = self.query_one("#roles", RecordTable).current_id
        self._described = row
        if row in COUNT_ROWS or row is None:
            legend = Text(_(TEXT["columns"]), style="bold", end="")
            for i, role in enumerate(ROLE_NAMES):
                legend.append(" · " if i else "")
                legend.append(role_heading(role, self._width >= WIDE), style="bold")
                legend.append(f" {label('role', role)}")
            legend.append("\n" + _(TEXT["marks"]) + _(TEXT["legend"]), style="dim")
            if not self.entries:
                legend.append("\n" + _(TEXT["no_match"]), style="bold")
            info.update(legend)
            return
        entry = self.entries[row]
        card = actor_card(entry, rationale=self.rationale(entry) if self._width >= WIDE else None)
        card.append("\n" + _(TEXT["actor_keys"]), style="dim")
        info.update(card)

    @on(RecordTable.RowSelected, "#roles")
    def _row_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_open()

    @on(PowerGrid.Selected)
    def _grid_selected(self, event: PowerGrid.Selected) -> None:
        """The selected actor first (its rationale is what the grid is read for), then the cell."""
        if not self._on_grid() or not self.grid.is_mounted:  # written when the grid is shown: laying out a
            self._grid_info_due = True  # hidden panel delays the matrix
            return
        from landscape.analysis.positioning import quadrant

        influence, interest = event.cell
        wide = self._width >= WIDE
        name = quadrant(influence, interest)
        where = Text(quadrant_label(name), style="bold", end="")
        where.append("  " + _(TEXT["scores"]).format(influence=influence, interest=interest), style="dim")
        if event.entry is not None and event.count > 1:
            where.append("  " + _(TEXT["in_cell"]).format(index=event.index + 1, count=event.count), style="dim")
        if event.entry is None:
            text = where
            text.append("\n" + _(TEXT["empty_cell"]), style="dim")
        else:
            entry = event.entry
            text = Text("▶ " if entry["focal"] else "", style=FOCAL_STYLE, end="")
            text.append_text(plain(entry["name"], FOCAL_STYLE if entry["focal"] else "bold"))
            text.append(f"  {label('actor_kind', entry['kind'])}", style="dim")
            text.append("\n")
            text.append_text(where)
            if entry.get("own"):
                text.append("\n")
                text.append_text(own_line(entry))
            rationale = self.rationale(entry)
            if rationale:
                text.append("\n")
                text.append_text(plain(rationale, "italic"))
            if wide:
                text.append("\n")
                text.append_text(role_line(entry["roles"]))
            text.append("\n" + _(TEXT["actor_keys"]) + " · " + _(TEXT["move_hint"]), style="dim")
        if wide:
            text.append("\n\n")
            text.append(_(QUADRANT_HINTS[name]), style="dim")
            unrated = sum(1 for e in self.entries.values() if not e["quadrant"])
            if unrated:
                text.append("\n" + ngettext("{n} of the actors shown is unrated (no curated positioning).",
                                             "{n} of the actors shown are unrated (no curated positioning).",
                                             unrated).format(n=unrated), style="dim italic")
        self.query_one("#grid-info", Static).update(text)
        self.query_one("#grid-side", VerticalScroll).scroll_home(animate=False)

    def rationale(self, entry: dict[str, Any]) -> str | None:
        """The curated rationale of an entry's scores in the current language (the entry keeps the English)."""
        actor = self.app.data.index("actors").get(entry["id"]) if self.app.data is not None else None
        return text_of(actor.positioning, "rationale") if actor is not None and actor.positioning else entry["rationale"]

    @on(PowerGrid.Opened)
    def _grid_opened(self, event: PowerGrid.Opened) -> None:
        self.app.open_record("actor", event.actor_id)

    def current_actor(self) -> str | None:
        if self._on_grid():
            entry = self.grid.selected_entry
            return entry["id"] if entry else None
        row = self.query_one("#roles", RecordTable).current_id
        return None if row in COUNT_ROWS else row

    def action_open(self) -> None:
        actor = self.current_actor()
        if actor is not None:
            self.app.open_record("actor", actor)

    # --- own assessments ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "assess_move":
            return self.is_mounted and self._on_grid()
        return super().check_action(action, parameters)

    def action_assess_move(self, d_influence: int, d_interest: int) -> None:
        """Move the selected actor one step on the grid: the reason is asked, then it is the user's assessment."""
        from .record_form import AssessForm

        entry = self.grid.selected_entry
        if entry is None:
            return
        if entry["influence"] is None:
            self.notify(_(TEXT["move_unrated"]), severity="warning")
            return
        influence = min(5, max(1, entry["influence"] + d_influence))
        interest = min(5, max(1, entry["interest"] + d_interest))
        if (influence, interest) == (entry["influence"], entry["interest"]):
            return
        own = (entry["own"]["influence"], entry["own"]["interest"]) if entry.get("own") else None
        self.app.open_form(AssessForm(entry["id"], entry["name"], influence, interest, entry.get("curated"), own),
                             lambda done: done and self._moved(entry["id"], influence, interest))

    def _moved(self, actor_id: str, influence: int, interest: int) -> None:
        self.grid.select_actor(actor_id)
        self.grid.focus()

    # --- tabs and filters -------------------------------------------------------------------------
    def _on_grid(self) -> bool:
        return self.query_one(ContentSwitcher).current == "tab-grid"

    @property
    def _tab(self) -> str:
        return self.query_one(ContentSwitcher).current or "tab-matrix"

    def action_switch_tab(self) -> None:
        self.show_tab("tab-matrix" if self._on_grid() else "tab-grid")

    def show_tab(self, tab: str) -> None:
        switcher = self.query_one(ContentSwitcher)
        if switcher.current != tab:
            switcher.current = tab
            self.query_one(TabBar).active = tab
            self._tab_activated()
        if tab == "tab-grid" and not self._grid_shown():
            self.call_after_refresh(self.show_tab, tab)  # focused once mounted
            return
        (self.grid if tab == "tab-grid" else self.query_one("#roles")).focus()

    def _grid_shown(self) -> bool:
        """Whether the grid is mounted; if not, mount it (the screen opens on the matrix, and a third of its
        first frame went on laying out the hidden grid)."""
        if self.grid.is_mounted:
            return True
        if not self._grid_asked:
            self._grid_asked = True
            self._grid_info_due = True
            side = VerticalScroll(Static("", id="grid-info", markup=False), id="grid-side")
            self.query_one("#tab-grid", Vertical).mount(Horizontal(self.grid, side, id="grid-body"))
        return False

    @on(TabBar.Activated)
    def _tab_clicked(self, event: TabBar.Activated) -> None:
        self.show_tab(event.tab)

    def _tab_activated(self) -> None:
        if self._on_grid() and self._grid_shown() and self._grid_info_due:
            self._grid_info_due = False
            self.grid.post_selected()
        self.sub_title = _(TEXT["title_grid"] if self._on_grid() else TEXT["title_matrix"])

    @on(Dropdown.Changed)
    def _select_changed(self) -> None:
        self.refill()

    @on(Input.Changed, "#pos-text")
    def _text_changed(self) -> None:
        self.refill()

    @on(Input.Submitted, "#pos-text")
    def _text_submitted(self) -> None:
        self.show_tab(self._tab)

    def action_focus_filters(self) -> None:
        self.set_focus(self.query_one("#pos-kind", Dropdown))  # now, not after the keys queued behind f

    def action_clear_filters(self) -> None:
        with self.prevent(Dropdown.Changed, Input.Changed):
            self.query_one("#pos-kind", Dropdown).value = Dropdown.NULL
            self.query_one("#pos-sector", Dropdown).value = Dropdown.NULL
            self.query_one("#pos-text", Input).value = ""
        self.refill()
        self.show_tab(self._tab)

    def action_back(self) -> None:
        if isinstance(self.focused, Input) and self.focused.value:
            self.focused.value = ""
            return
        if isinstance(self.focused, (Input, Dropdown)):
            self.show_tab(self._tab)
            return
        super().action_back()

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        if self.matrix is None:
            return None
        return "positioning", {"view": "positioning", "filters": self.filters(), **self.matrix,
                               "grid": grid(self.matrix["rows"])}
