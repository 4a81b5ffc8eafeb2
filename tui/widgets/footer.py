"""The keys of the screen shown, on one line drawn by one widget.

Textual's Footer mounts a widget per key and mounts them all again each time the bindings change,
which happens several times while a screen opens (focus, stack, data arriving): on two cores that
was 200 to 500 ms of every screen's opening. This footer draws the same line from
`screen.active_bindings` when it paints, so a change of bindings costs one repaint.
Like Textual's: keys of a group share their label, the command palette's key sits on the right,
a key is clicked or tapped like a key press, its tooltip shows on hover, the wheel scrolls a line too long.
"""

from __future__ import annotations

from collections import defaultdict
from itertools import groupby
from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget


class Key(NamedTuple):
    binding: Binding
    display: str
    enabled: bool
    tooltip: str


class Footer(Widget):
    """One line of keys: `key description`, grouped keys then their group's label, the palette on the right."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"footer--key", "footer--description", "footer--hover", "footer--separator"}
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--hover {
            background: $block-hover-background;
        }
        .footer--separator {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, *, compact: bool = True, show_command_palette: bool = True, id: str | None = None) -> None:
        super().__init__(id=id)
        self.compact = compact
        self.show_command_palette = show_command_palette
        self._hover: int | None = None
        self._scroll = 0  # cells of the line scrolled off to the left (mouse wheel)
        self._keys: list[Key] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        self.refresh()  # repaints coalesce: however many changes, one render per frame

    def _active(self) -> tuple[list[list[Key]], Key | None]:
        """The keys to show, one list per group run (as Textual's Footer groups them), and the palette's."""
        app = self.app
        active = self.screen.active_bindings
        by_action: defaultdict[str, list[Key]] = defaultdict(list)
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                by_action[binding.action].append(Key(binding, app.get_key_display(binding), enabled, tooltip))
        runs = [list(run) for _, run in groupby((keys[0] for keys in by_action.values()),
                                                lambda key: key.binding.group)]
        palette = None
        if self.show_command_palette and app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = Key(binding, app.get_key_display(binding), enabled, tooltip or binding.description)
        return runs, palette

    def _key_text(self, key: Key, index: int, *, description: bool = True) -> Text:
        key_style = self.get_component_rich_style("footer--key")
        text_style = self.get_component_rich_style("footer--description")
        pad = "" if self.compact else " "
        text = Text(f"{pad}{key.display}{pad}", style=key_style, end="")
        if description and key.binding.description:
            text.append(f" {key.binding.description}" if self.compact else f" {key.binding.description} ",
                        style=text_style)
        if not key.enabled:
            text.stylize("dim")
        if index == self._hover:
            text.stylize(self.get_component_rich_style("footer--hover"))
        text.stylize(Style.from_meta({"footer-key": index}))
        return text

    def render(self) -> Text:
        runs, palette = self._active()
        self._keys = []
        line = Text(end="", no_wrap=True, overflow="crop")
        label_style = self.get_component_rich_style("footer--description")
        for run in runs:
            group = run[0].binding.group
            if group is not None and len(run) > 1:  # "dhapecortmwinV Go": the keys, then what they have in common
                line.append(" " if line else "")
                for key in run:
                    line.append_text(self._key_text(key, len(self._keys), description=False))
                    self._keys.append(key)
                line.append(f" {group.description}", style=label_style)
                continue
            for key in run:  # "s Sort "
                if line and not line.plain.endswith(" "):
                    line.append(" ")
                line.append_text(self._key_text(key, len(self._keys)))
                line.append(" ")
                self._keys.append(key)
        tail = Text(end="")
        if palette is not None:
            tail = Text("▏", style=self.get_component_rich_style("footer--separator"), end="")
            tail.append_text(self._key_text(palette, len(self._keys)))
            tail.append(" ")
            self._keys.append(palette)
        room = max(0, self.size.width - tail.cell_len)
        self._scroll = max(0, min(self._scroll, line.cell_len - room))
        if self._scroll:
            line = Text("…", end="") + line[self._scroll + 1:]
        if line.cell_len > room:
            line.truncate(room, overflow="ellipsis")
        line.pad_right(room - line.cell_len)
        return line + tail

    def _key_at(self, event: events.MouseEvent) -> Key | None:
        index = event.style.meta.get("footer-key")
        return self._keys[index] if isinstance(index, int) and index < len(self._keys) else None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = event.style.meta.get("footer-key")
        if index != self._hover:
            self._hover = index
            key = self._key_at(event)
            self.tooltip = (key.tooltip or key.binding.description) if key is not None else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self._key_at(event)
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.binding.key)
        else:
            self.app.bell()

    def _on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self._scroll += 2
        self.refresh()
        event.stop()

    def _on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self._scroll = max(0, self._scroll - 2)
        self.refresh()
        event.stop()
