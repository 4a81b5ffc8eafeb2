"""Tabs drawn by one widget: their labels on one line, a rule under them that marks the active one.

Textual's `TabbedContent` is ten widgets and animates its underline, so a screen with it kept working
for a tenth of a second after its content was drawn. `TabBar` only names the tabs and says which one
is active; the screen shows the matching pane (a `ContentSwitcher`). A click on a label activates it.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import reactive
from textual.widget import Widget

PAD = 1  # spaces on each side of a label, as on Textual's tabs


class TabBar(Widget):
    DEFAULT_CSS = """
    TabBar {
        height: 2;
        width: 1fr;
    }
    TabBar > .tab-bar--label { color: $foreground 60%; }
    TabBar > .tab-bar--active { color: $foreground; text-style: bold; }
    TabBar > .tab-bar--rule { color: $foreground 15%; }
    TabBar > .tab-bar--rule-active { color: $accent; }
    """
    COMPONENT_CLASSES = {"tab-bar--label", "tab-bar--active", "tab-bar--rule", "tab-bar--rule-active"}

    active: reactive[str] = reactive("", init=False)

    class Activated(Message):
        """A tab was clicked."""

        def __init__(self, bar: TabBar, tab: str) -> None:
            super().__init__()
            self.bar = bar
            self.tab = tab

        @property
        def control(self) -> TabBar:
            return self.bar

    def __init__(self, tabs: list[tuple[str, str]], *, active: str | None = None, id: str | None = None) -> None:
        super().__init__(id=id)
        self._tabs = list(tabs)  # (id, label)
        self.set_reactive(TabBar.active, active or (tabs[0][0] if tabs else ""))

    def set_label(self, tab: str, text: str) -> None:
        self._tabs = [(t, text if t == tab else old) for t, old in self._tabs]
        self.refresh()

    def watch_active(self) -> None:
        self.refresh()

    def _spans(self) -> list[tuple[str, int, int]]:
        """(tab, first column, column after) of each label with its padding."""
        spans, x = [], 0
        for tab, text in self._tabs:
            width = Text(text).cell_len + 2 * PAD
            spans.append((tab, x, x + width))
            x += width
        return spans

    def render(self) -> Text:
        width = self.size.width
        label, active = self.get_component_rich_style("tab-bar--label"), self.get_component_rich_style("tab-bar--active")
        rule, rule_active = (self.get_component_rich_style("tab-bar--rule"),
                             self.get_component_rich_style("tab-bar--rule-active"))
        top = Text(end="", no_wrap=True)
        bottom = Text(end="", no_wrap=True)
        for (tab, text), (_tab, start, end) in zip(self._tabs, self._spans()):
            chosen = tab == self.active
            top.append(" " * PAD + text + " " * PAD, style=active if chosen else label)
            bottom.append("━" * (end - start), style=rule_active if chosen else rule)
        if top.cell_len > width:
            top.truncate(width, overflow="ellipsis")
        top.pad_right(max(0, width - top.cell_len))
        bottom.append("━" * max(0, width - bottom.cell_len), style=rule)
        bottom.truncate(width)
        top.append("\n")
        top.append_text(bottom)
        return top

    def on_click(self, event: events.Click) -> None:
        for tab, start, end in self._spans():
            if start <= event.x < end:
                event.stop()
                if tab != self.active:
                    self.active = tab
                    self.post_message(self.Activated(self, tab))
                return
