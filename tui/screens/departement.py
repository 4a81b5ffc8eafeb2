"""One département on one page (Enter on the map, the plans list, or a search hit of kind département).

The page is `landscape.analysis.departement.departement_view()`, computed in a worker and drawn line by line from
`landscape.analysis.brief.text_lines()` (the same lines as `landscape brief 33`) in a LinkList: long lines wrap,
the page scrolls, and the lines that name a plan, an actor, an event or a source open it. `b` shows the
same page as the brief screen (where `s` saves it as Markdown).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rich.padding import Padding
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets.option_list import Option

from landscape.dataset import MapData
from landscape.i18n import N_, _
from landscape.text import printable

from ..format import plain
from ..widgets.footer import Footer
from ..widgets.link_list import Link, LinkList
from ..widgets.title_bar import TitleBar
from .base import BaseScreen

TEXT = {
    "loading": N_("Reading the département…"),
    "unknown": N_("No département with code {code}."),
    "sub_title": N_("Département · {name} ({code})"),
}


class Hanging(Padding):
    """A line that wraps under its own start, `indent` cells in (its `plain` is the text's)."""

    def __init__(self, text: Text, indent: int = 2) -> None:
        super().__init__(text, (0, 0, 0, indent))
        self.text = text

    @property
    def plain(self) -> str:
        return self.text.plain


@lru_cache(maxsize=1)
def departement_names() -> dict[str, str]:
    """code → name of the 101 départements (the bundled official list)."""
    from landscape.dataset import load_departements

    return {d.code: d.name for d in load_departements()}


def section_links(view: dict[str, Any]) -> list[list[Link]]:
    """For each section of the page, in the order `departement_blocks` writes them, the record each of its
    items names (an empty list: items that open nothing)."""
    cited: list[str] = []
    for row in [*view["plans"], *view["events"]]:  # sources are numbered in the order they are first cited
        cited.extend(s["id"] for s in row["sources"] if s["id"] not in cited)
    sections = [[Link("plan", p["id"]) for p in view["plans"]],
                [Link("actor", a["id"]) for a in view["actors"]],
                [Link("actor", p["id"]) for p in view["people"]]]
    if view["places"] is not None:
        sections.append([])
    sections.append([Link("event", e["id"]) for e in view["events"]])
    if view["news"]:
        sections.append([])
    sections += [[], [Link("source", s) for s in cited]]
    return sections


def page_lines(v: LinkList, view: dict[str, Any]) -> list[Option]:
    """The page as LinkList lines: the title and headings, then items, linked when they name a record."""
    from landscape.analysis.brief import text_lines

    blocks = text_lines(view)
    links = section_links(view)
    headings = sum(1 for style, _ in blocks if style == "heading")
    if headings != len(links):  # the page's layout changed: show it all, unlinked, rather than mislink
        links = [[] for _ in range(headings)]
    out: list[Option] = []
    section, item = -1, 0
    for style, text in blocks:
        if style == "title":
            out.append(v.line(plain(text, "bold")))
        elif style == "heading":
            section, item = section + 1, 0
            out.append(v.line(""))
            out.append(v.heading(text))
        elif style == "item":
            line = Hanging(plain(text))
            chosen = links[section] if 0 <= section < len(links) else []
            out.append(v.link(line, chosen[item]) if item < len(chosen) else v.line(line))
            item += 1
        else:
            out.append(v.line(plain(text, "dim" if section >= 0 else "")))
    return out


class DepartementScreen(BaseScreen):
    """A département's plans by generation, actors, people, places, events, news and open questions."""

    AUTO_FOCUS = "#departement"
    HELP_TITLE = N_("Département")
    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("b", "brief", N_("Brief"), tooltip=N_("The same page as a brief (s saves it as Markdown)")),
    ]

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code
        self.view: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield LinkList(id="departement")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        name = departement_names().get(self.code)
        v = self.query_one(LinkList)
        title = plain(f"{name} ({self.code})" if name else self.code, "bold")
        v.show([v.line(title), v.line(Text(_(TEXT["loading"]), style="italic dim"))])
        super().on_mount()

    def label(self) -> None:
        """The texts that do not come from the map, in the current language (again after a switch)."""
        name, code = (self.view["name"], self.view["code"]) if self.view else (departement_names().get(self.code),
                                                                             self.code)
        self.sub_title = printable(_(TEXT["sub_title"]).format(name=name or "?", code=code))

    def show_data(self, data: MapData) -> None:
        self.build(self.ticket("page"))

    @work(thread=True, exclusive=True, group="departement", exit_on_error=False)
    def build(self, ticket: int) -> None:
        from landscape.analysis.departement import departement_view

        store = self.app.store
        if store is None:
            return
        with store.lock:
            known = any(row["code"] == self.code for row in store.departements())
            view = departement_view(store, self.code) if known else None
        self.app.call_from_thread(self._show, view, ticket)

    def _show(self, view: dict[str, Any] | None, ticket: int) -> None:
        if not self.is_mounted or not self.is_newest("page", ticket):
            return  # closed, or built from a map replaced since: the newer page will land
        v = self.query_one(LinkList)
        if view is None:
            before, _code, after = _(TEXT["unknown"]).partition("{code}")
            v.show([v.line(Text.assemble(before, plain(self.code, "bold"), after))])
            return
        self.view = view
        self.label()
        v.show(page_lines(v, view), keep_top=True)

    def action_brief(self) -> None:
        from .brief import BriefScreen

        self.app.push_screen(BriefScreen(departement=self.code))

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        if self.view is None:
            return None
        return f"departement-{self.code}", self.view
