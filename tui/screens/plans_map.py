"""The plans map: France as a grid of départements coloured by plan status; Enter opens the plan."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Static

from landscape.dataset import MapData
from landscape.models import Plan
from landscape.vocab import PLAN_STATUSES

from ..format import STATUS_COLOURS, STATUS_LABELS, plain, status_text
from ..widgets.france_map import FranceMap
from .base import BaseScreen

SIDE_WIDTH = 38


class PlansMapScreen(BaseScreen):
    AUTO_FOCUS = "#france"
    HELP_TITLE = "Plans map"

    def __init__(self) -> None:
        super().__init__(id="plans-map")
        self.plans: dict[str, Plan] = {}
        self.names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
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
        wide = self.size.width >= 13 * 6 + SIDE_WIDTH
        self.set_class(wide, "-wide")
        height = self.size.height - 2 - (0 if wide else 7)
        width = self.size.width - (SIDE_WIDTH + 2 if wide else 0)
        self.query_one(FranceMap).size_cells(width, height)

    def show_data(self, data: MapData) -> None:
        self.plans = {p.departement_code: p for p in data.plans}
        self.names = {a.id: a.name for a in data.actors}
        france = self.query_one(FranceMap)
        france.set_statuses({code: p.status for code, p in self.plans.items()})
        counts = {s: sum(1 for p in data.plans if p.status == s) for s in PLAN_STATUSES}
        legend = Text(end="")
        for i, status in enumerate(PLAN_STATUSES):
            legend.append("  " if i else "")
            legend.append("■ ", style=STATUS_COLOURS[status])
            legend.append(f"{STATUS_LABELS[status]} {counts[status]}")
        self.query_one("#legend", Static).update(legend)
        self.describe(france.selected)

    def describe(self, code: str) -> None:
        plan = self.plans.get(code)
        info = self.query_one("#map-info", Static)
        if plan is None:
            info.update(Text(f"{code}: no plan recorded", style="dim"))
            return
        text = Text.assemble(plain(f"{plan.departement_name} ({code})", "bold"), "  ", plain(plan.region, "dim"),
                             "\n", status_text(plan.status))
        if plan.adopted:
            text.append(f"  adopted {plan.adopted}")
        if plan.title:
            text.append("\n")
            text.append(plain(plan.title, "italic"))
        if plan.lead:
            text.append("\nlead: ", style="dim")
            text.append(plain(self.names.get(plan.lead, plan.lead)))
        text.append("\n↑↓←→ move · Enter opens the plan", style="dim")
        info.update(text)

    @on(FranceMap.Selected)
    def _selected(self, event: FranceMap.Selected) -> None:
        self.describe(event.code)

    @on(FranceMap.Opened)
    def _opened(self, event: FranceMap.Opened) -> None:
        plan = self.plans.get(event.code)
        if plan is not None:
            self.app.open_record("plan", plan.id)

    def export_payload(self) -> tuple[str, dict[str, Any]] | None:
        if not self.plans:
            return None
        return "plans-map", {"view": "plans map",
                             "plans": [p.model_dump(mode="json") for p in self.plans.values()]}
