"""Competitors of one actor: recorded rivals by arena with each side's edge, then suggested rivals."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static
from textual.widgets.option_list import Option

from landscape.dataset import MapData
from landscape.i18n import N_, _, colon, format_number, ngettext, semicolon, text_of
from landscape.model.labels import label

from ..format import plain
from ..widgets.footer import Footer
from ..widgets.link_list import Link, LinkList
from ..widgets.title_bar import TitleBar
from .base import BaseScreen, measures_ready

OVERLAP_STYLES = {"high": "bold red", "medium": "bold yellow", "low": "dim"}
EDGE_WORDS = (("influence", N_("curated influence")), ("measured", N_("measured influence")),
              ("partners", N_("partners")), ("funders", N_("funders")), ("plans", N_("départemental plans")),
              ("offers", N_("offers")))
CATEGORY_PLURALS = {
    "platform": N_("platforms"), "programme": N_("programmes"), "publication": N_("publications"),
    "label": N_("labels"), "service": N_("services"), "network": N_("networks"),
    "funding_scheme": N_("funding schemes"), "dataset": N_("datasets"),
}
TEXT = {
    "title": N_("Competitors · {name}"),
    "loading": N_("Reading the competition…"),
    "unknown": N_("No actor {id} in the map."),
    "of": N_("Competitors of "),
    "arenas": N_("{recorded} in {arenas}"),
    "none": N_("No competitor recorded."),
    "overlap": N_("overlap {level}"),
    "recorded": N_("recorded"),
    "edge": N_("{name}'s edge: "),
    "suggested_heading": N_("suggested: not yet recorded"),
    "nothing": N_("Nothing suggested: no other actor shares a primary role, or an offer category and a role, "
                  "with this one."),
    "suggested": N_("suggested"),
    "score": N_("score {score}"),
    "keys": N_("Enter opens a rival · C shows its competitors · v adds it to the comparison"),
    "versus": N_("{what} {higher} vs {lower}"),
    "and": N_("{items} and {last}"),
    "also_runs": N_("also runs {categories}"),
}


def listed(items: list[str]) -> str:
    """"a", "a and b", "a, b and c" in the current language."""
    if len(items) < 2:
        return "".join(items)
    return _(TEXT["and"]).format(items=", ".join(items[:-1]), last=items[-1])


def standing_text(name: str, standing: dict[str, Any]) -> Text:
    text = plain(name, "bold")
    text.append(colon() + "  ")
    parts = [f"{_(words)} {'-' if standing[key] is None else standing[key]}" for key, words in EDGE_WORDS]
    text.append(" · ".join(parts), style="dim")
    return text


def edges(mine: dict[str, Any], theirs: dict[str, Any]) -> tuple[list[str], list[str]]:
    """What each side leads on, in words ("curated influence 5 vs 3"), from the two sides' standings.

    The same reading as `landscape.analysis.competition.edges`, whose words are English identifiers for JSON.
    """
    ours: list[str] = []
    them: list[str] = []
    for key, words in EDGE_WORDS:
        a, b = mine.get(key), theirs.get(key)
        if a is None or b is None or a == b:
            continue
        (ours if a > b else them).append(_(TEXT["versus"]).format(what=_(words), higher=max(a, b), lower=min(a, b)))
    return ours, them


def reason(suggestion: dict[str, Any], data: MapData | None) -> str:
    """Why an actor is suggested, in words: roles and categories by their labels, actors by their names."""
    names = {a.id: a.name for a in data.actors} if data is not None else {}
    parts = []
    if suggestion["shared_categories"]:
        cats = suggestion["shared_categories"]
        offers = [o.name for o in data.offers if o.owner == suggestion["id"] and o.category in cats] if data else []
        runs = _(TEXT["also_runs"]).format(categories=listed(
            [_(CATEGORY_PLURALS[c]) if c in CATEGORY_PLURALS else label("offer_category", c) for c in cats]))
        parts.append(runs + (f" ({listed(offers[:3])})" if offers else ""))
    roles = [label("role", r) for r in suggestion["shared_primary_roles"]]
    if roles:
        parts.append(ngettext("same primary role: {roles}", "same primary roles: {roles}", len(roles))
                     .format(roles=listed(roles)))
    roles = [label("role", r) for r in suggestion["overlapping_roles"]]
    if roles:
        parts.append(ngettext("overlapping role: {roles}", "overlapping roles: {roles}", len(roles))
                     .format(roles=listed(roles)))
    funders = [names.get(a, a) for a in suggestion["shared_funders"]]
    if funders:
        parts.append(ngettext("same funder: {names}", "same funders: {names}", len(funders))
                     .format(names=listed(funders)))
    partners = [names.get(a, a) for a in suggestion["shared_partners"]]
    if partners:
        parts.append(ngettext("shared partner: {names}", "shared partners: {names}", len(partners))
                     .format(names=listed(partners)))
    return (semicolon() + " ").join(parts) or suggestion["reason"]


class CompetitorsScreen(BaseScreen):
    """One actor's rivals; Enter opens the rival, C on a rival shows its own competitors."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), show=False),
        Binding("enter", "open", N_("Open"), show=False),
    ]
    AUTO_FOCUS = "#rivals"
    HELP_TITLE = N_("Competitors of an actor")

    def __init__(self, actor_id: str) -> None:
        super().__init__()
        self.actor_id = actor_id
        self.result: dict[str, Any] | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(Text(_(TEXT["loading"]), style="dim"), id="rivals-head", markup=False)
        yield LinkList(id="rivals")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(LinkList).focus()

    def label(self) -> None:
        """The texts that do not come from the map, in the current language (again after a switch)."""
        self.sub_title = _(TEXT["title"]).format(name=self.result["actor"]["name"] if self.result else self.actor_id)

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
            before, _id, after = _(TEXT["unknown"]).partition("{id}")
            head.update(Text.assemble((before, "bold red"), plain(self.actor_id, "bold"), after))
            view.show([])
            return
        self.result = result
        name = result["actor"]["name"]
        self.sub_title = _(TEXT["title"]).format(name=name)
        n_recorded = sum(len(g["rivals"]) for g in result["recorded"])
        n_arenas, n_suggested = len(result["recorded"]), len(result["suggested"])
        title = Text(_(TEXT["of"]), style="bold", end="")
        title.append_text(plain(name, "bold #ffb000"))
        recorded = _(TEXT["arenas"]).format(
            recorded=ngettext("{n} recorded", "{n} recorded", n_recorded).format(n=n_recorded),
            arenas=ngettext("{n} arena", "{n} arenas", n_arenas).format(n=n_arenas))
        title.append(f"  {recorded} · " + ngettext("{n} suggested", "{n} suggested", n_suggested)
                     .format(n=n_suggested), style="dim")
        title.append("\n")
        title.append_text(standing_text(name, result["standing"]))
        head.update(title)
        view.show(self.lines(view, result))

    def lines(self, v: LinkList, result: dict[str, Any]) -> list[Option | None]:
        name = result["actor"]["name"]
        records = {c.id: c for c in self.app.data.competitors} if self.app.data is not None else {}

        def curated(rival: dict[str, Any], field: str) -> str | None:
            """The rivalry's arena or note in the current language (the result keeps the English)."""
            record = records.get(rival.get("record", ""))
            return text_of(record, field) if record is not None else rival.get(field)

        out: list[Option | None] = []
        if not result["recorded"]:
            out.append(v.line(Text(_(TEXT["none"]), style="dim")))
        for group in result["recorded"]:
            heading = Text(" ", style="bold reverse", end="")
            arena = curated(group["rivals"][0], "arena") if group["rivals"] else None
            heading.append_text(plain(arena or group["arena"], "bold reverse"))
            heading.append(" ", style="bold reverse")
            heading.append("  " + _(TEXT["overlap"]).format(level=label("overlap", group["overlap"])),
                           style=OVERLAP_STYLES.get(group["overlap"], ""))
            out.append(v.line(heading))
            for rival in group["rivals"]:
                line = plain(rival["name"], "bold")
                line.append("  " + _(TEXT["overlap"]).format(level=label("overlap", rival["overlap"])),
                            style=OVERLAP_STYLES.get(rival["overlap"], ""))
                line.append("  " + _(TEXT["recorded"]), style="dim")
                ours, theirs = edges(result["standing"], rival["standing"])
                for who, sides, style in ((name, ours, "green"), (rival["name"], theirs, "magenta")):
                    line.append("\n  ")
                    line.append_text(plain(_(TEXT["edge"]).format(name=who), style))
                    line.append_text(plain((semicolon() + " ").join(sides) if sides else "—"))
                note = curated(rival, "note")
                if note:
                    line.append("\n  ")
                    line.append_text(plain(note, "dim italic"))
                out.append(v.link(line, Link("actor", rival["id"])))
        out.append(v.heading(_(TEXT["suggested_heading"]), len(result["suggested"])))
        if not result["suggested"]:
            out.append(v.line(Text(_(TEXT["nothing"]), style="dim")))
        for s in result["suggested"]:
            line = plain(s["name"], "bold")
            line.append("  " + _(TEXT["suggested"]), style="bold italic #b070e0")
            line.append(f"  {label('actor_kind', s['kind'])} · " + _(TEXT["score"]).format(score=format_number(s["score"])),
                        style="dim")
            line.append("\n  ")
            line.append_text(plain(reason(s, self.app.data), "italic"))
            out.append(v.link(line, Link("actor", s["id"])))
        out.append(v.line(Text(_(TEXT["keys"]), style="dim")))
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
