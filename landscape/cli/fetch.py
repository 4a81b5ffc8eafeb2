"""Open-data commands: ``fetch departements``, ``fetch lieux`` and ``coverage``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from landscape.analysis.coverage import coverage as coverage_rows
from landscape.analysis.coverage import unlocated
from landscape.errors import LandscapeError
from landscape.model.labels import label
from landscape.io.limits import DEADLINE
from landscape.io.opendata import DEPARTEMENTS_URL, LIEUX_URL, POPULATION_URL, fetch_departements, fetch_lieux, fetch_population
from landscape.settings import load_settings
from landscape.text import unfiltered
from landscape.cli import main
from landscape.cli.common import AppContext, emit_json, json_option, out, pass_app


@main.group()
def fetch() -> None:
    """Import open data: the official départements and the national map of places."""


NO_PLACES_HINT = ("no places imported yet: run 'landscape fetch lieux' to import the national map of places "
                  "of digital-inclusion help")


def deadline_option(func):
    """Add ``--deadline SECONDS``: how long the whole download may take (retries included)."""
    return click.option("--deadline", type=click.FloatRange(min=0, min_open=True, max=1e9), metavar="SECONDS",
                        help=f"Stop a download that takes longer than SECONDS in all, retries included "
                             f"(default: the 'deadline' setting, else {DEADLINE:g}); the database is unchanged.")(func)


def _policy(deadline: float | None):
    from landscape.io.http import Policy

    return Policy(deadline=deadline or load_settings().download_deadline)


@fetch.command("departements")
@click.option("--url", help=f"Where to read the list (default: the departements_url setting if set, else "
                            f"{DEPARTEMENTS_URL}).")
@deadline_option
@json_option
@pass_app
def fetch_departements_(app: AppContext, url: str | None, deadline: float | None, as_json: bool) -> None:
    """Update département names and regions from the API Découpage administratif.

    The copy bundled in datasets/departements.csv stays the offline default.
    """
    url = url or load_settings().departements_url or DEPARTEMENTS_URL
    read, changed = fetch_departements(app.store, url, policy=_policy(deadline))
    if as_json:
        emit_json({"url": url, "departements": read, "changed": changed})
    else:
        out(f"{read} départements read from {url}; {changed} changed")


class _Progress:
    """Rows and rows per second on stderr: one updating line on a terminal, else a line every 5 s."""

    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()
        self.last = time.monotonic()  # nothing shown for imports that finish quickly
        self.shown = False

    def __call__(self, rows: int, rate: float) -> None:
        now = time.monotonic()
        if now - self.last < (0.2 if self.tty else 5.0):
            return
        self.last = now
        self.shown = True
        text = f"{rows:,} rows, {rate:,.0f} rows/s"
        click.echo(f"\r{text}" if self.tty else text, file=unfiltered(sys.stderr), nl=not self.tty)

    def done(self) -> None:
        if self.shown and self.tty:
            click.echo("", file=unfiltered(sys.stderr))


@fetch.command("population")
@click.option("--url", help=f"Where to read the communes and their population (default: {POPULATION_URL}).")
@deadline_option
@json_option
@pass_app
def fetch_population_(app: AppContext, url: str | None, deadline: float | None, as_json: bool) -> None:
    """Population of each département (sum of its communes' INSEE municipal population), for places per 100,000."""
    url = url or POPULATION_URL
    totals = fetch_population(app.store, url, policy=_policy(deadline))
    if as_json:
        emit_json({"url": url, "departements": len(totals), "population": sum(totals.values())})
    else:
        out(f"population of {len(totals)} départements read from {url}: {sum(totals.values()):,} inhabitants")


@fetch.command("lieux", help=f"""Import places of digital-inclusion help ("lieux de médiation numérique").

    Each row is checked against the national standard: valid rows are imported, rejected rows listed in
    the report. Importing the same source (URL or file name) again replaces its places.

    Without --url or --file, places come from the lieux_url setting if set, else from the national
    consolidated dataset on data.gouv.fr:

    \b
      {LIEUX_URL}
    """)
@click.option("--url", help="A CSV or JSON file of places in the national standard, or a data.gouv.fr dataset's "
                            "API metadata URL (default: the dataset named above).")
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), help="A local CSV or JSON file.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help="Where to write the report of rejected rows and dropped values (CSV).")
@deadline_option
@json_option
@pass_app
def fetch_lieux_(app: AppContext, url: str | None, file: Path | None, report: Path | None, deadline: float | None,
                 as_json: bool) -> None:
    """Import places of digital-inclusion help ("lieux de médiation numérique").

    Each row is checked against the national standard: valid rows are imported, rejected rows listed in
    the report. Importing the same source (URL or file name) again replaces its places.
    """
    if url and file:
        raise LandscapeError("give --url or --file, not both")
    if report is not None:
        from landscape.io.files import check_target

        check_target(report)  # before the download: never over the database or a special file
    if not file:
        url = url or load_settings().lieux_url or LIEUX_URL
    progress = _Progress()
    try:
        result = fetch_lieux(app.store, url=url, file=file, report=report, progress=progress,
                             policy=_policy(deadline))
    finally:
        progress.done()
    if as_json:
        emit_json(result.summary())
        return
    out(f"{result.imported} places imported from {result.origin}, {result.rejected} rejected"
        f" ({result.rows} rows, {result.seconds:.2f} s; replaced {result.replaced} previous places)")
    if result.warnings:
        out(f"{result.warnings} values outside the standard were dropped from places that were kept")
    if result.report:
        out(f"report: {result.report}")


@main.command()
@click.option("--top", default=3, show_default=True, help="How many services to show per département.")
@json_option
@pass_app
def coverage(app: AppContext, top: int, as_json: bool) -> None:
    """Places per département (and per 100,000 inhabitants where known), top services, plan status."""
    rows = coverage_rows(app.store)
    if as_json:
        emit_json({"departements": [r.as_dict(top) for r in rows], "unlocated": unlocated(app.store)})
        return
    total = sum(r.places for r in rows)
    if not total and not unlocated(app.store):
        out(NO_PLACES_HINT)
        return
    out(f"{'code':<4} {'département':<26} {'places':>6} {'/100k':>6}  {'plan':<14} top services")
    for r in rows:
        per = f"{r.per_100k:.1f}" if r.per_100k is not None else "–"
        services = ", ".join(f"{s} ({n})" for s, n in r.top_services(top))
        status = label("plan_status", r.plan_status) if r.plan_status else "–"
        out(f"{r.code:<4} {r.name[:26]:<26} {r.places:>6} {per:>6}  {status:<14} {services}")
    out(f"{total} places in {sum(1 for r in rows if r.places)} départements; {unlocated(app.store)} unlocated",
        dim=True)
