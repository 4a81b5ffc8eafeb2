"""Coverage of the départements by places (open data) as the plans views read it.

`CoverageReader` is mixed into a screen: it reads `landscape.analysis.coverage` in a thread worker when the
screen mounts or comes back into view, and every few seconds checks `store.generation()` so that an
import (from this app or from `landscape fetch lieux` in another terminal) shows without a restart.
The screen implements `show_coverage()`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work

from landscape.i18n import N_, _, colon, format_number

if TYPE_CHECKING:
    from landscape.analysis.coverage import Coverage

POLL_SECONDS = 3.0
NO_PLACES = "#444444"
# Light to dark would fight the white labels; this runs dark to bright, each readable under its label.
GRADES = ("#2c4f7c", "#1f7a8c", "#22a37a", "#8fc93a", "#f0c419")
TEXT = {
    "per_100k": N_("places per 100,000 inhabitants"),
    "places": N_("places"),
    "legend": N_("Coverage: {measure}"),
    "none": N_("none {n}"),
    "no_place": N_("No place imported yet: landscape fetch lieux"),
    "unavailable": N_("Coverage unavailable: {error}"),
}


def total_places(coverage: dict[str, Coverage] | None) -> int:
    return sum(c.places for c in (coverage or {}).values())


def places_cell(coverage: dict[str, Coverage] | None, code: str) -> int | None:
    """The number of places of a département; None (a blank cell) when no place was ever imported."""
    if not total_places(coverage):
        return None
    cov = coverage.get(code) if coverage else None
    return cov.places if cov else 0


def per_100k_cell(coverage: dict[str, Coverage] | None, code: str) -> float | None:
    cov = coverage.get(code) if coverage else None
    return cov.per_100k if cov else None


def services_cell(coverage: dict[str, Coverage] | None, code: str, n: int = 3) -> str:
    cov = coverage.get(code) if coverage else None
    return ", ".join(f"{name} ({count})" for name, count in cov.top_services(n)) if cov else ""


def measure(coverage: dict[str, Coverage]) -> tuple[str, dict[str, float]]:
    """What the coverage map grades: places per 100,000 inhabitants when every département's
    population is known, else the number of places. Returns (label, value by code)."""
    if coverage and all(c.population for c in coverage.values()):
        return _(TEXT["per_100k"]), {k: c.per_100k or 0.0 for k, c in coverage.items()}
    return _(TEXT["places"]), {k: float(c.places) for k, c in coverage.items()}


def grade_bounds(values: list[float], grades: int = len(GRADES)) -> list[float]:
    """Upper bounds of up to `grades` classes of the non-zero values (quantiles, without repeats)."""
    positive = sorted(v for v in values if v > 0)
    if not positive:
        return []
    bounds: list[float] = []
    for i in range(1, grades + 1):
        bound = positive[min(len(positive) - 1, round(i * len(positive) / grades) - 1)]
        if not bounds or bound > bounds[-1]:
            bounds.append(bound)
    return bounds


def grade_of(value: float, bounds: list[float]) -> int | None:
    """The class of `value` (0-based), None for zero."""
    if value <= 0:
        return None
    for i, bound in enumerate(bounds):
        if value <= bound:
            return i
    return len(bounds) - 1


def _number(value: float) -> str:
    return format_number(value if value != int(value) else int(value))


def flow(head: Text, items: list[Text], width: int) -> Text:
    """`head`, then `items` two spaces apart, starting a new line before an item that would not fit in `width`:
    a legend's entries ("■ en préparation 7") are never split across lines, however long the language makes them."""
    out = head.copy()
    x = len(out.plain) - out.plain.rfind("\n") - 1
    for item in items:
        sep = "  " if x and not out.plain.endswith(" ") else ""
        if x and x + len(sep) + item.cell_len > width:
            out.append("\n")
            x, sep = 0, ""
        out.append(sep)
        out.append_text(item)
        x += len(sep) + item.cell_len
    return out


def coverage_colours(coverage: dict[str, Coverage], width: int = 80) -> tuple[dict[str, str], Text]:
    """The colour of each département and the legend that explains them, its entries flowed to `width`."""
    label, values = measure(coverage)
    bounds = grade_bounds(list(values.values()))
    palette = GRADES[len(GRADES) - len(bounds):] if bounds else ()
    colours = {}
    for code, value in values.items():
        grade = grade_of(value, bounds)
        colours[code] = NO_PLACES if grade is None else palette[grade]
    items = [Text.assemble(("■ ", NO_PLACES),
                           _(TEXT["none"]).format(n=format_number(sum(1 for v in values.values() if v <= 0))))]
    for i, bound in enumerate(bounds):
        members = [v for v in values.values() if grade_of(v, bounds) == i]
        first = min(members, default=bound)
        span = _number(bound) if first >= bound else f"{_number(first)}–{_number(bound)}"
        items.append(Text.assemble(("■ ", palette[i]), f"{span}{colon()} {format_number(len(members))}"))
    legend = flow(Text(_(TEXT["legend"]).format(measure=label) + "\n", style="bold", end=""), items, width)
    if not bounds:
        legend.append("\n" + _(TEXT["no_place"]), style="dim")
    return colours, legend


class CoverageReader:
    """Mixin for screens that show coverage; needs `self.app.store` and a `show_coverage()` method."""

    coverage: dict[str, Coverage] | None = None
    coverage_generation: int = -1

    def start_coverage(self) -> None:
        """Read now, then watch the store's generation while the screen is shown (once per screen)."""
        self.load_coverage()
        if getattr(self, "_coverage_timer", None) is not None:
            return
        self._coverage_timer = \
            self.set_interval(POLL_SECONDS, self.check_coverage, name="coverage-poll")  # type: ignore[attr-defined]

    def on_screen_resume(self) -> None:
        self.check_coverage()

    def check_coverage(self) -> None:
        if self.app.store is not None and self.is_current and getattr(self, "uses_coverage", True):  # type: ignore[attr-defined]
            if any(w.node is self and w.group == "coverage" and w.is_running
                   for w in self.app.workers):  # type: ignore[attr-defined]
                return  # a read under way (the screen opening): it will be the newest
            self.load_coverage(only_if_changed=True)

    def show_coverage(self, coverage: dict[str, Coverage]) -> None:
        """Update the screen (called on the UI thread)."""

    @work(thread=True, exclusive=True, group="coverage", exit_on_error=False)
    def load_coverage(self, only_if_changed: bool = False) -> None:
        from landscape.analysis.coverage import coverage_with_generation

        store = self.app.store  # type: ignore[attr-defined]
        if store is None:
            return
        try:
            if only_if_changed and store.generation() == self.coverage_generation:
                return
            generation, coverage = coverage_with_generation(store)
        except Exception as exc:  # noqa: BLE001 - a missing table or a locked file: say so, keep the screen
            self.app.call_from_thread(self.app.notify, _(TEXT["unavailable"]).format(error=exc),  # type: ignore[attr-defined]
                                      severity="warning", markup=False)
            return
        self.app.call_from_thread(self._coverage_read, generation, coverage)  # type: ignore[attr-defined]

    def _coverage_read(self, generation: int, coverage: dict[str, Coverage]) -> None:
        if generation < self.coverage_generation:
            return  # an older read finishing late
        self.coverage_generation, self.coverage = generation, coverage
        if self.is_mounted:  # type: ignore[attr-defined]
            self.show_coverage(coverage)
