"""Pick one or several records (actors, sources) by typing a name: ranked like the global search.

The matches are computed in a thread worker; a newer query cancels an older one, and a result for
an older query is dropped. Enter takes the highlighted match (the first one, once they arrive if
Enter came first); Backspace in the empty field removes the last record chosen.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from landscape.i18n import N_, _, display_date
from landscape.model.labels import label
from landscape.text import fold

from ..format import plain
from .link_list import Link, LinkList

PICKS = 6
TEXT = {  # msgids, translated where shown
    "none": N_("none chosen"),
    "no_match": N_("Nothing matches."),
    "more": N_("… {n} more: type more letters"),
    "type_many": N_("type a name, Enter adds · Backspace removes the last"),  # keep it short: a field's width
    "type_one": N_("type a name, Enter chooses it"),
}


def rank(data: Any, index: Any, kind: str, query: str, exclude: list[str]) -> list[Any]:
    """Records of `kind` matching `query`, in the global search's order (a name filter until it is built)."""
    from landscape.model.models import BY_KIND

    records = data.index(BY_KIND[kind].table)
    found: list[Any] = []
    if index is not None:
        hits = index.search(query, kinds=[kind], limit=PICKS + len(exclude) + 20)
        found = [records[h.id] for h in hits if h.id in records]
    if not found:
        q = fold(query)
        found = [r for r in records.values() if q in fold(r.label) or q in r.id]
        found.sort(key=lambda r: (not fold(r.label).startswith(q), r.label.casefold()))
    return [r for r in found if r.id not in exclude]


def describe(record: Any) -> str:
    """What follows a match's name: an actor's kind, a source's publisher and date."""
    if record.kind_name == "source":
        return " · ".join(x for x in (record.publisher, display_date(record.date)) if x)
    return label("actor_kind", getattr(record, "kind", None)) if record.kind_name == "actor" else ""


class RecordPicker(Vertical):
    """A field holding record ids, shown by name; `value` is a list (multiple) or an id or None."""

    DEFAULT_CSS = """
    RecordPicker { height: auto; }
    RecordPicker > .picker-chosen { height: auto; color: $text; }
    RecordPicker > LinkList { height: auto; max-height: 8; border: none; padding: 0; background: $boost; }
    """

    def __init__(self, kind: str, *, multiple: bool, value: list[str] | str | None = None,
                 id: str | None = None) -> None:
        super().__init__(id=id)
        self.kind = kind
        self.multiple = multiple
        self.chosen: list[str] = list(value) if isinstance(value, list) else ([value] if value else [])
        self._seq = self._shown = 0
        self._take_first = False

    def compose(self) -> ComposeResult:
        yield Static("", classes="picker-chosen", markup=False)
        yield Input(placeholder=_(TEXT["type_many" if self.multiple else "type_one"]), compact=True,
                    classes="picker-query")
        yield LinkList(classes="picker-matches")

    def on_mount(self) -> None:
        self.query_one(LinkList).display = False
        self.query_one(LinkList).can_focus = False  # ↑↓ in the field move through it; Tab goes on to the next field
        self._show_chosen()

    @property
    def value(self) -> list[str] | str | None:
        return list(self.chosen) if self.multiple else (self.chosen[0] if self.chosen else None)

    @property
    def query_input(self) -> Input:
        return self.query_one(".picker-query", Input)

    def focus(self, scroll_visible: bool = True) -> RecordPicker:
        self.query_input.focus(scroll_visible)
        return self

    def _label(self, record_id: str) -> str:
        from landscape.model.models import BY_KIND

        data = self.app.data  # type: ignore[attr-defined]
        record = data.index(BY_KIND[self.kind].table).get(record_id) if data is not None else None
        return record.label if record is not None else record_id

    def _show_chosen(self) -> None:
        line = Text(end="")
        if not self.chosen:
            line.append(_(TEXT["none"]), style="dim")
        for i, record_id in enumerate(self.chosen):
            line.append(" · " if i else "")
            line.append_text(plain(self._label(record_id), "bold"))
        self.query_one(".picker-chosen", Static).update(line)

    # --- typing ----------------------------------------------------------------------------------
    @on(Input.Changed, ".picker-query")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self._seq += 1
        self._take_first = False
        query = event.value.strip()
        if not query or self.app.data is None:  # type: ignore[attr-defined]
            self.query_one(LinkList).display = False
            self.workers.cancel_group(self, "picker")
            return
        self.find(self._seq, query, list(self.chosen))

    @work(thread=True, exclusive=True, group="picker", exit_on_error=False)
    def find(self, seq: int, query: str, exclude: list[str]) -> None:
        app = self.app
        found = rank(app.data, app.search_index, self.kind, query, exclude)  # type: ignore[attr-defined]
        app.call_from_thread(self._found, seq, found)

    def _found(self, seq: int, found: list[Any]) -> None:
        if seq != self._seq:
            return  # typed on since: a newer list is on its way
        self._shown = seq
        picks = self.query_one(LinkList)
        lines = []
        for record in found[:PICKS]:
            line = plain(record.label, "bold")
            extra = describe(record)
            if extra:
                line.append("  ")
                line.append_text(plain(extra, "dim"))
            line.truncate(max(10, self.size.width - 1), overflow="ellipsis")
            lines.append(picks.link(line, Link("pick", record.id)))
        if not lines:
            lines = [picks.line(Text(_(TEXT["no_match"]), style="dim"))]
        elif len(found) > PICKS:
            lines.append(picks.line(Text(_(TEXT["more"]).format(n=len(found) - PICKS), style="dim")))
        picks.show(lines)
        picks.display = True
        if self._take_first:
            self._take_first = False
            self._submit()

    @on(Input.Submitted, ".picker-query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()  # Enter here picks; it never submits the form
        self._submit()

    def _submit(self) -> None:
        if not self.query_input.value.strip():
            return
        if self._shown != self._seq:
            self._take_first = True  # Enter typed before the matches arrived: take the first one then
            return
        link = self.query_one(LinkList).current_link
        if link is not None:
            self.pick(link.id)

    def pick(self, record_id: str) -> None:
        if self.multiple:
            if record_id not in self.chosen:
                self.chosen.append(record_id)
        else:
            self.chosen = [record_id]
        self.query_input.value = ""
        self._show_chosen()

    def on_link_list_opened(self, event: LinkList.Opened) -> None:
        event.stop()
        if event.link.kind == "pick":
            self.pick(event.link.id)

    def on_key(self, event: events.Key) -> None:
        picks = self.query_one(LinkList)
        if not self.query_input.has_focus:
            return
        if picks.display and event.key in ("up", "down"):
            event.stop()
            picks.action_cursor_down() if event.key == "down" else picks.action_cursor_up()
        elif event.key == "backspace" and not self.query_input.value and self.chosen:
            event.stop()
            self.chosen.pop()
            self._show_chosen()
        elif event.key == "escape" and self.query_input.value:
            event.stop()
            self.query_input.value = ""
