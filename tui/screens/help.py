"""The help screen: every key, per screen, read from the bindings themselves so it never drifts."""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter", "tab": "Tab",
             "up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": "PgUp", "pagedown": "PgDn",
             "plus": "+", "minus": "-"}


def key_label(key: str) -> str:
    parts = []
    for k in key.split(","):
        k = k.strip()
        if k.startswith("ctrl+"):
            parts.append("Ctrl+" + KEY_NAMES.get(k[5:], k[5:].upper()))
        else:
            parts.append(KEY_NAMES.get(k, k))
    return " ".join(parts)


def section(title: str, bindings: list, current: bool = False) -> Group:
    """A heading, then one row per key: the key right-aligned, its description wrapped under itself.

    Each key is listed once per section, even when several bindings name it ("down,j" and "j").
    """
    heading = Text(f" {title} ", style="bold reverse" if current else "bold underline")
    rows = Table.grid(padding=(0, 2))
    rows.add_column(justify="right", width=12, no_wrap=True, style="bold")
    rows.add_column(ratio=1)
    seen: set[str] = set()
    for b in bindings:
        if not isinstance(b, Binding) or not b.description:
            continue
        keys = [k.strip() for k in b.key.split(",") if k.strip() not in seen]
        if not keys:
            continue
        seen.update(keys)
        description = Text(b.description)  # the footer's word, then what it does in full
        if b.tooltip and b.tooltip != b.description:
            description.append(f" · {b.tooltip}", style="dim")
        rows.add_row(key_label(",".join(keys)), description)
    return Group(heading, rows, Text(""))


class HelpScreen(ModalScreen):
    """Keys of the whole app, then of each screen; the screen you came from is marked."""

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", "Close help")]

    def __init__(self, current: str = "") -> None:
        super().__init__(id="help")
        self.current = current

    def compose(self) -> ComposeResult:
        from ..app import LandscapeApp
        from ..widgets.france_map import FranceMap
        from ..widgets.link_list import LinkList
        from ..widgets.record_table import RecordTable
        from .detail import DetailScreen
        from .home import HomeScreen
        from .lists import ListScreen
        from .plans_map import PlansMapScreen
        from .timeline import TimelineScreen

        intro = Text("landscape: who does what in French digital-inclusion policy.\n", style="bold")
        intro.append("Keyboard first; the mouse works too (click rows, headers, map cells, footer keys).\n", style="dim")
        parts: list = [intro]
        parts.append(section("Everywhere", LandscapeApp.BINDINGS + [
            Binding("ctrl+p", "command_palette", "Command palette: go to, export, theme, focal actor"),
            Binding("ctrl+q", "quit", "Quit")]))
        parts.append(section("In lists and records", [
            Binding("up,k", "", "Move up"), Binding("down,j", "", "Move down"),
            Binding("enter", "", "Open the record under the cursor")] + RecordTable.BINDINGS + LinkList.BINDINGS))
        parts.append(section("Search", [
            Binding("slash", "", "Search everywhere (results as you type; matches highlighted)"),
            Binding("up,down", "", "Choose a result"), Binding("enter", "", "Open it"),
            Binding("escape", "", "Clear the query, then go back")]))
        parts.append(section("Home", HomeScreen.BINDINGS + [
            Binding("enter", "", "Open the focal actor, an event, or the plans of a status")],
            self.current == "Home"))
        parts.append(section("Lists", ListScreen.BINDINGS + [Binding("click", "", "Click a header to sort")],
                            self.current == "Lists"))
        parts.append(section("Record", DetailScreen.BINDINGS + [
            Binding("enter", "", "Open the related record (actor, plan, event, source…)")],
            self.current == "Record"))
        parts.append(section("Timeline", TimelineScreen.BINDINGS, self.current == "Timeline"))
        parts.append(section("Plans map", PlansMapScreen.BINDINGS + FranceMap.BINDINGS + [
            Binding("up,down,left,right", "", "Move between départements")], self.current == "Plans map"))
        from .departement import DepartementScreen

        parts.append(section("Département", DepartementScreen.BINDINGS + [
            Binding("enter", "", "Open the plan, actor, event or source the line names"),
            Binding("j,k", "", "Move between links, then scroll")], self.current == "Département"))
        from .positioning import help_sections

        for title, bindings in help_sections():
            parts.append(section(title, bindings, self.current == title))
        from .brief import BriefScreen
        from .snapshot_diff import DiffScreen

        parts.append(section("Brief", BriefScreen.BINDINGS + [Binding("j,k", "", "Scroll")],
                            self.current == "Brief"))
        parts.append(section("Snapshot diff", [
            Binding("d", "", "Choose a snapshot file (landscape export) to compare with the current map")]
            + DiffScreen.BINDINGS + [Binding("enter", "", "Open the record that changed")],
            self.current == "Snapshot diff"))
        parts.append(Text("Esc, ? or q closes this help.", style="dim"))
        self.body = Group(*parts)
        with VerticalScroll(id="help-body"):
            yield Static(self.body, markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-body").border_title = "Keys"
        self.query_one("#help-body").focus()

    def action_dismiss(self) -> None:
        self.dismiss()
