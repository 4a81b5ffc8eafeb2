"""Time to the first frame showing data: the dashboard against a bare Textual app, in the same run.

Every trial is a fresh Python process (imports included, as a user pays them), timed until a frame
whose terminal output contains real data has been produced:

- headless (``App.run_test``): the clock starts at the top of the script, before any import; the
  app's display hook renders each frame to the terminal escape sequences a real terminal would
  receive, and the clock stops at the first frame containing the data. The dashboard must show the
  actor count read from the database (``"121 actors"``); the bare app (a Header, an Input, a
  DataTable with rows and a Footer) its first row. Waiting this way does not depend on the process
  being idle, so the dashboard's work after its first frame (the full map, the search index) is
  neither counted nor hidden: it simply comes after.
- terminal: the real ``landscape --db DB`` entry point (console script, click, settings) and the
  bare app run in a pseudo-terminal of 120x40; the clock runs from process spawn (interpreter
  start-up included) until the data's text has arrived on the terminal. Then Ctrl+Q quits.

Bytecode: a user's interpreter caches compiled modules (pip compiles an installed package; Python
writes ``__pycache__`` on first import). The trials run the same way, both apps alike: bytecode is
cached under a temporary ``PYTHONPYCACHEPREFIX`` during the warm-up run, even if the calling
environment sets ``PYTHONDONTWRITEBYTECODE``. ``--compile-each-run`` keeps the calling environment's
setting instead (with ``PYTHONDONTWRITEBYTECODE=1`` the project's own modules, unlike an installed
Textual, are then compiled again in every trial).

Prints JSON: medians, every trial, and the ratios (target <= 1.3).

    python benchmarks/bench_tui_startup.py [--db PATH] [--trials N] [--no-pty] [--compile-each-run]
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import re
import select
import shutil
import signal
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ESCAPES = r"\x1b\[[0-9;:?<=>]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]"

# Stops the clock at the first frame whose terminal output contains `needle`.
WATCH = r"""
import re
ESCAPES = re.compile(%r)

def watch(app, needle):
    seen = {}
    display = app._display

    def display_and_look(screen, renderable):
        display(screen, renderable)
        if "at" not in seen and hasattr(renderable, "render_segments"):
            if needle in ESCAPES.sub("", renderable.render_segments(app.console)):
                seen["at"] = time.perf_counter() - t0
    app._display = display_and_look
    return seen

async def until_seen(seen):
    deadline = time.perf_counter() + 60
    while "at" not in seen:
        if time.perf_counter() > deadline:
            raise SystemExit("the data never reached the screen")
        await asyncio.sleep(0.002)
    return seen["at"]
""" % ESCAPES

DASHBOARD = r"""
import time
t0 = time.perf_counter()
import asyncio, sys
from landscape.settings import Settings
from tui.app import create_app
""" + WATCH + r"""
async def main():
    app = create_app(sys.argv[1], settings=Settings())
    seen = watch(app, sys.argv[2])
    async with app.run_test(size=(120, 40)):
        print(await until_seen(seen))

asyncio.run(main())
"""

BARE_APP = r"""
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
"""

BARE = r"""
import time
t0 = time.perf_counter()
import asyncio
""" + BARE_APP + WATCH + r"""
async def main():
    app = Bare()
    seen = watch(app, "actor 0")
    async with app.run_test(size=(120, 40)):
        print(await until_seen(seen))

asyncio.run(main())
"""

BARE_IN_TERMINAL = BARE_APP + "\nBare().run()\n"


def trial(code: str, *args: str, env: dict[str, str] | None = None) -> float:
    out = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, check=True,
                         env=env)
    return float(out.stdout.strip().splitlines()[-1])


def terminal_trial(argv: list[str], needle: str, env: dict[str, str]) -> float:
    """Seconds from spawning `argv` in a 120x40 pseudo-terminal until `needle` is on it."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    pattern = re.compile(ESCAPES)
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=ROOT, start_new_session=True)
    os.close(slave)
    received, seen_at = b"", None
    try:
        while seen_at is None:
            if time.perf_counter() - started > 60 or proc.poll() is not None:
                raise SystemExit(f"{argv}: {needle!r} never showed\n{received.decode(errors='replace')[-2000:]}")
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    received += os.read(master, 65536)
                except OSError:  # the process closed the terminal: the check above reports it
                    proc.wait(5)
                    continue
                if needle in pattern.sub("", received.decode(errors="ignore")):
                    seen_at = time.perf_counter() - started
        os.write(master, b"\x11")  # Ctrl+Q
        deadline = time.perf_counter() + 10
        while proc.poll() is None and time.perf_counter() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
        return seen_at
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
        proc.wait()
        os.close(master)


def landscape_command() -> list[str]:
    """The installed console script beside this interpreter, else ``python -m landscape``."""
    script = Path(sys.executable).with_name("landscape")
    found = str(script) if script.exists() else shutil.which("landscape")
    return [found] if found else [sys.executable, "-m", "landscape"]


def summary(values: list[float]) -> dict[str, float]:
    return {"median": round(statistics.median(values), 4), "min": round(min(values), 4), "max": round(max(values), 4)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", help="database to open (default: one built from the bundled datasets)")
    parser.add_argument("--trials", type=int, default=7)
    parser.add_argument("--no-pty", action="store_true", help="skip the runs in a pseudo-terminal")
    parser.add_argument("--compile-each-run", action="store_true",
                        help="keep the environment's PYTHONDONTWRITEBYTECODE instead of caching bytecode")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    work = Path(tempfile.mkdtemp())
    if args.db:
        db = args.db
    else:
        from landscape.store.database import build

        db = str(work / "landscape.db")
        build(db)
    with sqlite3.connect(db) as conn:
        needle = f"{conn.execute('SELECT count(*) FROM actors').fetchone()[0]} actors"
    bare_script = work / "bare.py"
    bare_script.write_text(BARE_IN_TERMINAL, encoding="utf-8")
    plain_env = dict(os.environ)
    if not args.compile_each_run:
        plain_env.pop("PYTHONDONTWRITEBYTECODE", None)
        plain_env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    env = {**plain_env, "TERM": "xterm-256color", "LANDSCAPE_CONFIG": str(work / "settings.json")}
    env.pop("TEXTUAL", None)
    runs: dict[str, Callable[[], float]] = {
        "bare_headless": partial(trial, BARE, env=plain_env),
        "dashboard_headless": partial(trial, DASHBOARD, db, needle, env=plain_env),
    }
    if not args.no_pty:
        runs["bare_terminal"] = partial(terminal_trial, [sys.executable, str(bare_script)], "actor 0", env)
        runs["landscape_terminal"] = partial(terminal_trial, [*landscape_command(), "--db", db], needle, env)
    for run in runs.values():  # warm the file cache and bytecode
        run()
    times: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.trials):  # interleaved, so drift in the machine's load hits all alike
        for name, run in runs.items():
            times[name].append(run())
    result: dict[str, object] = {"trials": args.trials, "target_ratio": 1.3, "needle": needle,
                                 "bytecode": "compiled in every trial" if args.compile_each_run else "cached"}
    medians = {name: statistics.median(values) for name, values in times.items()}
    result["ratio_headless"] = round(medians["dashboard_headless"] / medians["bare_headless"], 3)
    if not args.no_pty:
        result["ratio_terminal"] = round(medians["landscape_terminal"] / medians["bare_terminal"], 3)
    result["seconds"] = {name: summary(values) for name, values in times.items()}
    result["all_seconds"] = {name: [round(v, 4) for v in values] for name, values in times.items()}
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
