"""The plans map: France as a grid of départements coloured by their standing; Enter opens the département.

`g` cycles the generation the colours follow: the newest plans, then the standing as of each generation
(2024 roadmaps, 2019 charters, 2018 strategies), to show how the country moved; `l` colours by places.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from landscape.analysis.standing import GENERATIONS, generation_rank, standings
from landscape.dataset import MapData
from landscape.i18n import N_, _, colon, display_date, format_number
from landscape.model.labels import label
from landscape.model.models import Plan
from landscape.model.vocab import DEPARTEMENT_CODES, PLAN_STATUSES

from ..coverage import CoverageReader, coverage_colours, flow, total_places
from ..format import STATUS_COLOURS, plain
from ..widgets.footer import Footer
from ..widgets.france_map import FranceMap
from ..widgets.title_bar import TitleBar
from .base import BaseScreen

SIDE_WIDTH = 38
AS_OF: tuple[str | None, ...] = (None, *reversed(GENERATIONS))
"""What `g` cycles through: the newest plans, then as of each generation, newest first."""
TEXT = {
    "newest": N_("Standing from the newest plans"),
    "as_of": N_("Standing as of the {generation}"),
    "hint_status": N_("↑↓←→ move · Enter opens the département · g generation · l colours by coverage"),
    "hint_coverage": N_("↑↓←→ move · Enter opens the département · g generation · l colours by plan status"),
    "title": N_("Plans map"),
    "title_coverage": N_("Plans map · coverage by places"),
    "title_as_of": N_("Plans map · as of the {generation}"),
    "no_places": N_("No place imported yet: run 'landscape fetch lieux' to see coverage."),
    "reading": N_("Coverage: reading the places…"),
    "no_plan": N_("no plan found in the sources"),
    "opens": N_("Enter opens the département"),
    "unclassified": N_("unclassified"),
    "adopted": N_("adopted {date}"),  # a day: « adopté le 3 mars 2018 »
    "signed": N_("signed {date}"),
    "adopted_in": N_("adopted {month}"),  # a month or a year: « adopté en mars 2018 »
    "signed_in": N_("signed {month}"),
    "places": N_("places"),
    "per_100k": N_("{n} per 100,000 inhabitants"),
}


class PlansMapScreen(CoverageReader, BaseScreen):
    # Below the map (narrow terminals) each plan is one line, cut with "…"; beside it (wide) lines wrap.
    DEFAULT_CSS = """
    PlansMapScreen #map-info { text-wrap: nowrap; text-overflow: ellipsis; }
    PlansMapScreen.-wide #map-info { text-wrap: wrap; }
    """
    AUTO_FOCUS = "#france"
    HELP_TITLE = N_("Plans map")
    BINDINGS = [
        Binding("escape", "back", N_("Back"), show=False),
        # On the screen, with priority, so the page is pushed as the key arrives: keys typed after it go there.
        Binding("enter", "open", N_("Open"), priority=True,
                tooltip=N_("Open the département: its plans of every generation")),
        Binding("l", "switch_view", N_("Layer"),
                tooltip=N_("Colour the départements by plan status or by places (open data)")),
        Binding("g", "cycle_generation", N_("Gen."),
                tooltip=N_("Colour by the newest plans, or as of the 2024, 2019 or 2018 generation")),
    ]

    def __init__(self) -> None:
        super().__init__(id="plans-map")
        self.plans: dict[str, list[Plan]] = {}
        self.names: dict[str, str] = {}
        self.mode = "status"
        self.generation: str | None = None  # None: the newest plans
        self.status_legend: list[Text] = []
        self._fitted: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width >= 13 * 6 + SIDE_WIDTH, "-wide")  # before the widgets are styled
        yield TitleBar()
        with Horizontal(id="map-body"):
            yield FranceMap(id="france")
            with Vertical(id="map-side"):
                yield Static("", id="legend", markup=False)
                yield Static("", id="map-info", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(FranceMap).focus()

    def label(self) -> None:
        """The title in the current language (again after a switch); `show_data` draws the rest."""
        self.sub_title = _(TEXT["title"])

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Tiles and layout sized to the screen: the app's size before the first layout, so that the
        first frame is the right one (a screen fills the app); again when the terminal is resized."""
        size = (self.size.width or self.app.size.width, self.size.height or self.app.size.height)
        if size == self._fitted:
            return
        self._fitted = size
        wide = size[0] >= 13 * 6 + SIDE_WIDTH
        self.set_class(wide, "-wide")
        height = size[1] - 2 - (0 if wide else 7)
        width = size[0] - (SIDE_WIDTH + 2 if wide else 0)
        self.query_one(FranceMap).size_cells(width, height)
        if self.plans:
            self.show_mode()

    def show_data(self, data: MapData) -> None:
        self._fit()
        self.plans = {}
        for plan in sorted(data.plans, key=lambda p: generation_rank(p.generation), reverse=True):
            self.plans.setdefault(plan.departement_code, []).append(plan)
        self.names = {a.id: a.name for a in data.actors}
        self.colour_by_standing()
        self.start_coverage()
        self.show_mode()

    def colour_by_standing(self) -> None:
        """The tiles' colours and the legend, as of the chosen generation."""
        rows = [(p.departement_code, p.generation, p.status) for plans in self.plans.values() for p in plans]
        standing = standings(rows, DEPARTEMENT_CODES, self.generation)
        self.query_one(FranceMap).set_statuses(standing)
        counts = {s: sum(1 for v in standing.values() if v == s) for s in PLAN_STATUSES}
        self.status_legend = [Text.assemble(("■ ", STATUS_COLOURS[status]), f"{label('plan_status', status)} {counts[status]}")
                              for status in PLAN_STATUSES if counts[status]]

    def legend_heading(self) -> Text:
        """Which plans the colours follow: on its own line beside the map, before the legend below it."""
        heading = _(TEXT["newest"]) if self.generation is None else _(TEXT["as_of"]).format(
            generation=label("plan_generation", self.generation))
        return Text(heading + ("\n" if self.has_class("-wide") else colon() + " "), style="bold", end="")

    def action_cycle_generation(self) -> None:
        self.generation = AS_OF[(AS_OF.index(self.generation) + 1) % len(AS_OF)]
        self.colour_by_standing()
        if self.mode != "status":
            self.mode = "status"  # `g` is about plans: show them
        self.show_mode()

    def action_switch_view(self) -> None:
        self.mode = "coverage" if self.mode == "status" else "status"
        self.show_mode()
        if self.mode == "coverage" and self.coverage is not None and not total_places(self.coverage):
            self.notify(_(TEXT["no_places"]), severity="warning")

    def show_coverage(self, coverage: dict) -> None:
        self.show_mode()

    def show_mode(self) -> None:
        france = self.query_one(FranceMap)
        legend = self.query_one("#legend", Static)
        width = (SIDE_WIDTH if self.has_class("-wide") else self.size.width) - 2  # the side's padding
        if self.mode == "coverage" and self.coverage is not None:
            colours, text = coverage_colours(self.coverage, width)
            france.set_colours(colours)
            legend.update(text)
        elif self.mode == "coverage":
            france.set_colours({})
            legend.update(Text(_(TEXT["reading"]), style="dim"))
        else:
            france.set_colours(None)
            legend.update(flow(self.legend_heading(), self.status_legend, width))
        if self.mode == "coverage":
            self.sub_title = _(TEXT["title_coverage"])
        elif self.generation is None:
            self.sub_title = _(TEXT["title"])
        else:
            self.sub_title = _(TEXT["title_as_of"]).format(generation=label("plan_generation", self.generation))
        self.describe(france.selected)

    def describe(self, code: str) -> None:
        plans = self.plans.get(code, [])
        info = self.query_one("#map-info", Static)
        if not plans:
            from .departement import departement_names

            info.update(Text.assemble(plain(f"{departement_names().get(code, '?')} ({code})", "bold"),
                                      (f"\n{_(TEXT['no_plan'])}\n{_(TEXT['opens'])}", "dim")))
            return
        plan = plans[0]
        wide = self.has_class("-wide")  # below the map there are a few lines: one per plan, cut with "…"
        cov = self.coverage.get(code) if self.coverage else None
        text = Text.assemble(plain(f"{plan.departement_name} ({code})", "bold"), "  ", plain(plan.region, "dim"))
        cap = generation_rank(self.generation) if self.generation else len(GENERATIONS)
        for plan in plans:  # newest generation first; plans newer than the chosen generation dimmed
            items = [Text((label("plan_generation", plan.generation) if plan.generation else _(TEXT["unclassified"])),
                          style="bold" if generation_rank(plan.generation) <= cap else "dim strike"),
                     Text(f"■ {label('plan_status', plan.status)}", style=STATUS_COLOURS.get(plan.status, ""))]
            if plan.period:
                items.append(Text(plan.period))
            for key in ("adopted", "signed"):
                when = getattr(plan, key)
                if when:
                    items.append(Text(_(TEXT[key]).format(date=display_date(when)) if len(when) == 10
                                      else _(TEXT[key + "_in"]).format(month=display_date(when))))
            text.append("\n")
            # Beside the map, each piece on one line (wrapped between pieces); below it, one line cut with "…".
            text.append_text(flow(Text(""), items, SIDE_WIDTH - 2) if wide else Text("  ").join(items))
            if plan.carriers and wide:
                text.append("\n  ")
                text.append(plain(", ".join(self.names.get(a, a) for a in plan.carriers), "italic"))
        if cov is not None and total_places(self.coverage):
            text.append(f"\n{_(TEXT['places'])}{colon()} ", style="dim")
            text.append(format_number(cov.places), style="bold")
            if cov.per_100k is not None:
                text.append(" · " + _(TEXT["per_100k"]).format(n=format_number(cov.per_100k)))
            for name, count in cov.top_services(3 if wide else 0):
                text.append(f"\n  {format_number(count)} ", style="bold")
                text.append(plain(name))
        if wide:
            text.append("\n" + _(TEXT["hint_status" if self.mode == "status" else "hint_coverage"]), style="dim")
        info.update(text)

    @on(FranceMap.Selected)
    def _selected(self, event: FranceMap.Selected) -> None:
        self.describe(event.code)

    def action_open(self) -> None:
        self.app.open_departement(self.query_one(FranceMap).selected)

    @on(FranceMap.Opened)
    def _opened(self, event: FranceMap.Opened) -> None:
        self.app.open_departement(event.code)

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        if not self.plans:
            return None
        payload = {"view": "plans map", "colour": self.mode, "as_of_generation": self.generation,
                   "plans": [p.model_dump(mode="json") for plans in self.plans.values() for p in plans]}
        if self.coverage:
            payload["coverage"] = [c.as_dict() for c in self.coverage.values()]
        return "plans-map", payload
