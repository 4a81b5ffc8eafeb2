"""The help screen: every key, per screen, read from the bindings themselves so it never drifts.

Section titles are the screens' HELP_TITLE msgids, descriptions the bindings' ones: both are translated
here, when the help is drawn (and drawn again after a switch of language).
"""

from __future__ import annotations

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from landscape.i18n import N_, _

from ..language import translated

KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": N_("Esc"), "enter": N_("Enter"), "tab": "Tab",
             "up": "↑", "down": "↓", "left": "←", "right": "→", "pageup": N_("PgUp"), "pagedown": N_("PgDn"),
             "plus": "+", "minus": "-", "click": N_("click")}
# The titles of the other screens' sections (their HELP_TITLE), marked here so that the help is whole in French.
SECTION_TITLES = (N_("Timeline"), N_("Plans map"), N_("Département"), N_("Brief"), N_("Snapshot diff"),
                  N_("Positioning"), N_("Influence"), N_("Compare"), N_("Competitors of an actor"))


def key_label(key: str) -> str:
    parts = []
    for k in key.split(","):
        k = k.strip()
        if k.startswith("ctrl+"):
            parts.append("Ctrl+" + _(KEY_NAMES.get(k[5:], k[5:].upper())))
        elif k.startswith("shift+"):
            parts.append("Shift+" + _(KEY_NAMES.get(k[6:], k[6:])))
        else:
            parts.append(_(KEY_NAMES.get(k, k)))
    return " ".join(parts)


def section(title: str, bindings: list, current: bool = False) -> Group:
    """A heading, then one row per key: the key right-aligned, its description wrapped under itself.

    Each key is listed once per section, even when several bindings name it ("down,j" and "j").
    """
    heading = Text(f" {_(title)} ", style="bold reverse" if current else "bold underline")
    rows = Table.grid(padding=(0, 2))
    rows.add_column(justify="right", width=12, no_wrap=True, style="bold")
    rows.add_column(ratio=1)
    seen: set[str] = set()
    for b in bindings:
        if not isinstance(b, Binding) or not b.description:
            continue
        b = translated(b)
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

    BINDINGS = [Binding("escape,question_mark,q", "dismiss", N_("Close help"))]

    def __init__(self, current: str = "") -> None:
        super().__init__(id="help")
        self.current = current  # the HELP_TITLE (a msgid) of the screen the help was opened from

    def compose(self) -> ComposeResult:
        self.body = self.build()
        with VerticalScroll(id="help-body"):
            yield Static(self.body, markup=False)

    def relabel(self) -> None:
        """Draw the help again in the current language (after a switch)."""
        self.body = self.build()
        self.query_one("#help-body Static", Static).update(self.body)
        self.query_one("#help-body").border_title = _("Keys")

    def build(self) -> Group:
        from ..app import LandscapeApp
        from ..widgets.france_map import FranceMap
        from ..widgets.link_list import LinkList
        from ..widgets.record_table import RecordTable
        from .detail import DetailScreen
        from .home import HomeScreen
        from .lists import ListScreen
        from .plans_map import PlansMapScreen
        from .timeline import TimelineScreen

        intro = Text(_("landscape: who does what in French digital-inclusion policy.") + "\n", style="bold")
        intro.append(_("Keyboard first; the mouse works too (click rows, headers, map cells, footer keys).") + "\n",
                     style="dim")
        parts: list = [intro]
        parts.append(section(N_("Everywhere"), LandscapeApp.BINDINGS + [
            Binding("ctrl+p", "command_palette", N_("Command palette: go to, export, theme, language, focal actor")),
            Binding("ctrl+q", "quit", N_("Quit"))]))
        parts.append(section(N_("In lists and records"), [
            Binding("up,k", "", N_("Move up")), Binding("down,j", "", N_("Move down")),
            Binding("enter", "", N_("Open the record under the cursor"))] + RecordTable.BINDINGS + LinkList.BINDINGS))
        parts.append(section(N_("Search"), [
            Binding("slash", "", N_("Search everywhere (results as you type; matches highlighted)")),
            Binding("up,down", "", N_("Choose a result")), Binding("enter", "", N_("Open it")),
            Binding("escape", "", N_("Clear the query, then go back"))]))
        parts.append(section(HomeScreen.HELP_TITLE, HomeScreen.BINDINGS + [
            Binding("enter", "", N_("Open the focal actor, an event, or the plans of a status"))],
            self.current == HomeScreen.HELP_TITLE))
        parts.append(section(ListScreen.HELP_TITLE, ListScreen.BINDINGS + [
            Binding("click", "", N_("Click a header to sort"))], self.current == ListScreen.HELP_TITLE))
        parts.append(section(DetailScreen.HELP_TITLE, DetailScreen.BINDINGS + [
            Binding("enter", "", N_("Open the related record (actor, plan, event, source…)"))],
            self.current == DetailScreen.HELP_TITLE))
        parts.append(section(TimelineScreen.HELP_TITLE, TimelineScreen.BINDINGS,
                             self.current == TimelineScreen.HELP_TITLE))
        parts.append(section(PlansMapScreen.HELP_TITLE, PlansMapScreen.BINDINGS + FranceMap.BINDINGS + [
            Binding("up,down,left,right", "", N_("Move between départements"))],
            self.current == PlansMapScreen.HELP_TITLE))
        from .departement import DepartementScreen

        parts.append(section(DepartementScreen.HELP_TITLE, DepartementScreen.BINDINGS + [
            Binding("enter", "", N_("Open the plan, actor, event or source the line names")),
            Binding("j,k", "", N_("Move between links, then scroll"))],
            self.current == DepartementScreen.HELP_TITLE))
        from .positioning import help_sections

        for title, bindings in help_sections():
            parts.append(section(title, bindings, self.current == title))
        from .brief import BriefScreen
        from .snapshot_diff import DiffScreen

        parts.append(section(BriefScreen.HELP_TITLE, BriefScreen.BINDINGS + [Binding("j,k", "", N_("Scroll"))],
                             self.current == BriefScreen.HELP_TITLE))
        parts.append(section(DiffScreen.HELP_TITLE, [
            Binding("d", "", N_("Choose a snapshot file (landscape export) to compare with the current map"))]
            + DiffScreen.BINDINGS + [Binding("enter", "", N_("Open the record that changed"))],
            self.current == DiffScreen.HELP_TITLE))
        parts.append(Text(_("Esc, ? or q closes this help."), style="dim"))
        return Group(*parts)

    def on_mount(self) -> None:
        self.query_one("#help-body").border_title = _("Keys")
        self.query_one("#help-body").focus()

    def action_dismiss(self) -> None:
        self.dismiss()
