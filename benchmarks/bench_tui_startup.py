"""Time to the first frame showing data: the dashboard against a bare Textual app, in the same run.

Each trial is a fresh Python process (imports included, as a user would pay them) that runs the app
headless and reports when data is on screen: for the dashboard, the home counts filled from the map;
for the baseline, a Header, an Input, a DataTable with rows and a Footer after the first refresh.
Prints JSON: median seconds for both and their ratio (target <= 1.3).

    python benchmarks/bench_tui_startup.py [--db PATH] [--trials N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

DASHBOARD = r"""
import asyncio, sys, time
t0 = time.perf_counter()
from landscape.settings import Settings
from tui.app import create_app

async def main():
    app = create_app(sys.argv[1], settings=Settings())
    async with app.run_test(size=(120, 40)) as pilot:
        counts = app.screen.query_one("#counts")
        while "actors" not in counts.render().plain:
            await pilot.pause()
        print(time.perf_counter() - t0)

asyncio.run(main())
"""

BARE = r"""
import asyncio, time
t0 = time.perf_counter()
from textual.app import App
from textual.widgets import DataTable, Footer, Header, Input

class Bare(App):
    def compose(self):
        yield Header()
        yield Input(placeholder="search")
        yield DataTable()
        yield Footer()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("name", "kind", "sector")
        table.add_rows([(f"actor {i}", "association", "ess") for i in range(100)])

async def main():
    app = Bare()
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.query_one(DataTable)
        while not table.row_count:
            await pilot.pause()
        await pilot.pause()
        print(time.perf_counter() - t0)

asyncio.run(main())
"""


def trial(code: str, *args: str) -> float:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database to open (default: one built from the bundled datasets)")
    parser.add_argument("--trials", type=int, default=7)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if args.db:
        db = args.db
    else:
        from landscape.store import build

        db = str(Path(tempfile.mkdtemp()) / "landscape.db")
        build(db)
    trial(BARE)
    trial(DASHBOARD, db)  # warm the file cache and bytecode for both
    bare, dashboard = [], []
    for _ in range(args.trials):  # interleaved, so drift in the machine's load hits both alike
        bare.append(trial(BARE))
        dashboard.append(trial(DASHBOARD, db))
    b, d = statistics.median(bare), statistics.median(dashboard)
    print(json.dumps({"trials": args.trials, "bare_textual_s": round(b, 4), "dashboard_first_data_s": round(d, 4),
                      "ratio": round(d / b, 3), "target_ratio": 1.3,
                      "bare_all_s": [round(x, 4) for x in bare], "dashboard_all_s": [round(x, 4) for x in dashboard]},
                     indent=2))


if __name__ == "__main__":
    started = time.perf_counter()
    main()
