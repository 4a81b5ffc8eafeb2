"""Compare two to four actors side by side: one column each, the same sections on the same lines."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static

from landscape.analysis.compare import MAX_ACTORS, MIN_ACTORS
from landscape.analysis.positioning import LEVEL_MARKS, select_actors
from landscape.dataset import MapData
from landscape.i18n import N_, _, colon, decimal, display_date, format_number, semicolon, text_of
from landscape.model.labels import label

from ..format import STATUS_COLOURS, plain
from ..widgets.footer import Footer
from ..widgets.link_list import Link, LinkList
from ..widgets.power_grid import quadrant_label
from ..widgets.title_bar import TitleBar
from .base import BaseScreen, measures_ready

PICKS = 8
SECTIONS = {
    "kind": N_("kind"), "roles": N_("roles"), "positioning": N_("positioning"), "funders": N_("funders"),
    "sponsors": N_("sponsored by"), "funds": N_("funds or sponsors"), "partners": N_("partners"), "offers": N_("offers"),
    "competitors": N_("competitors"), "plans": N_("plans"), "events": N_("latest events"),
}
SHARED = {"roles": N_("roles"), "partners": N_("partners"), "funders": N_("funders"), "plans": N_("plans"),
          "offer_categories": N_("offer categories")}
TEXT = {
    "title": N_("Compare"),
    "scores": N_("influence {influence} · interest {interest}"),
    "unrated": N_("unrated"),
    "measured": N_("measured {measured} (PageRank #{rank})"),
    "network": N_("betweenness {betweenness} · degree {degree}"),
    "carrier": N_("carrier"),
    "add": N_("+ add an actor: type a name…"),
    "count": N_("{n} of {max}"),
    "choose": N_("Choose 2 to 4 actors: "),
    "how": N_("type a name above and press Enter, or press "),
    "anywhere": N_(" on any actor (its detail, a list, the positioning views)."),
    "common": N_("In common: "),
    "nothing": N_("nothing recorded"),
    "rivals": N_("Rivals: "),
    "rivalry": N_("{actor} vs {competitor} — {arena} (overlap {overlap})"),
    "keys": N_("←↑↓→ move · Enter opens · - removes this column · + adds an actor"),
    "opens": N_("  (Enter opens)"),
    "no_match": N_("No actor matches."),
    "more": N_("… {n} more: type more letters"),
    "at_most": N_("{max} actors at most: - removes the column under the cursor."),
}


def rank_actors(data: MapData, index, query: str, *, exclude: list[str] = ()) -> list:
    """Actors matching `query` in the order of the global search; a plain name filter until it is built."""
    actors = data.index("actors")
    if index is not None:
        hits = index.search(query, kinds=["actor"], limit=PICKS + len(exclude) + 20)
        found = [actors[h.id] for h in hits if h.id in actors]
    else:
        found = select_actors(data, text=query)
        found.sort(key=lambda a: (not a.name.casefold().startswith(query.casefold()), a.name.casefold()))
    return [a for a in found if a.id not in exclude]


def sections(col: dict[str, Any], data: MapData | None = None) -> list[tuple[str, list[tuple[Text, Link | None]]]]:
    """One actor's column as (section, lines); each line is its text and what Enter opens.

    Curated texts (rationale, event titles) are read from `data` in the current language when it is given.
    """
    pos = col["positioning"]
    actor = data.index("actors").get(col["id"]) if data is not None else None
    events = data.index("events") if data is not None else {}

    def actors(key: str) -> list[tuple[Text, Link | None]]:
        return [(plain(a["name"]), Link("actor", a["id"])) for a in col[key]]

    scores: list[tuple[Text, Link | None]] = []
    if pos["quadrant"]:
        scores.append((Text.assemble((quadrant_label(pos["quadrant"]), "bold")), None))
        scores.append((Text(_(TEXT["scores"]).format(influence=pos["influence"], interest=pos["interest"])), None))
    else:
        scores.append((Text(_(TEXT["unrated"]), style="dim"), None))
    if pos["measured"] is not None:
        scores.append((Text(_(TEXT["measured"]).format(measured=pos["measured"], rank=pos["pagerank_rank"])), None))
    scores.append((Text(_(TEXT["network"]).format(betweenness=decimal(pos["betweenness"] or 0, ".3f"),
                                                  degree=pos["degree"] or 0)), None))
    rationale = text_of(actor.positioning, "rationale") if actor is not None and actor.positioning else pos["rationale"]
    if rationale:
        scores.append((plain(rationale, "italic"), None))
    sector = f" · {label('sector', col['sector'])}" if col["sector"] else ""
    return [(_(SECTIONS[key]), lines) for key, lines in (
        ("kind", [(Text(label("actor_kind", col["kind"]) + sector), None)]),
        ("roles", [(Text(f"{LEVEL_MARKS[level]} {label('role', role)}", style="bold" if level == "primary" else ""),
                    None) for role, level in col["roles"].items()]),
        ("positioning", scores),
        ("funders", actors("funders")),
        ("sponsors", actors("sponsors")),
        ("funds", actors("funds")),
        ("partners", actors("partners")),
        ("offers", [(Text.assemble(plain(o["name"]), (f"  {label('offer_category', o['category'])}", "dim")),
                     Link("offer", o["id"])) for o in col["offers"]]),
        ("competitors", [(Text.assemble(plain(c["name"]), (f"  {label('overlap', c['overlap'])}", "dim")),
                          Link("actor", c["id"])) for c in col["competitors"]]),
        ("plans", [(Text.assemble(plain(p["departement"]), "  ",
                                  (f"■ {label('plan_status', p['status'])}", STATUS_COLOURS.get(p["status"], "")),
                                  ("  " + _(TEXT["carrier"]) if p["carrier"] else "", "bold")), Link("plan", p["id"]))
                   for p in col["plans"]]),
        ("events", [(Text.assemble((display_date(p["date"]) + " ", "bold"),
                                   plain(text_of(events[p["id"]], "title") if p["id"] in events else p["title"])),
                     Link("event", p["id"])) for p in col["events"]]),
    )]


class CompareScreen(BaseScreen):
    """Type a name to add an actor (or press v on any actor); - removes the column under the cursor."""

    # The names chosen take half the line at most (cut with "…"): the field keeps room for its hint.
    DEFAULT_CSS = """
    CompareScreen .filters #count { max-width: 50%; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    BINDINGS = [
        Binding("escape", "back", N_("Back")),
        Binding("plus", "add", N_("Add actor")),
        Binding("minus", "remove", N_("Remove column")),
        Binding("enter", "open", N_("Open"), show=False),
    ]
    AUTO_FOCUS = "#compare-table"
    HELP_TITLE = N_("Compare")

    def __init__(self) -> None:
        super().__init__(id="compare-actors")
        self.chosen: list[str] = []
        self.result: dict[str, Any] | None = None
        self.cells: dict[tuple[int, int], tuple[Text, Link | None]] = {}
        self._shown_for: tuple | None = None
        self._pick_seq = self._picks_shown = 0
        self._submit_when_found = False

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(classes="filters"):
            yield Input(placeholder=_(TEXT["add"]), id="compare-add", compact=True)
            yield Static("", id="count", markup=False)
        yield LinkList(id="compare-picks")
        yield DataTable(id="compare-table", cursor_type="cell", zebra_stripes=False)
        yield Static("", id="compare-common", markup=False)
        yield Static("", id="compare-cell", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one("#compare-picks").display = False
        super().on_mount()
        self.query_one("#compare-add" if len(self.chosen) < MIN_ACTORS else "#compare-table").focus()

    def label(self) -> None:
        """The texts that do not come from the map, in the current language (again after a switch)."""
        self.sub_title = _(TEXT["title"])
        self.query_one("#compare-add", Input).placeholder = _(TEXT["add"])

    def on_screen_resume(self) -> None:
        if self.app.data is not None:
            self.show_data(self.app.data)
        if len(self.chosen) < MIN_ACTORS:
            self.query_one("#compare-add").focus()

    def on_resize(self) -> None:
        self._fill()

    # --- the set of actors ------------------------------------------------------------------------
    def add(self, actor_id: str) -> None:
        if actor_id not in self.chosen and len(self.chosen) < MAX_ACTORS:
            self.chosen.append(actor_id)
            self._changed()

    def remove(self, actor_id: str) -> None:
        if actor_id in self.chosen:
            self.chosen.remove(actor_id)
            self._changed()

    def _changed(self) -> None:
        if self.is_mounted and self.app.data is not None:
            self.show_data(self.app.data)

    def show_data(self, data: MapData) -> None:
        key = (id(data), tuple(self.chosen))
        self._count(data)
        if key == self._shown_for:
            self._fill()  # the same comparison, drawn again (the language may have changed)
            return
        self._shown_for = key
        if len(self.chosen) < MIN_ACTORS:
            self.result = None
            self._fill()
            return
        if measures_ready(data):
            self._computed(data, list(self.chosen), self._compare(data, list(self.chosen)))
            return
        self.wait_for(self.query_one("#compare-table"))
        self.compute(data, list(self.chosen))

    def _count(self, data: MapData) -> None:
        names = [data.index("actors")[a].name for a in self.chosen if a in data.index("actors")]
        text = Text(_(TEXT["count"]).format(n=len(self.chosen), max=MAX_ACTORS), style="bold", end="")
        if names:
            text.append(colon() + " ")
            text.append_text(plain(", ".join(names)))
        self.query_one("#count", Static).update(text)

    @work(thread=True, exclusive=True, group="compare", exit_on_error=False)
    def compute(self, data: MapData, chosen: list[str]) -> None:
        result = self._compare(data, chosen)
        self.app.call_from_thread(self._computed, data, chosen, result)

    def _compare(self, data: MapData, chosen: list[str]) -> dict[str, Any]:
        from landscape.analysis.compare import compare

        actors = [data.index("actors")[a] for a in chosen if a in data.index("actors")]
        try:
            return compare(data, actors)
        except Exception as exc:  # noqa: BLE001 - shown, not swallowed
            return {"error": str(exc)}

    def _computed(self, data: MapData, chosen: list[str], result: dict[str, Any]) -> None:
        if (id(data), tuple(chosen)) != self._shown_for:
            return  # the set changed meanwhile: a newer comparison is on its way
        self.done_waiting(self.query_one("#compare-table"))
        self.result = result
        self._fill()

    # --- drawing -----------------------------------------------------------------------------------
    def _fill(self) -> None:
        if not self.is_mounted:
            return
        table = self.query_one("#compare-table", DataTable)
        common = self.query_one("#compare-common", Static)
        table.clear(columns=True)
        self.cells = {}
        if self.result is None or "error" in self.result:
            message = Text(self.result["error"], style="bold red") if self.result else Text.assemble(
                (_(TEXT["choose"]), "bold"), _(TEXT["how"]), ("v", "bold reverse"), _(TEXT["anywhere"]))
            common.update(message)
            self.query_one("#compare-cell", Static).update("")
            return
        columns = self.result["actors"]
        width = max(12, (self.size.width - 3) // len(columns) - 2)
        for col in columns:
            table.add_column(plain(col["name"], "bold").truncate(width, overflow="ellipsis") or
                             _cut(plain(col["name"], "bold"), width), key=col["id"], width=width)
        per_actor = [sections(col, self.app.data) for col in columns]
        row = 0
        for s, (name, _lines) in enumerate(per_actor[0]):
            depth = max(len(parts[s][1]) for parts in per_actor)
            heading = [Text(f" {name} ", style="bold reverse") for _ in columns]
            table.add_row(*heading, key=f"_h{s}")
            row += 1
            for k in range(max(depth, 1)):
                cells = []
                for c, parts in enumerate(per_actor):
                    lines = parts[s][1]
                    text, link = lines[k] if k < len(lines) else (Text("—" if k == 0 else "", style="dim"), None)
                    self.cells[(row, c)] = (text, link)
                    cells.append(_cut(text, width))
                table.add_row(*cells)
                row += 1
        common.update(self._common_text())
        table.move_cursor(row=1, column=0, animate=False)  # the first line under the first heading
        self._describe_cell()

    def _common_text(self) -> Text:
        assert self.result is not None
        names = {col["id"]: col["name"] for col in self.result["actors"]}
        data = self.app.data
        labels = {a.id: a.name for a in data.actors} if data else {}
        labels.update({p.id: p.departement_name for p in data.plans} if data else {})
        arenas = {(c.actor, c.competitor): text_of(c, "arena") for c in data.competitors} if data else {}
        text = Text(_(TEXT["common"]), style="bold", end="")
        shared = self.result["shared"]
        parts = []
        for key, heading in SHARED.items():
            if shared.get(key):
                vocabulary = {"roles": "role", "offer_categories": "offer_category"}.get(key)
                values = [label(vocabulary, v) if vocabulary else labels.get(v, v) for v in shared[key]]
                parts.append(f"{_(heading)} {', '.join(values)}")
        text.append_text(plain((semicolon() + " ").join(parts) if parts else _(TEXT["nothing"])))
        for r in self.result["rivalries"]:
            text.append("\n" + _(TEXT["rivals"]), style="bold")
            text.append_text(plain(_(TEXT["rivalry"]).format(
                actor=names.get(r["actor"], r["actor"]), competitor=names.get(r["competitor"], r["competitor"]),
                arena=arenas.get((r["actor"], r["competitor"]), r["arena"]), overlap=label("overlap", r["overlap"]))))
        return text

    @on(DataTable.CellHighlighted, "#compare-table")
    def _describe_cell(self) -> None:
        cell = self.query_one("#compare-cell", Static)
        table = self.query_one("#compare-table", DataTable)
        found = self.cells.get((table.cursor_row, table.cursor_column))
        if not found or not found[0].plain.strip("— "):
            cell.update(Text(_(TEXT["keys"]), style="dim"))
            return
        text = found[0].copy()
        if found[1] is not None:
            text.append(_(TEXT["opens"]), style="dim")
        cell.update(text)

    # --- keys --------------------------------------------------------------------------------------
    def current_actor(self) -> str | None:
        if self.result is None or "error" in self.result:
            return None
        table = self.query_one("#compare-table", DataTable)
        found = self.cells.get((table.cursor_row, table.cursor_column))
        if found and found[1] is not None and found[1].kind == "actor":
            return found[1].id
        columns = self.result["actors"]
        return columns[table.cursor_column]["id"] if 0 <= table.cursor_column < len(columns) else None

    @on(DataTable.CellSelected, "#compare-table")
    def _cell_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one("#compare-table", DataTable)
        found = self.cells.get((table.cursor_row, table.cursor_column))
        if found and found[1] is not None:
            self.app.open_link(found[1])
        elif self.result and "error" not in self.result and 0 <= table.cursor_column < len(self.result["actors"]):
            self.app.open_record("actor", self.result["actors"][table.cursor_column]["id"])

    def action_add(self) -> None:
        self.query_one("#compare-add", Input).focus()

    def action_remove(self) -> None:
        if not self.chosen:
            return
        table = self.query_one("#compare-table", DataTable)
        index = table.cursor_column if self.result and "error" not in self.result else len(self.chosen) - 1
        columns = [c["id"] for c in self.result["actors"]] if self.result and "error" not in self.result else self.chosen
        if 0 <= index < len(columns):
            self.remove(columns[index])

    def action_back(self) -> None:
        field = self.query_one("#compare-add", Input)
        if field.has_focus and field.value:
            field.value = ""
            return
        if field.has_focus and len(self.chosen) >= MIN_ACTORS:
            self.query_one("#compare-table").focus()
            return
        super().action_back()

    # --- the picker --------------------------------------------------------------------------------
    @on(Input.Changed, "#compare-add")
    def _query_changed(self, event: Input.Changed) -> None:
        self._pick_seq += 1
        self._submit_when_found = False
        query = event.value.strip()
        if not query or self.app.data is None:
            self.query_one("#compare-picks", LinkList).display = False
            self.workers.cancel_group(self, "picks")
            return
        self.find_actors(self._pick_seq, query, list(self.chosen))

    @work(thread=True, exclusive=True, group="picks", exit_on_error=False)
    def find_actors(self, seq: int, query: str, chosen: list[str]) -> None:
        """Actors ranked by the global search (the same order as `/`), off the UI thread."""
        found = rank_actors(self.app.data, self.app.search_index, query, exclude=chosen)
        self.app.call_from_thread(self._show_picks, seq, found)

    def _show_picks(self, seq: int, found: list) -> None:
        if seq != self._pick_seq:
            return  # typed on since: a newer list is on its way
        self._picks_shown = seq
        picks = self.query_one("#compare-picks", LinkList)
        lines = [picks.link(Text.assemble(plain(a.name, "bold"), (f"  {label('actor_kind', a.kind)}", "dim")),
                            Link("pick", a.id)) for a in found[:PICKS]]
        if not lines:
            lines = [picks.line(Text(_(TEXT["no_match"]), style="dim"))]
        elif len(found) > PICKS:
            lines.append(picks.line(Text(_(TEXT["more"]).format(n=format_number(len(found) - PICKS)), style="dim")))
        picks.show(lines)
        picks.display = True
        if self._submit_when_found:
            self._submit_when_found = False
            self._query_submitted()

    @on(Input.Submitted, "#compare-add")
    def _query_submitted(self) -> None:
        if self._picks_shown != self._pick_seq and self.query_one("#compare-add", Input).value.strip():
            self._submit_when_found = True  # Enter typed before the matches arrived: take the first one then
            return
        link = self.query_one("#compare-picks", LinkList).current_link
        if link is not None:
            self._pick(link.id)

    def on_key(self, event) -> None:
        """Up and down in the name field move through the matches."""
        picks = self.query_one("#compare-picks", LinkList)
        if self.query_one("#compare-add", Input).has_focus and picks.display and event.key in ("up", "down"):
            event.stop()
            picks.action_cursor_down() if event.key == "down" else picks.action_cursor_up()

    def on_link_list_opened(self, event: LinkList.Opened) -> None:
        event.stop()
        if event.link.kind == "pick":
            self._pick(event.link.id)
        else:
            self.app.open_link(event.link)

    def _pick(self, actor_id: str) -> None:
        if len(self.chosen) >= MAX_ACTORS:
            self.app.notify(_(TEXT["at_most"]).format(max=MAX_ACTORS), severity="warning")
            return
        field = self.query_one("#compare-add", Input)
        field.value = ""  # the field keeps focus: type the next name at once (Esc or Tab reach the table)
        self.add(actor_id)

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        if not self.result or "error" in self.result:
            return None
        return "compare-" + "-".join(self.chosen), {"view": "compare", **self.result}


def _cut(text: Text, width: int) -> Text:
    out = text.copy()
    out.truncate(width, overflow="ellipsis")
    return out
