"""A filter's drop-down in one widget: the choice on one line; Enter, space, ↓ or a click lists the options.

Textual's `Select` is six widgets with their styles (about 25 ms each to mount on a 2-core machine), and
a screen with three filters spent most of its first frame on them. `Dropdown` draws itself and opens its
options in a small modal (`DropdownMenu`) only when asked. It keeps the part of `Select`'s interface the
screens use: `value` (`Dropdown.NULL` when nothing is chosen), `prompt`, `set_options()` and a `Changed`
message posted when the value changes.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.reactive import reactive
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import OptionList, Select
from textual.widgets.option_list import Option

from landscape.i18n import N_
from landscape.text import fold

from ..format import plain

_CANCELLED = object()  # the menu closed without a choice
_TYPE_AHEAD_S = 1.0  # letters typed within this time of each other are one search


def _text(value: Any) -> Text:
    return value.copy() if isinstance(value, Text) else plain(value)


class Dropdown(Widget, can_focus=True):
    """One line: the chosen option's text, or the prompt when nothing is chosen, and an arrow."""

    DEFAULT_CSS = """
    Dropdown {
        height: 1;
        width: 1fr;
        padding: 0 1;
        background: $surface;
        color: $foreground 60%;
        pointer: pointer;
    }
    Dropdown.-has-value { color: $foreground; }
    Dropdown:focus { background: $block-cursor-blurred-background; color: $foreground; text-style: bold; }
    """
    BINDINGS = [Binding("enter,space,down", "open", N_("Choose"), show=False)]

    NULL = Select.NULL  # the same sentinel as Select's, so code and tests written for either read alike

    value: reactive[Any] = reactive(NULL, init=False, always_update=False)
    prompt: reactive[str] = reactive("", init=False)

    class Changed(Message):
        """The value changed (also when code set it, unless the message is prevented)."""

        def __init__(self, dropdown: Dropdown, value: Any) -> None:
            super().__init__()
            self.dropdown = dropdown
            self.value = value

        @property
        def select(self) -> Dropdown:  # `Select.Changed`'s name for it
            return self.dropdown

        @property
        def control(self) -> Dropdown:
            return self.dropdown

    def __init__(self, options: Iterable[tuple[Any, Any]] = (), *, prompt: str = "", value: Any = NULL,
                 allow_blank: bool = True, id: str | None = None, classes: str | None = None,
                 disabled: bool = False) -> None:
        super().__init__(id=id, classes=classes, disabled=disabled)
        self._options: list[tuple[Text, Any]] = []
        self.allow_blank = allow_blank
        self.set_reactive(Dropdown.prompt, prompt)
        self.set_options(options)
        if value is not self.NULL:
            self.set_reactive(Dropdown.value, self._checked(value))
        elif not allow_blank and self._options:
            self.set_reactive(Dropdown.value, self._options[0][1])
        self.set_class(self.value is not self.NULL, "-has-value")

    # --- options and value ---------------------------------------------------------------------
    @property
    def options(self) -> list[tuple[Text, Any]]:
        return list(self._options)

    def set_options(self, options: Iterable[tuple[Any, Any]]) -> None:
        """Replace the options; the value stays when it is still one of them, else nothing is chosen."""
        self._options = [(_text(text), value) for text, value in options]
        if self.value is not self.NULL and self.value not in {v for _t, v in self._options}:
            self.value = self._options[0][1] if not self.allow_blank and self._options else self.NULL
        self.refresh()

    def relabel(self, prompt: str, options: Iterable[tuple[Any, Any]]) -> None:
        """The prompt and the options in the current language; the choice kept, and no `Changed` sent."""
        with self.prevent(Dropdown.Changed):
            self.prompt = prompt
            self.set_options(options)

    def _checked(self, value: Any) -> Any:
        if value is not self.NULL and value not in {v for _t, v in self._options}:
            raise ValueError(f"{value!r} is not one of the options of {self.id or 'the drop-down'}")
        if value is self.NULL and not self.allow_blank and self._options:
            raise ValueError(f"{self.id or 'the drop-down'} needs a value")
        return value

    def validate_value(self, value: Any) -> Any:
        return self._checked(value)

    def watch_value(self, value: Any) -> None:
        self.set_class(value is not self.NULL, "-has-value")
        self.refresh()
        self.post_message(self.Changed(self, value))

    def watch_prompt(self) -> None:
        self.refresh()

    def clear(self) -> None:
        self.value = self.NULL

    def selected_text(self) -> Text | None:
        """The chosen option's text (None when nothing is chosen)."""
        return next((text for text, value in self._options if value == self.value), None) \
            if self.value is not self.NULL else None

    # --- drawing and opening -------------------------------------------------------------------
    def render(self) -> Text:
        chosen = self.selected_text()
        text = chosen.copy() if chosen is not None else Text(self.prompt)
        room = max(1, self.content_size.width - 2)  # the arrow and a space before it
        if text.cell_len > room:
            text.truncate(room - 1)
            text.append("…")
        text.pad_right(room - text.cell_len)
        text.append(" ▼", style="dim")
        text.no_wrap = True
        return text

    def action_open(self) -> None:
        if not self._options:
            return
        self.app.push_screen(DropdownMenu(self), self._chosen)

    def _chosen(self, value: Any) -> None:
        if value is not _CANCELLED:
            self.value = value
        self.focus()

    def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.focus()
        self.action_open()


class DropdownMenu(ModalScreen[Any]):
    """The options of a `Dropdown`, listed under it (or above it near the bottom); Escape or a click outside
    closes it without a change; typing letters moves to the first option that starts with them."""

    DEFAULT_CSS = """
    DropdownMenu {
        background: transparent;
        align: left top;
    }
    DropdownMenu > OptionList {
        width: auto;
        height: auto;
        border: tall $border;
        background: $surface;
        padding: 0;
    }
    """
    BINDINGS = [Binding("escape", "close", N_("Close"), show=False)]

    def __init__(self, dropdown: Dropdown) -> None:
        super().__init__()
        self.dropdown = dropdown
        self._typed = ""
        self._typed_at = 0.0
        self._values: list[Any] = []

    def compose(self) -> ComposeResult:
        options: list[Option] = []
        if self.dropdown.allow_blank:
            options.append(Option(Text(self.dropdown.prompt, style="italic dim")))
            self._values.append(Dropdown.NULL)
        for text, value in self.dropdown.options:
            options.append(Option(text))
            self._values.append(value)
        yield OptionList(*options)

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        region = self.dropdown.region
        screen_w, screen_h = self.app.size
        widest = max((t.cell_len for t in [Text(self.dropdown.prompt), *(t for t, _v in self.dropdown.options)]),
                     default=10)
        width = min(max(region.width, widest + 4), screen_w)
        below = screen_h - (region.y + 1)
        above = region.y
        rows = len(self._values) + 2  # the border
        if rows <= below or below >= above:
            height = min(rows, max(3, below))
            y = region.y + 1
        else:
            height = min(rows, max(3, above))
            y = region.y - height
        menu.styles.width = width
        menu.styles.max_height = height
        menu.styles.offset = (max(0, min(region.x, screen_w - width)), max(0, y))
        current = self.dropdown.value
        menu.highlighted = next((i for i, v in enumerate(self._values) if v == current), 0)
        menu.focus()

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self._values[event.option_index])

    def action_close(self) -> None:
        self.dismiss(_CANCELLED)

    def on_click(self, event: events.Click) -> None:
        if event.widget is self:  # outside the list
            self.dismiss(_CANCELLED)

    def on_key(self, event: events.Key) -> None:
        if not event.is_printable or not event.character or event.character == " ":
            return
        event.stop()
        now = time.monotonic()
        self._typed = (self._typed if now - self._typed_at < _TYPE_AHEAD_S else "") + event.character
        self._typed_at = now
        wanted = fold(self._typed)
        texts = [fold(option.prompt.plain if isinstance(option.prompt, Text) else str(option.prompt))
                 for option in self.query_one(OptionList).options]
        found = next((i for i, t in enumerate(texts) if t.startswith(wanted)), None)
        if found is None:
            found = next((i for i, t in enumerate(texts) if wanted in t), None)
        if found is not None:
            self.query_one(OptionList).highlighted = found
