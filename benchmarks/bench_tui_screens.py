"""Time from a key to the screen showing its content, for every screen of the dashboard, at 160x50.

The dashboard runs headless (``App.run_test``) on a database built from the curated datasets. For
each screen the clock starts when the key is sent and stops at the first frame drawn after the
screen's content is in its widgets (rows in the table, lines in the list, the brief's first blocks, the
map's tiles coloured, the comparison or its hint written) and the screen has nothing left to do: a
loading indicator does not count.

The keys are handed to the app as the terminal hands them (not through ``Pilot.press``, which also waits
in steps of 20 ms until the process looks idle). Each screen is timed twice in the same run, each time in a fresh app with the map loaded:

- ``baseline``: the caches of graph measures are emptied and the background warm-up is switched
  off, so the screen computes everything after the key (as every screen did before the caches);
- ``dashboard``: the app as shipped: once the map is loaded, the measures are computed once in the
  background, and the screens reuse them.

A bare ``Screen`` holding one Static is timed the same way as the floor of what a key can cost.

Prints JSON: per screen, the median of the trials in milliseconds for both, and whether the
dashboard meets the 300 ms target.

    python benchmarks/bench_tui_screens.py [--trials N] [--size 160x50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_MS = 300.0
GIVE_UP = 30.0  # seconds: a screen that never shows its content stops the run instead of hanging it


def option_count(selector: str) -> Callable:
    return lambda screen: screen.query_one(selector).option_count > 0 and not screen.query_one(selector).loading


def row_count(selector: str) -> Callable:
    return lambda screen: screen.query_one(selector).row_count > 0 and not screen.query_one(selector).loading


def brief_ready(screen) -> bool:
    return screen.rendered is not None


def map_ready(screen) -> bool:
    """The tiles coloured by the plans' standing."""
    return bool(screen.plans) and bool(screen.query_one("#france").statuses)


def compare_ready(screen) -> bool:
    """The comparison, or what to do to get one, written under the table."""
    return bool(screen.query_one("#compare-common").render().plain)


# name -> (keys pressed from home, the screen class's name, when its content is shown)
SCREENS: dict[str, tuple[tuple[str, ...], str, Callable]] = {
    "actors": (("a",), "ListScreen", row_count("RecordTable")),
    "plans": (("p",), "ListScreen", row_count("RecordTable")),
    "events": (("e",), "ListScreen", row_count("RecordTable")),
    "sources": (("r",), "ListScreen", row_count("RecordTable")),
    "timeline": (("t",), "TimelineScreen", option_count("#events")),
    "map": (("m",), "PlansMapScreen", map_ready),
    "positioning": (("w",), "PositioningScreen", row_count("#roles")),
    "influence": (("i",), "InfluenceScreen", row_count("#influence")),
    "competitors": (("C",), "CompetitorsScreen", option_count("#rivals")),
    "brief": (("b",), "BriefScreen", brief_ready),
    "record": (("enter",), "DetailScreen", option_count("#detail")),
    "compare": (("V",), "CompareScreen", compare_ready),
    "departement": (("enter",), "DepartementScreen", lambda s: s.view is not None),  # Enter on Gironde's tile
}


async def time_screen(db: Path, name: str, size: tuple[int, int], *, warm: bool) -> float:
    from landscape.store import cache
    from landscape.settings import Settings
    from tui.app import create_app

    keys, class_name, ready = SCREENS[name]
    app = create_app(db, settings=Settings(focal_actor="wetechcare"))
    if not warm:
        app.warm_up = lambda: None  # type: ignore[method-assign]
    async with app.run_test(size=size) as pilot:
        while app.data is None or app.search_index is None:
            await asyncio.sleep(0.01)
        await app.workers.wait_for_complete()
        await pilot.pause()
        if name == "brief":
            app.open_record("actor", "wetechcare")
            await pilot.pause()
        if name == "departement":
            app.goto("map")
            await pilot.pause()
            app.screen.query_one("#france").selected = "33"
            await pilot.pause()
        if not warm:
            cache.clear()
        start = time.perf_counter()
        send_keys(app, keys)
        while True:
            screen = app.screen
            try:
                if type(screen).__name__ == class_name and screen.is_mounted and ready(screen):
                    break
            except Exception:  # noqa: BLE001 - a widget not mounted yet
                pass
            if time.perf_counter() - start > GIVE_UP:
                raise SystemExit(f"{name}: no content {GIVE_UP:g} s after the key")
            await asyncio.sleep(0.002)
        await pilot.wait_for_scheduled_animations()
        await pilot._wait_for_screen()  # the frame with the content drawn
        return (time.perf_counter() - start) * 1000


def send_keys(app, keys: tuple[str, ...]) -> None:
    """The keys as the terminal hands them to the app. `Pilot.press` would also wait after each key until
    the process looks idle (in steps of 20 ms), which adds 40 ms or more to what a user waits."""
    from textual import events

    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)


async def time_bare(size: tuple[int, int]) -> float:
    """A key that opens a screen holding one Static, timed the same way: the floor of what a key can cost."""
    from textual.app import App
    from textual.screen import Screen
    from textual.widgets import Static

    class Bare(Screen):
        def compose(self):
            yield Static("content", id="content")

    class OneKey(App):
        BINDINGS = [("b", "bare", "Bare")]

        def action_bare(self) -> None:
            self.push_screen(Bare())

    app = OneKey()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        send_keys(app, ("b",))
        while not (isinstance(app.screen, Bare) and app.screen.is_mounted and app.screen.query("#content")):
            await asyncio.sleep(0.002)
        await pilot._wait_for_screen()
        return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=3)
    parser.add_argument("--size", default="160x50")
    parser.add_argument("--screens", default=",".join(SCREENS))
    args = parser.parse_args()
    size = tuple(int(x) for x in args.size.split("x"))
    from landscape.dataset import load_dir
    from landscape.store.database import build

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "landscape.db"
        build(db, load_dir())
        import os

        os.environ["LANDSCAPE_CONFIG"] = str(Path(tmp) / "settings.json")
        os.environ["LANDSCAPE_EXPORTS"] = str(Path(tmp) / "exports")
        results = {}
        for name in args.screens.split(","):
            baseline = [asyncio.run(time_screen(db, name, size, warm=False)) for _ in range(args.trials)]
            shipped = [asyncio.run(time_screen(db, name, size, warm=True)) for _ in range(args.trials)]
            results[name] = {"baseline_ms": round(statistics.median(baseline), 1),
                             "dashboard_ms": round(statistics.median(shipped), 1),
                             "dashboard_trials_ms": [round(t, 1) for t in shipped],
                             "meets_target": statistics.median(shipped) <= TARGET_MS}
        bare = statistics.median(asyncio.run(time_bare(size)) for _ in range(args.trials))
    print(json.dumps({"size": args.size, "trials": args.trials, "target_ms": TARGET_MS,
                      "bare_screen_ms": round(bare, 1), "screens": results}, indent=2))


if __name__ == "__main__":
    main()
