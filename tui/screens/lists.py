"""Lists of actors, plans, competitors, events, offers and sources: sortable, filterable, counted."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from landscape.dataset import MapData
from landscape.i18n import N_, _, text_of
from landscape.model.labels import label
from landscape.model.models import Record
from landscape.model.vocab import PLAN_GENERATIONS
from landscape.model.vocab import ACTOR_KINDS, EVENT_KINDS, OFFER_CATEGORIES, PLAN_STATUSES, ROLES, SECTORS, SOURCE_KINDS

from ..coverage import CoverageReader, per_100k_cell, places_cell, services_cell
from ..format import STATUS_COLOURS, STATUS_LABELS, Labels, fill, plain, records
from ..widgets.dropdown import Dropdown
from ..widgets.footer import Footer
from ..widgets.record_table import RecordTable
from ..widgets.title_bar import TitleBar
from .base import BaseScreen

Cell = Callable[[Record, "Names"], Any]


def generation_label(generation: str | None) -> str:
    return label("plan_generation", generation) if generation else _("unclassified")


SECTORS_SHORT = Labels({"public": N_("public"), "ess": N_("ESS"), "private": N_("private")})  # for a narrow column


class Names:
    """Actor names by id, so rows show names rather than slugs; and coverage by département, once read."""

    def __init__(self, data: MapData, coverage: dict | None = None):
        self.actors = {a.id: a.name for a in data.actors}
        self.coverage = coverage

    def __call__(self, actor_id: str | None) -> str:
        return self.actors.get(actor_id, actor_id or "")


@dataclass(frozen=True)
class Column:
    key: str
    label: str  # a msgid: translated where shown
    cell: Cell
    share: float = 0.2  # the most of the table's width the column may take
    numeric: bool = False
    hide_below: int = 0  # hidden on terminals narrower than this, so the other columns stay readable
    fixed: bool = False  # never shortened (dates, codes: a cut date is no date)


@dataclass(frozen=True)
class Filter:
    key: str
    label: str  # the prompt when nothing is chosen ("any kind"), a msgid
    options: Callable[[MapData, Names], list[tuple[str, str]]]
    test: Callable[[Record, str], bool]
    hide_below: int = 0  # hidden on terminals narrower than this while nothing is chosen in it


@dataclass(frozen=True)
class ListSpec:
    table: str
    title: str
    columns: list[Column]
    filters: list[Filter] = field(default_factory=list)
    default_sort: str = ""


def vocab(values: dict[str, str], vocabulary: str) -> Callable[[MapData, Names], list[tuple[str, str]]]:
    """The codes of a vocabulary, named by their labels in the current language."""
    return lambda data, names: [(label(vocabulary, v), v) for v in values]


def used(attr: str, label: Callable[[str], str] = str) -> Callable[[MapData, Names], list[tuple[str, str]]]:
    """The values of `attr` that occur in the records (of the table given later)."""
    def options(records: list[Record], names: Names) -> list[tuple[str, str]]:
        seen = sorted({v for r in records for v in _values(getattr(r, attr)) if v})
        return [(label(v), v) for v in seen]
    return options


def _values(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list) else [value]


def actor_options(attr: str) -> Callable:
    def options(records: list[Record], names: Names) -> list[tuple[str, str]]:
        ids = {v for r in records for v in _values(getattr(r, attr)) if v}
        return sorted(((names(i), i) for i in ids), key=lambda pair: pair[0].casefold())
    return options


def standing_filter() -> Filter:
    """Plans that set their département's standing (those of its newest generation), by that standing:
    what the home's « Départements by standing » lines open."""
    from landscape.analysis.standing import generation_rank, standing

    setting: dict[str, str] = {}  # plan id -> the standing it sets, computed with the options

    def options(records: list[Record], names: Names) -> list[tuple[str, str]]:
        by_code: dict[str, list[Record]] = {}
        for r in records:
            by_code.setdefault(r.departement_code, []).append(r)
        setting.clear()
        for plans in by_code.values():
            status = standing([(p.generation, p.status) for p in plans])
            newest = max(generation_rank(p.generation) for p in plans)
            setting.update((p.id, status) for p in plans if generation_rank(p.generation) == newest)
        return [(label("plan_status", v), v) for v in PLAN_STATUSES if v in set(setting.values())]

    return Filter("standing", N_("any standing"), options, lambda r, v: setting.get(r.id) == v)


def status_cell(record, names) -> Text:
    return Text(f"■ {STATUS_LABELS[record.status]}", style=STATUS_COLOURS[record.status])


def sector_cell(record, names) -> str | None:
    return SECTORS_SHORT.get(record.sector, record.sector) if record.sector else None


COUNCIL = re.compile(r"^(conseil départemental|département)\s+(?:de la |de l'|de l’|du |des |de |d'|d’)?(.+)$",
                     re.IGNORECASE)


def carriers_cell(record, names) -> str | None:
    """The carriers by name; a départemental council as "CD Gironde", so that the rows tell them apart."""
    return ", ".join(short_council(names(a)) for a in record.carriers) or None


def short_council(name: str) -> str:
    found = COUNCIL.match(name)
    if found is None:
        return name
    return ("CD " if found.group(1).casefold().startswith("conseil") else "Dép. ") + found.group(2)


def roles_cell(record, names) -> str:
    return ", ".join(label("role", r.role) for r in record.roles if r.level == "primary")


def disputed(record, names) -> Text:
    return Text("⚠", style="bold yellow") if record.disputes else Text("")


SPECS: dict[str, ListSpec] = {spec.table: spec for spec in [
    ListSpec("actors", N_("Actors"), [
        Column("name", N_("Name"), lambda r, n: r.name, 0.35),
        Column("kind", N_("Kind"), lambda r, n: label("actor_kind", r.kind), 0.2),
        Column("sector", N_("Sector"), sector_cell, 0.08),
        Column("roles", N_("Primary roles"), roles_cell, 0.3),
        Column("influence", N_("Infl."), lambda r, n: r.positioning.influence if r.positioning else None, 0.05, True,
               fixed=True),
        Column("disputed", "⚠", disputed, 0.02),
    ], [
        Filter("kind", N_("any kind"), vocab(ACTOR_KINDS, "actor_kind"), lambda r, v: r.kind == v),
        Filter("sector", N_("any sector"), vocab(SECTORS, "sector"), lambda r, v: r.sector == v),
        Filter("role", N_("any role"), vocab(ROLES, "role"), lambda r, v: any(x.role == v for x in r.roles)),
    ], "name"),
    ListSpec("plans", N_("Plans"), [
        Column("code", N_("Dép."), lambda r, n: r.departement_code, 0.05, fixed=True),
        Column("departement", N_("Département"), lambda r, n: r.departement_name, 0.22),
        Column("region", N_("Region"), lambda r, n: r.region, 0.22, hide_below=120),
        Column("generation", N_("Generation"), lambda r, n: generation_label(r.generation), 0.12),
        Column("status", N_("Status"), status_cell, 0.16),
        Column("adopted", N_("Adopted"), lambda r, n: r.adopted, 0.08, hide_below=100, fixed=True),
        Column("carriers", N_("Carried by"), carriers_cell, 0.25),
        Column("places", N_("Places"), lambda r, n: places_cell(n.coverage, r.departement_code), 0.06, True),
        Column("per_100k", N_("/100k"), lambda r, n: per_100k_cell(n.coverage, r.departement_code), 0.06, True,
               hide_below=110),
        Column("services", N_("Top services (places)"),
               lambda r, n: services_cell(n.coverage, r.departement_code), 0.3, hide_below=100),
    ], [
        Filter("status", N_("any status"), vocab(PLAN_STATUSES, "plan_status"), lambda r, v: r.status == v),
        standing_filter(),
        Filter("generation", N_("any generation"), vocab(PLAN_GENERATIONS, "plan_generation"),
               lambda r, v: r.generation == v),
        Filter("region", N_("any region"), used("region"), lambda r, v: r.region == v, hide_below=110),
    ], "code"),
    ListSpec("competitors", N_("Competitors"), [
        Column("actor", N_("Actor"), lambda r, n: n(r.actor), 0.25),
        Column("competitor", N_("Competitor"), lambda r, n: n(r.competitor), 0.25),
        Column("arena", N_("Arena"), lambda r, n: text_of(r, "arena"), 0.35),
        Column("overlap", N_("Overlap"), lambda r, n: label("overlap", r.overlap), 0.08),
    ], [
        Filter("overlap", N_("any overlap"), lambda d, n: [(label("overlap", v), v) for v in ("high", "medium", "low")],
               lambda r, v: r.overlap == v),
        Filter("actor", N_("any actor"), actor_options("actor"), lambda r, v: v in (r.actor, r.competitor)),
    ], "actor"),
    ListSpec("events", N_("Events"), [
        Column("date", N_("Date"), lambda r, n: r.date, 0.1, fixed=True),
        Column("kind", N_("Kind"), lambda r, n: label("event_kind", r.kind), 0.15),
        Column("title", N_("Title"), lambda r, n: text_of(r, "title"), 0.45),
        Column("actors", N_("Actors"), lambda r, n: ", ".join(n(a) for a in r.actors), 0.25),
        Column("scope", N_("Scope"), lambda r, n: label("scope", r.scope), 0.1, hide_below=100),
    ], [
        Filter("kind", N_("any kind"), vocab(EVENT_KINDS, "event_kind"), lambda r, v: r.kind == v),
        Filter("actor", N_("any actor"), actor_options("actors"), lambda r, v: v in r.actors),
        # Years are listed from the dates, newest first.
        Filter("year", N_("any year"),
               lambda records, names: [(y, y) for y in sorted({r.date[:4] for r in records}, reverse=True)],
               lambda r, v: r.date[:4] == v),
    ], "date"),
    ListSpec("offers", N_("Offers"), [
        Column("name", N_("Name"), lambda r, n: r.name, 0.3),
        Column("owner", N_("Owner"), lambda r, n: n(r.owner), 0.3),
        Column("category", N_("Category"), lambda r, n: label("offer_category", r.category), 0.15),
        Column("launched", N_("Launched"), lambda r, n: r.launched, 0.1, fixed=True),
    ], [
        Filter("category", N_("any category"), vocab(OFFER_CATEGORIES, "offer_category"),
               lambda r, v: r.category == v),
        Filter("owner", N_("any owner"), actor_options("owner"), lambda r, v: r.owner == v),
    ], "name"),
    ListSpec("sources", N_("Sources"), [
        Column("title", N_("Title"), lambda r, n: r.title, 0.4),
        Column("kind", N_("Kind"), lambda r, n: label("source_kind", r.kind), 0.1),
        Column("publisher", N_("Publisher"), lambda r, n: r.publisher, 0.2),
        Column("date", N_("Date"), lambda r, n: r.date, 0.1, fixed=True),
        Column("locator", N_("Locator"), lambda r, n: r.locator, 0.15),
    ], [
        Filter("kind", N_("any kind"), vocab(SOURCE_KINDS, "source_kind"), lambda r, v: r.kind == v),
    ], "title"),
]}


def fit_widths(columns: list[list[Text]], available: int, minimum: int = 6,
               shares: list[float] | None = None, fixed: list[bool] | None = None) -> list[int]:
    """Column widths that fit `available` cells: the column widest for its share gives way first.

    With shares, a column that matters (the name) keeps more of its text than one that can be guessed
    from a few letters (the kind); without, the widest columns give way first. Fixed columns keep their width.
    """
    widths = [max((t.cell_len for t in cells), default=0) for cells in columns]
    weights = shares or [1.0] * len(widths)
    keep = fixed or [False] * len(widths)
    while sum(widths) > max(available, minimum * len(widths)):
        shrinkable = [i for i in range(len(widths)) if widths[i] > minimum and not keep[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: widths[i] / weights[i])
        widths[widest] -= 1
    return widths


def sort_key(value: Any, numeric: bool) -> tuple:
    if isinstance(value, Text):
        value = value.plain
    if value is None or value == "":
        return (1, 0, "")  # empty cells last
    if numeric:
        return (0, value, "")
    return (0, 0, str(value).casefold())


class ListScreen(CoverageReader, BaseScreen):
    """One table of records with its filters; Enter opens the record under the cursor."""

    BINDINGS = [
        Binding("escape", "back", N_("Back"), show=False),
        Binding("enter", "open", N_("Open"), show=False),
        Binding("s", "sort", N_("Sort"), tooltip=N_("Sort by the next column; again to reverse")),
        Binding("f", "focus_filters", N_("Filter")),
        Binding("0", "clear_filters", N_("Clear filters"), show=False),
        Binding("plus", "add", N_("Add"), tooltip=N_("Add a record of this kind (with its source)"), priority=True),
    ]
    AUTO_FOCUS = "RecordTable"
    HELP_TITLE = N_("Lists")

    def __init__(self, table: str) -> None:
        super().__init__(id=f"list-{table}")
        self.spec = SPECS[table]
        self.records: list[Record] = []
        self.shown: list[Record] = []
        self.sort_column = self.spec.default_sort
        self.reverse = False
        self.names: Names | None = None
        self._pending: dict[str, str] = {}
        self._filled_width: int | None = None  # the width the rows were last cut to
        self._filled: tuple | None = None  # what the table shows: ids, cells, widths, order

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Horizontal(classes="filters"):
            for f in self.spec.filters:
                select = Dropdown(prompt=_(f.label), id=f"filter-{f.key}")
                select.display = self.app.size.width >= f.hide_below
                yield select
            yield Static("", id="count", markup=False)
        yield RecordTable(id="table")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.query_one(RecordTable).loading = self.app.data is None
        super().on_mount()
        self.query_one(RecordTable).focus()

    def label(self) -> None:
        self.sub_title = _(self.spec.title)
        for f in self.spec.filters:
            self.query_one(f"#filter-{f.key}", Dropdown).prompt = _(f.label)

    @property
    def uses_coverage(self) -> bool:
        return self.spec.table == "plans"

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "brief":
            return self.spec.table == "actors"
        return True

    def show_data(self, data: MapData) -> None:
        self.records = list(data.table(self.spec.table))
        self.names = Names(data, self.coverage)
        if self.uses_coverage:
            self.start_coverage()
        for f in self.spec.filters:
            select = self.query_one(f"#filter-{f.key}", Dropdown)
            options = f.options(self.records, self.names)
            with self.prevent(Dropdown.Changed):  # the map changed, or the language: a choice still offered stays
                select.set_options([(plain(text), value) for text, value in options])
        self.query_one(RecordTable).loading = False
        self.refill()
        if self._pending:
            self.call_after_refresh(self._apply_pending)

    def show_coverage(self, coverage: dict) -> None:
        if self.names is not None:
            self.names.coverage = coverage
            self.refill()

    def action_brief(self) -> None:
        record_id = self.query_one(RecordTable).current_id
        if self.spec.table == "actors" and record_id is not None:
            self.app.open_brief(record_id)

    def _apply_pending(self) -> None:
        """Filters asked for before the screen was ready (the filters get their options with the map)."""
        pending, self._pending = self._pending, {}
        for key, value in pending.items():
            self.set_filter(key, value)

    def set_filter(self, key: str, value: str | None) -> None:
        """Set one filter (used by the home screen's plan statuses)."""
        if self.app.data is None or self.names is None:
            if value is not None:
                self._pending[key] = value
            return
        select = self.query_one(f"#filter-{key}", Dropdown)
        with self.prevent(Dropdown.Changed):
            select.value = Dropdown.NULL if value is None else value
        self.refill()

    def active_filters(self) -> dict[str, str]:
        out = {}
        for f in self.spec.filters:
            value = self.query_one(f"#filter-{f.key}", Dropdown).value
            if value is not Dropdown.NULL:
                out[f.key] = value
        return out

    @on(Dropdown.Changed)
    def _filter_changed(self, event: Dropdown.Changed) -> None:
        if event.select.id and event.select.id.startswith("filter-"):
            if event.value is not Dropdown.NULL:
                event.select.display = True  # chosen while hidden (a link, a narrow screen): it shows
            self.refill()
            if event.select.has_focus:  # a filter chosen: back to the rows it left (f returns to the filters)
                self.query_one(RecordTable).focus()

    def refill(self) -> None:
        if self.names is None:
            return
        table = self.query_one(RecordTable)
        keep = table.current_id
        self._filled_width = self.app.size.width
        active = self.active_filters()
        tests = [(f, active[f.key]) for f in self.spec.filters if f.key in active]
        self.shown = [r for r in self.records if all(f.test(r, v) for f, v in tests)]
        visible = self.visible_columns()
        columns = {c.key: c for c in self.spec.columns}
        column = columns.get(self.sort_column)
        if column is not None:
            self.shown.sort(key=lambda r: sort_key(column.cell(r, self.names), column.numeric), reverse=self.reverse)
        rows = [[self._cell(c, record) for c in visible] for record in self.shown]
        layer = self.app.layer
        for record, row in zip(self.shown, rows):
            retired = layer.retired_of(self.spec.table, record.id)
            if retired and row:  # still listed, read as ended: dim, and why in the first text column
                for cell in row:
                    cell.stylize("dim")
                first = next((i for i, c in enumerate(visible) if not c.fixed), 0)
                row[first] = Text.assemble(row[first], ("  " + _("retired: "), "dim italic"),
                                           plain(retired["reason"], "dim italic"))
        widths = fit_widths([[Text(_(c.label) + "  ")] + [row[i] for row in rows] for i, c in enumerate(visible)],
                            self.app.size.width - 2 * len(visible) - 3, shares=[c.share for c in visible],
                            fixed=[c.fixed for c in visible])
        filled = ([r.id for r in self.shown], rows, widths, self.sort_column, self.reverse)
        if filled == self._filled:  # the same rows again (coverage read anew, unchanged): keep the table as it is
            self._count(active)
            return
        self._filled = filled
        table.clear(columns=True)
        for c, width in zip(visible, widths):
            header = Text(_(c.label), style="bold")
            if c.key == self.sort_column:
                header.append(" ▼" if self.reverse else " ▲")
            table.add_column(header, key=c.key, width=max(width, header.cell_len))
        for record, row in zip(self.shown, rows):
            table.add_row(*row, key=record.id)  # cut to the column's width, with an ellipsis, as drawn
        if keep is not None and keep in {r.id for r in self.shown}:
            table.move_cursor(row=table.get_row_index(keep), animate=False)
        self._count(active)

    def _count(self, active: dict[str, str]) -> None:
        if active:
            count = fill(_("{shown} of {total}"), shown=Text(str(len(self.shown)), style="bold"),
                         total=records(self.spec.table, len(self.records), style=""))
        else:
            count = records(self.spec.table, len(self.shown))
        shown = self.query_one("#count", Static)
        if getattr(shown, "content", None) != count:  # each update lays the screen out again
            shown.update(count)

    def visible_columns(self) -> list[Column]:
        return [c for c in self.spec.columns if self.app.size.width >= c.hide_below]

    def _cell(self, column: Column, record: Record) -> Text:
        value = column.cell(record, self.names)
        return value if isinstance(value, Text) else plain("" if value is None else value)

    def on_resize(self) -> None:
        for f in self.spec.filters:
            if f.hide_below:  # a filter in use stays, whatever the width
                select = self.query_one(f"#filter-{f.key}", Dropdown)
                select.display = self.app.size.width >= f.hide_below or select.value is not Dropdown.NULL
        if self.app.size.width != self._filled_width:  # the first Resize comes right after the rows were cut
            self.refill()

    def action_sort(self) -> None:
        """Sort by the current column the other way round, or by the next column after a full turn."""
        if self.names is not None:
            self._sort_by(self._next_sort_column())

    def _next_sort_column(self) -> str:
        keys = [c.key for c in self.visible_columns()]
        if self.reverse or self.sort_column not in keys:
            return keys[(keys.index(self.sort_column) + 1) % len(keys)] if self.sort_column in keys else keys[0]
        return self.sort_column

    def _sort_by(self, key: str) -> None:
        if key == self.sort_column:
            self.reverse = not self.reverse
        else:
            self.sort_column, self.reverse = key, False
        self.refill()
        table = self.query_one(RecordTable)
        if table.row_count:  # a new order is read from its top
            table.move_cursor(row=0, animate=False)
            table.scroll_home(animate=False)

    @on(RecordTable.HeaderSelected)
    def _header_clicked(self, event: RecordTable.HeaderSelected) -> None:
        self._sort_by(event.column_key.value)

    @on(RecordTable.RowSelected)
    def _row_selected(self, event: RecordTable.RowSelected) -> None:
        self.action_open()

    def action_open(self) -> None:
        record_id = self.query_one(RecordTable).current_id
        if record_id is not None and self.spec.table == "plans":  # a plan's row opens its département's page
            plan = self.app.data.index("plans").get(record_id) if self.app.data else None
            if plan is not None:
                self.app.open_departement(plan.departement_code)
        elif record_id is not None:
            self.app.open_record(self.spec.table[:-1], record_id)

    def action_add(self) -> None:
        from .record_form import RecordForm

        if self.app.data is not None:
            self.app.open_form(RecordForm(self.spec.table[:-1]), self._added)

    def _added(self, entry: Any) -> None:
        if entry is not None and entry.record_id:
            self.app.open_record(self.spec.table[:-1], entry.record_id)

    def action_focus_filters(self) -> None:
        if self.spec.filters:
            self.set_focus(self.query_one(f"#filter-{self.spec.filters[0].key}", Dropdown))  # at once

    def action_clear_filters(self) -> None:
        with self.prevent(Dropdown.Changed):
            for f in self.spec.filters:
                self.query_one(f"#filter-{f.key}", Dropdown).value = Dropdown.NULL
        self.refill()
        self.query_one(RecordTable).focus()

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        if self.names is None:
            return None
        payload = {"view": f"{self.spec.table} list", "filters": self.active_filters(),
                   "sort": {"column": self.sort_column, "reverse": self.reverse},
                   self.spec.table: [r.model_dump(mode="json") for r in self.shown]}
        if self.uses_coverage and self.coverage:
            payload["coverage"] = [self.coverage[r.departement_code].as_dict()
                                   for r in self.shown if r.departement_code in self.coverage]
        return self.spec.table, payload
