"""The help screen: every key, per screen, read from the bindings themselves so it never drifts."""

from __future__ import annotations

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


def section(title: str, bindings: list, current: bool = False) -> Text:
    text = Text(end="")
    text.append(f" {title} ", style="bold reverse" if current else "bold underline")
    text.append("\n")
    seen = set()
    for b in bindings:
        if not isinstance(b, Binding) or not b.description or b.key in seen:
            continue
        seen.add(b.key)
        text.append(key_label(b.key).rjust(12), style="bold")
        text.append(f"  {b.description}")  # the footer's word, then what it does in full
        if b.tooltip and b.tooltip != b.description:
            text.append(f" · {b.tooltip}", style="dim")
        text.append("\n")
    return text


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

        text = Text("landscape: who does what in French digital-inclusion policy.\n", style="bold", end="\n")
        text.append("Keyboard first; the mouse works too (click rows, headers, map cells, footer keys).\n\n",
                    style="dim")
        text.append(section("Everywhere", LandscapeApp.BINDINGS + [
            Binding("ctrl+p", "command_palette", "Command palette: go to, export, theme, focal actor"),
            Binding("ctrl+q", "quit", "Quit")]))
        text.append(section("In lists and records", [
            Binding("up,k", "", "Move up"), Binding("down,j", "", "Move down"),
            Binding("enter", "", "Open the record under the cursor")] + RecordTable.BINDINGS + LinkList.BINDINGS))
        text.append(section("Search", [
            Binding("slash", "", "Search everywhere (results as you type; matches highlighted)"),
            Binding("up,down", "", "Choose a result"), Binding("enter", "", "Open it"),
            Binding("escape", "", "Clear the query, then go back")]))
        text.append(section("Home", HomeScreen.BINDINGS + [
            Binding("enter", "", "Open the focal actor, an event, or the plans of a status")],
            self.current == "Home"))
        text.append(section("Lists", ListScreen.BINDINGS + [Binding("click", "", "Click a header to sort")],
                            self.current == "Lists"))
        text.append(section("Record", DetailScreen.BINDINGS + [
            Binding("enter", "", "Open the related record (actor, plan, event, source…)")],
            self.current == "Record"))
        text.append(section("Timeline", TimelineScreen.BINDINGS, self.current == "Timeline"))
        text.append(section("Plans map", PlansMapScreen.BINDINGS + FranceMap.BINDINGS + [
            Binding("up,down,left,right", "", "Move between départements")], self.current == "Plans map"))
        from .positioning import help_sections

        for title, bindings in help_sections():
            text.append(section(title, bindings, self.current == title))
        from .brief import BriefScreen
        from .snapshot_diff import DiffScreen

        text.append(section("Brief", BriefScreen.BINDINGS + [Binding("j,k", "", "Scroll")],
                            self.current == "Brief"))
        text.append(section("Snapshot diff", [
            Binding("d", "", "Choose a snapshot file (landscape export) to compare with the current map")]
            + DiffScreen.BINDINGS + [Binding("enter", "", "Open the record that changed")],
            self.current == "Snapshot diff"))
        text.append("Esc, ? or q closes this help.", style="dim")
        with VerticalScroll(id="help-body"):
            yield Static(text, markup=False)

    def on_mount(self) -> None:
        self.query_one("#help-body").border_title = "Keys"
        self.query_one("#help-body").focus()

    def action_dismiss(self) -> None:
        self.dismiss()
