"""Competitors of one actor: recorded rivals by arena with each side's edge, then suggested rivals."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Header, Static
from textual.widgets.option_list import Option

from landscape.dataset import MapData

from ..format import plain, words
from ..widgets.footer import Footer
from ..widgets.link_list import Link, LinkList
from .base import BaseScreen, measures_ready

OVERLAP_STYLES = {"high": "bold red", "medium": "bold yellow", "low": "dim"}
EDGE_WORDS = (("influence", "curated influence"), ("measured", "measured influence"), ("partners", "partners"),
              ("funders", "funders"), ("plans", "départemental plans"), ("offers", "offers"))


def standing_text(name: str, standing: dict[str, Any]) -> Text:
    text = plain(name, "bold")
    text.append(":  ")
    parts = [f"{label} {'-' if standing[key] is None else standing[key]}" for key, label in EDGE_WORDS]
    text.append(" · ".join(parts), style="dim")
    return text


def reason(suggestion: dict[str, Any], data: MapData | None) -> str:
    """Why an actor is suggested, in words: roles and categories by their labels, actors by their names."""
    names = {a.id: a.name for a in data.actors} if data is not None else {}

    def listed(values: list[str], label=words) -> str:
        items = [label(v) for v in values]
        return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]

    def plural(n: int, one: str) -> str:
        return one if n == 1 else one + "s"

    parts = []
    if suggestion["shared_categories"]:
        cats = suggestion["shared_categories"]
        offers = [o.name for o in data.offers if o.owner == suggestion["id"] and o.category in cats] if data else []
        parts.append("also runs " + listed(cats, lambda c: words(c) + "s")
                     + (f" ({listed(offers[:3], str)})" if offers else ""))
    if suggestion["shared_primary_roles"]:
        roles = suggestion["shared_primary_roles"]
        parts.append(f"same primary {plural(len(roles), 'role')}: {listed(roles)}")
    if suggestion["overlapping_roles"]:
        roles = suggestion["overlapping_roles"]
        parts.append(f"overlapping {plural(len(roles), 'role')}: {listed(roles)}")
    for key, one in (("shared_funders", "same funder"), ("shared_partners", "shared partner")):
        if suggestion[key]:
            parts.append(f"{plural(len(suggestion[key]), one)}: {listed(suggestion[key], lambda a: names.get(a, a))}")
    return "; ".join(parts) or suggestion["reason"]


class CompetitorsScreen(BaseScreen):
    """One actor's rivals; Enter opens the rival, C on a rival shows its own competitors."""

    BINDINGS = [
        Binding("escape", "back", "Back", show=False),
        Binding("enter", "open", "Open", show=False),
    ]
    AUTO_FOCUS = "#rivals"
    HELP_TITLE = "Competitors of an actor"

    def __init__(self, actor_id: str) -> None:
        super().__init__()
        self.actor_id = actor_id
        self.result: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text("Reading the competition…", style="dim"), id="rivals-head", markup=False)
        yield LinkList(id="rivals")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = f"Competitors · {self.actor_id}"
        super().on_mount()
        self.query_one(LinkList).focus()

    def show_data(self, data: MapData) -> None:
        if measures_ready(data):
            self._computed(data, self._competition(data))
            return
        self.wait_for(self.query_one(LinkList))
        self.compute(data)

    @work(thread=True, exclusive=True, group="competition", exit_on_error=False)
    def compute(self, data: MapData) -> None:
        """`competition()` measures the whole graph for each side's edge: off the UI thread."""
        result = self._competition(data)
        self.app.call_from_thread(self._computed, data, result)

    def _competition(self, data: MapData) -> dict[str, Any]:
        from landscape.analysis.competition import competition
        from landscape.errors import LandscapeError

        try:
            return competition(data, self.actor_id, limit=10)
        except LandscapeError as exc:
            return {"error": str(exc)}

    def _computed(self, data: MapData, result: dict[str, Any]) -> None:
        if data is not self.app.data:
            return
        view = self.query_one(LinkList)
        self.done_waiting(view)
        head = self.query_one("#rivals-head", Static)
        if "error" in result:
            head.update(Text.assemble(("No actor ", "bold red"), plain(self.actor_id, "bold"), " in the map."))
            view.show([])
            return
        self.result = result
        name = result["actor"]["name"]
        self.sub_title = f"Competitors · {name}"
        n_recorded = sum(len(g["rivals"]) for g in result["recorded"])
        title = Text("Competitors of ", style="bold", end="")
        title.append_text(plain(name, "bold #ffb000"))
        title.append(f"  {n_recorded} recorded in {len(result['recorded'])} arenas · "
                     f"{len(result['suggested'])} suggested", style="dim")
        title.append("\n")
        title.append_text(standing_text(name, result["standing"]))
        head.update(title)
        view.show(self.lines(view, result))

    def lines(self, v: LinkList, result: dict[str, Any]) -> list[Option | None]:
        name = result["actor"]["name"]
        out: list[Option | None] = []
        if not result["recorded"]:
            out.append(v.line(Text("No competitor recorded.", style="dim")))
        for group in result["recorded"]:
            heading = Text(" ", style="bold reverse", end="")
            heading.append_text(plain(group["arena"], "bold reverse"))
            heading.append(" ", style="bold reverse")
            heading.append(f"  overlap {group['overlap']}", style=OVERLAP_STYLES.get(group["overlap"], ""))
            out.append(v.line(heading))
            for rival in group["rivals"]:
                line = plain(rival["name"], "bold")
                line.append(f"  overlap {rival['overlap']}", style=OVERLAP_STYLES.get(rival["overlap"], ""))
                line.append("  recorded", style="dim")
                ours, theirs = rival["edge"]["actor"], rival["edge"]["competitor"]
                line.append("\n  ")
                line.append_text(plain(f"{name}'s edge: ", "green"))
                line.append_text(plain("; ".join(ours) if ours else "—"))
                line.append("\n  ")
                line.append_text(plain(f"{rival['name']}'s edge: ", "magenta"))
                line.append_text(plain("; ".join(theirs) if theirs else "—"))
                if rival["note"]:
                    line.append("\n  ")
                    line.append_text(plain(rival["note"], "dim italic"))
                out.append(v.link(line, Link("actor", rival["id"])))
        out.append(v.heading("suggested: not yet recorded", len(result["suggested"])))
        if not result["suggested"]:
            out.append(v.line(Text("Nothing suggested: no other actor shares a primary role, or an offer category "
                                   "and a role, with this one.", style="dim")))
        for s in result["suggested"]:
            line = plain(s["name"], "bold")
            line.append("  suggested", style="bold italic #b070e0")
            line.append(f"  {words(s['kind'])} · score {s['score']:g}", style="dim")
            line.append("\n  ")
            line.append_text(plain(reason(s, self.app.data), "italic"))
            out.append(v.link(line, Link("actor", s["id"])))
        out.append(v.line(Text("Enter opens a rival · C shows its competitors · v adds it to the comparison",
                               style="dim")))
        return out

    def current_actor(self) -> str | None:
        link = self.query_one(LinkList).current_link
        return link.id if link is not None and link.kind == "actor" else self.actor_id

    def action_open(self) -> None:
        link = self.query_one(LinkList).current_link
        if link is not None:
            self.app.open_link(link)

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        if self.result is None:
            return None
        return f"competitors-{self.actor_id}", {"view": "competitors", **self.result}
