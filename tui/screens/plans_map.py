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
from textual.widgets import Header, Static

from landscape.dataset import MapData
from landscape.model.models import Plan
from landscape.model.labels import label
from landscape.analysis.standing import GENERATIONS, generation_rank, standings
from landscape.model.vocab import DEPARTEMENT_CODES, PLAN_GENERATIONS_SHORT, PLAN_STATUSES

from ..coverage import CoverageReader, coverage_colours, total_places
from ..format import STATUS_COLOURS, STATUS_LABELS, plain, status_text
from ..widgets.footer import Footer
from ..widgets.france_map import FranceMap
from .base import BaseScreen

SIDE_WIDTH = 38
AS_OF: tuple[str | None, ...] = (None, *reversed(GENERATIONS))
"""What `g` cycles through: the newest plans, then as of each generation, newest first."""
TEXT = {
    "newest": "Standing from the newest plans",
    "as_of": "Standing as of the {generation}",
    "hint": "↑↓←→ move · Enter opens the département · g generation · l colours by {other}",
}


class PlansMapScreen(CoverageReader, BaseScreen):
    AUTO_FOCUS = "#france"
    HELP_TITLE = "Plans map"
    BINDINGS = [
        Binding("escape", "back", "Back", show=False),
        # On the screen, with priority, so the page is pushed as the key arrives: keys typed after it go there.
        Binding("enter", "open", "Open", priority=True, tooltip="Open the département: its plans of every generation"),
        Binding("l", "switch_view", "Layer",
                tooltip="Colour the départements by plan status or by places (open data)"),
        Binding("g", "cycle_generation", "Gen.",
                tooltip="Colour by the newest plans, or as of the 2024, 2019 or 2018 generation"),
    ]

    def __init__(self) -> None:
        super().__init__(id="plans-map")
        self.plans: dict[str, list[Plan]] = {}
        self.names: dict[str, str] = {}
        self.mode = "status"
        self.generation: str | None = None  # None: the newest plans
        self.status_legend = Text()
        self._fitted: tuple[int, int] | None = None

    def compose(self) -> ComposeResult:
        self.set_class(self.app.size.width >= 13 * 6 + SIDE_WIDTH, "-wide")  # before the widgets are styled
        yield Header()
        with Horizontal(id="map-body"):
            yield FranceMap(id="france")
            with Vertical(id="map-side"):
                yield Static("", id="legend", markup=False)
                yield Static("", id="map-info", markup=False)
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.sub_title = "Plans map"
        super().on_mount()
        self.query_one(FranceMap).focus()

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
        legend = Text(end="")
        for i, status in enumerate(s for s in PLAN_STATUSES if counts[s]):
            legend.append("  " if i else "")
            legend.append("■ ", style=STATUS_COLOURS[status])
            legend.append(f"{STATUS_LABELS[status]} {counts[status]}")
        self.status_legend = legend

    def legend_heading(self) -> Text:
        """Which plans the colours follow: on its own line beside the map, before the legend below it."""
        heading = TEXT["newest"] if self.generation is None else TEXT["as_of"].format(
            generation=label("plan_generation", self.generation))
        return Text(heading + ("\n" if self.has_class("-wide") else ": "), style="bold", end="")

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
            self.notify("No place imported yet: run 'landscape fetch lieux' to see coverage.", severity="warning")

    def show_coverage(self, coverage: dict) -> None:
        self.show_mode()

    def show_mode(self) -> None:
        france = self.query_one(FranceMap)
        legend = self.query_one("#legend", Static)
        if self.mode == "coverage" and self.coverage is not None:
            colours, text = coverage_colours(self.coverage)
            france.set_colours(colours)
            legend.update(text)
        elif self.mode == "coverage":
            france.set_colours({})
            legend.update(Text("Coverage: reading the places…", style="dim"))
        else:
            france.set_colours(None)
            legend.update(Text.assemble(self.legend_heading(), self.status_legend))
        if self.mode == "coverage":
            self.sub_title = "Plans map · coverage by places"
        elif self.generation is None:
            self.sub_title = "Plans map"
        else:
            self.sub_title = f"Plans map · as of the {label('plan_generation', self.generation)}"
        self.describe(france.selected)

    def describe(self, code: str) -> None:
        plans = self.plans.get(code, [])
        info = self.query_one("#map-info", Static)
        if not plans:
            from .departement import departement_names

            info.update(Text.assemble(plain(f"{departement_names().get(code, '?')} ({code})", "bold"),
                                      ("\nno plan found in the sources\nEnter opens the département", "dim")))
            return
        plan = plans[0]
        wide = self.has_class("-wide")  # below the map there are a few lines: one per plan, cut with "…"
        cov = self.coverage.get(code) if self.coverage else None
        text = Text.assemble(plain(f"{plan.departement_name} ({code})", "bold"), "  ", plain(plan.region, "dim"))
        cap = generation_rank(self.generation) if self.generation else len(GENERATIONS)
        for plan in plans:  # newest generation first; plans newer than the chosen generation dimmed
            text.append("\n")
            text.append(PLAN_GENERATIONS_SHORT.get(plan.generation or "", "unclassified") + "  ",
                        style="bold" if generation_rank(plan.generation) <= cap else "dim strike")
            text.append_text(status_text(plan.status))
            for key, word in (("period", ""), ("adopted", "adopted "), ("signed", "signed ")):
                if getattr(plan, key):
                    text.append(f"  {word}{getattr(plan, key)}")
            if plan.carriers and wide:
                text.append("\n  ")
                text.append(plain(", ".join(self.names.get(a, a) for a in plan.carriers), "italic"))
        if cov is not None and total_places(self.coverage):
            text.append("\nplaces: ", style="dim")
            text.append(str(cov.places), style="bold")
            if cov.per_100k is not None:
                text.append(f" · {cov.per_100k:g} per 100,000")
            for name, count in cov.top_services(3 if wide else 0):
                text.append(f"\n  {count} ", style="bold")
                text.append(plain(name))
        if wide:
            other = "coverage" if self.mode == "status" else "plan status"
            text.append("\n" + TEXT["hint"].format(other=other), style="dim")
        else:
            text.no_wrap, text.overflow = True, "ellipsis"
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
