"""Search everywhere: a query box whose results update as you type.

Each keystroke bumps a sequence number and starts a thread worker (exclusive: the previous one is
cancelled). The worker waits out the debounce delay, searches, and hands back its sequence number;
results whose number is no longer the latest are dropped, so a slow old query never replaces a newer one.
"""

from __future__ import annotations

import threading

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from landscape.i18n import N_, _, colon, ngettext, text_of
from landscape.model.labels import label

from ..format import fill, highlight, kind_badge, plain, record_name
from .dropdown import Dropdown
from .link_list import Link, LinkList

PLACEHOLDER = N_("Press / to search actors, plans, events, offers, sources…")
SEARCH_KINDS = ("actor", "plan", "departement", "event", "offer", "competitor", "source", "relation", "lieu")
LIMIT = 50
BADGE = 11  # the kind column


def excerpt(text: str, spans: list[tuple[int, int]], width: int = 70) -> tuple[str, list[tuple[int, int]]]:
    """A window of `text` around its first match, with the spans moved into the window."""
    if len(text) <= width:
        return text, spans
    first = spans[0][0] if spans else 0
    start = max(0, min(first - width // 3, len(text) - width))
    end = start + width
    piece = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    shift = 1 if start else 0
    moved = [(max(s, start) - start + shift, min(e, end) - start + shift) for s, e in spans if e > start and s < end]
    return piece, moved


def readable_name(hit, data) -> str | None:
    """Relations and competitors are named by their actors' names, not by the ids in their labels; an event
    by its title in the reader's language."""
    if data is None or hit.kind not in ("relation", "competitor", "event"):
        return None
    record = data.index(hit.kind + "s").get(hit.id)
    if record is None:
        return None
    if hit.kind == "event":
        title = record_name(record)
        return title if title != hit.name else None
    if hit.kind == "relation":
        return record_name(record, data)
    return _("{rivalry}: {arena}").format(rivalry=record_name(record, data), arena=text_of(record, "arena"))


def hit_text(hit, data=None, width: int = 80) -> Text:
    """One result in `width` cells: its kind, its name (matched characters highlighted) and its id dimmed,
    then, when something else matched, the field and an excerpt around the match under the name."""
    line = kind_badge(hit.kind, BADGE)
    spans = [tuple(s) for s in hit.spans]
    readable = readable_name(hit, data)
    if readable is None and hit.field == "name" and hit.text == hit.name:
        line.append(highlight(hit.name, spans, "bold"))
    else:
        line.append(plain(readable or hit.name, "bold"))
    if hit.kind != "lieu":  # a place's id is its import source's: nothing a reader looks for
        line.append("  ")
        line.append(plain(hit.id, "dim"))
    line.truncate(width, overflow="ellipsis")
    if readable is not None and hit.field == "name" or hit.field == "name" and hit.text == hit.name:
        return line
    if hit.kind == "departement" and hit.field in ("name", "departement_code"):
        return line  # "Gironde (33)" already shows the name and the code that matched
    caption = field_name(hit.field) + colon() + " "
    text, moved = excerpt(hit.text, spans, max(10, width - BADGE - len(caption)))
    second = Text(" " * BADGE, end="")
    second.append(caption, style="dim")
    second.append_text(highlight(text, moved))
    second.truncate(width, overflow="ellipsis")
    return Text("\n", end="").join([line, second])


def field_name(field: str) -> str:
    """The name of the field a hit matched in, as people read it."""
    return _(FIELD_NAMES[field]) if field in FIELD_NAMES else field.replace("_", " ")


# The fields the search index reads, named for people (`landscape.store.search_index`).
FIELD_NAMES = {
    "name": N_("name"), "alias": N_("also known as"), "summary": N_("summary"), "title": N_("title"),
    "arena": N_("arena"), "note": N_("note"), "publisher": N_("publisher"), "date": N_("date"),
    "commune": N_("commune"), "code": N_("code"), "departement_code": N_("département code"),
    "region": N_("region"), "id": N_("id"),
}


def status_line(hits: list, query: str, width: int) -> Text:
    """"N results for QUERY · kinds  hints" in `width` cells: the hints, then the kinds, give way first."""
    n = f"{len(hits)}{'+' if len(hits) == LIMIT else ''}"
    count = fill(ngettext("{n} result for {query}", "{n} results for {query}", len(hits)), "dim",
                 n=n, query=plain(query, "bold"))
    kinds = Text(" · " + ", ".join(sorted({label("record_kind", h.kind) for h in hits})), style="dim",
                 end="") if hits else Text("")
    hints = Text("  " + _("↑↓ choose · Enter open · Esc clear"), style="dim", end="")
    for parts in ((count, kinds, hints), (count, kinds), (count, hints), (count,)):
        line = Text("", end="").join(parts)
        if line.cell_len <= width:
            return line
    count.truncate(width, overflow="ellipsis")
    return count


class SearchPanel(Vertical):
    """Query box, kind filter, status line and results; posts `LinkList.Opened` when a result is chosen."""

    BINDINGS = [
        Binding("down", "move(1)", N_("Next result"), show=False),
        Binding("up", "move(-1)", N_("Previous result"), show=False),
    ]

    class Toggled(Message):
        """The panel started or stopped showing results."""

        def __init__(self, active: bool) -> None:
            super().__init__()
            self.active = active

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.seq = 0
        self.shown_seq = 0
        self.open_seq = 0  # Enter came before the results of this query: open its first one when they land
        self.active = False

    def compose(self) -> ComposeResult:
        with Horizontal(classes="search-bar"):
            yield Input(placeholder=_(PLACEHOLDER), id="query", compact=True)
            yield Dropdown(self._kinds(), prompt=_("all kinds"), id="search-kind")
        yield Static("", id="search-status", markup=False)
        yield LinkList(id="results")

    def on_mount(self) -> None:
        self.query_one("#results").display = False
        self.query_one("#search-status").display = False

    @staticmethod
    def _kinds() -> list[tuple[Text, str]]:
        return [(Text(label("record_kind", k)), k) for k in SEARCH_KINDS]

    def label(self) -> None:
        """The placeholder, the kind filter and the results, again in the current language."""
        self.input.placeholder = _(PLACEHOLDER)
        self.query_one("#search-kind", Dropdown).relabel(_("all kinds"), self._kinds())
        if self.input.value.strip():
            self.run_search()

    @property
    def input(self) -> Input:
        return self.query_one("#query", Input)

    @property
    def results(self) -> LinkList:
        return self.query_one("#results", LinkList)

    def focus_query(self) -> None:
        """Focus the query box at once (not after the queued keys): the next key typed goes into it."""
        self.screen.set_focus(self.input)
        self.app.search_focused()

    @on(events.DescendantFocus)
    def _focused(self) -> None:
        self.app.search_focused()

    def clear(self) -> bool:
        """Empty the query; False when it was already empty."""
        if not self.input.value:
            return False
        self.input.value = ""
        return True

    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        self.run_search()

    @on(Dropdown.Changed, "#search-kind")
    def _kind_changed(self) -> None:
        self.run_search()

    def run_search(self) -> None:
        self.seq += 1
        query = self.input.value.strip()
        if not query:
            self._set_active(False)
            self.workers.cancel_group(self, "search")
            return
        self._set_active(True)
        kind = self.query_one("#search-kind", Dropdown).value
        kinds = None if kind is Dropdown.NULL else [kind]
        self._status(Text(_("searching…"), style="dim"))
        self._search(self.seq, query, kinds)

    @work(thread=True, exclusive=True, group="search", exit_on_error=False)
    def _search(self, seq: int, query: str, kinds: list[str] | None) -> None:
        worker = get_current_worker()
        threading.Event().wait(self.app.debounce)
        if worker.is_cancelled or seq != self.seq:
            return
        index = self.app.search_index
        if index is None:
            self.app.call_from_thread(self._status, Text(_("indexing the map… results will follow"), style="dim"))
            return
        try:
            hits = index.search(query, kinds=kinds, limit=LIMIT)
        except Exception as exc:  # a broken index must not take the app down
            self.app.call_from_thread(self._status, Text(_("search failed: {error}").format(error=exc),
                                                         style="bold red"))
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, seq, query, hits)

    def _show(self, seq: int, query: str, hits: list) -> None:
        if seq != self.seq or seq < self.shown_seq:
            return  # a newer query was typed since: these results are stale
        self.shown_seq = seq
        self._shown = (seq, query, hits)
        self._draw(query, hits)
        if self.open_seq == seq:
            self.open_seq = 0
            self._open_current()

    def _draw(self, query: str, hits: list, keep: int | None = None) -> None:
        """The results and the status line, cut to the panel's width."""
        results = self.results
        width = max(30, (self.size.width or self.app.size.width) - 4)  # padding and scroll bar
        results.show([results.link(hit_text(h, self.app.data, width), Link(h.kind, h.id)) for h in hits])
        if keep is not None and keep < results.option_count:
            results.highlighted = keep
        self._status(status_line(hits, query, max(30, (self.size.width or self.app.size.width) - 2)))

    def on_resize(self) -> None:
        """Drawn for another width (the terminal was resized, maybe while another screen was shown): again."""
        shown = getattr(self, "_shown", None)
        if self.active and shown is not None and shown[0] == self.seq:
            self._draw(shown[1], shown[2], keep=self.results.highlighted)

    def _status(self, text: Text) -> None:
        self.query_one("#search-status", Static).update(text)

    def _set_active(self, active: bool) -> None:
        if active == self.active:
            return
        self.active = active
        self.results.display = active
        self.query_one("#search-status").display = active
        if not active:
            self.results.clear_options()
        self.post_message(self.Toggled(active))

    def index_ready(self) -> None:
        if self.input.value.strip():
            self.run_search()

    def action_move(self, step: int) -> None:
        results = self.results
        if not self.active or not results.option_count:
            return
        if step > 0:
            results.action_cursor_down()
        else:
            results.action_cursor_up()

    @on(Input.Submitted, "#query")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.shown_seq != self.seq and self.input.value.strip():  # typed faster than the search: wait
            self.open_seq = self.seq
            return
        self._open_current()

    def _open_current(self) -> None:
        link = self.results.current_link
        if link is not None and self.is_attached and self.screen.is_current:
            self.results.focus()  # back from the record, focus is on the results: ↑↓ pick another, Esc leaves
            self.post_message(LinkList.Opened(self.results, link))
