"""Open-data commands: ``fetch departements``, ``fetch lieux`` and ``coverage``."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click

from landscape.analysis.coverage import coverage as coverage_rows
from landscape.analysis.coverage import unlocated
from landscape.errors import LandscapeError
from landscape.i18n import N_, _, decimal, format_number, ngettext
from landscape.model.labels import label
from landscape.io.limits import DEADLINE
from landscape.io.opendata import DEPARTEMENTS_URL, LIEUX_URL, POPULATION_URL, fetch_departements, fetch_lieux, fetch_population
from landscape.settings import load_settings
from landscape.text import unfiltered
from landscape.cli import main
from landscape.cli.common import AppContext, emit_json, json_option, out, pass_app
from landscape.cli.help import Option


@main.group(help=N_("Import open data: the official départements and the national map of places."))
def fetch() -> None:
    pass


NO_PLACES_HINT = N_("no places imported yet: run 'landscape fetch lieux' to import the national map of places "
                    "of digital-inclusion help")


def deadline_option(func):
    """Add ``--deadline SECONDS``: how long the whole download may take (retries included)."""
    return click.option("--deadline", type=click.FloatRange(min=0, min_open=True, max=1e9), metavar="SECONDS",
                        cls=Option, help_values={"seconds": f"{DEADLINE:g}"}, help=N_(
                            "Stop a download that takes longer than SECONDS in all, retries included (default: the "
                            "'deadline' setting, else {seconds}); the database is unchanged."))(func)


def _policy(deadline: float | None):
    from landscape.io.http import Policy

    return Policy(deadline=deadline or load_settings().download_deadline)


@fetch.command("departements", help=N_(
    "Update département names and regions from the API Découpage administratif.\n\n"
    "The copy bundled in datasets/departements.csv stays the offline default."))
@click.option("--url", cls=Option, help_values={"url": DEPARTEMENTS_URL}, help=N_(
    "Where to read the list (default: the departements_url setting if set, else {url})."))
@deadline_option
@json_option
@pass_app
def fetch_departements_(app: AppContext, url: str | None, deadline: float | None, as_json: bool) -> None:
    url = url or load_settings().departements_url or DEPARTEMENTS_URL
    read, changed = fetch_departements(app.store, url, policy=_policy(deadline))
    if as_json:
        emit_json({"url": url, "departements": read, "changed": changed})
    else:
        out(_("{read} départements read from {url}; {changed} changed").format(read=read, url=url, changed=changed))


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
        text = _("{rows} rows, {rate} rows/s").format(rows=format_number(rows), rate=format_number(round(rate)))
        click.echo(f"\r{text}" if self.tty else text, file=unfiltered(sys.stderr), nl=not self.tty)

    def done(self) -> None:
        if self.shown and self.tty:
            click.echo("", file=unfiltered(sys.stderr))


@fetch.command("population", help=N_(
    "Population of each département (sum of its communes' INSEE municipal population), for places per 100,000."))
@click.option("--url", cls=Option, help_values={"url": POPULATION_URL},
              help=N_("Where to read the communes and their population (default: {url})."))
@deadline_option
@json_option
@pass_app
def fetch_population_(app: AppContext, url: str | None, deadline: float | None, as_json: bool) -> None:
    url = url or POPULATION_URL
    totals = fetch_population(app.store, url, policy=_policy(deadline))
    if as_json:
        emit_json({"url": url, "departements": len(totals), "population": sum(totals.values())})
    else:
        out(_("population of {n} départements read from {url}: {people} inhabitants").format(
            n=len(totals), url=url, people=format_number(sum(totals.values()))))


@fetch.command("lieux", help_values={"address": f"\b\n  {LIEUX_URL}"}, help=N_(
    "Import places of digital-inclusion help (\"lieux de médiation numérique\").\n\n"
    "Each row is checked against the national standard: valid rows are imported, rejected rows listed in the "
    "report. Importing the same source (URL or file name) again replaces its places.\n\n"
    "Without --url or --file, places come from the lieux_url setting if set, else from the national consolidated "
    "dataset on data.gouv.fr:\n\n{address}"))  # the address on its own line, never rewrapped (a Click "\\b" block)
@click.option("--url", help=N_("A CSV or JSON file of places in the national standard, or a data.gouv.fr dataset's "
                               "API metadata URL (default: the dataset named above)."))
@click.option("--file", "file", type=click.Path(dir_okay=False, path_type=Path), help=N_("A local CSV or JSON file."))
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path),
              help=N_("Where to write the report of rejected rows and dropped values (CSV)."))
@deadline_option
@json_option
@pass_app
def fetch_lieux_(app: AppContext, url: str | None, file: Path | None, report: Path | None, deadline: float | None,
                 as_json: bool) -> None:
    if url and file:
        raise LandscapeError(_("give --url or --file, not both"))
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
    out(ngettext("{n} place imported from {origin}, {rejected} rejected ({rows} rows, {seconds} s; replaced {replaced} "
                 "previous places)", "{n} places imported from {origin}, {rejected} rejected ({rows} rows, {seconds} s; "
                 "replaced {replaced} previous places)", result.imported).format(
        n=format_number(result.imported), origin=result.origin, rejected=format_number(result.rejected),
        rows=format_number(result.rows), seconds=decimal(result.seconds, ".2f"),
        replaced=format_number(result.replaced)))
    if result.warnings:
        out(ngettext("{n} value outside the standard was dropped from places that were kept",
                     "{n} values outside the standard were dropped from places that were kept",
                     result.warnings).format(n=format_number(result.warnings)))
    if result.report:
        out(_("report: {file}").format(file=result.report))


@main.command(help=N_("Places per département (and per 100,000 inhabitants where known), top services, plan status."))
@click.option("--top", default=3, show_default=True, help=N_("How many services to show per département."))
@json_option
@pass_app
def coverage(app: AppContext, top: int, as_json: bool) -> None:
    rows = coverage_rows(app.store)
    if as_json:
        emit_json({"departements": [r.as_dict(top) for r in rows], "unlocated": unlocated(app.store)})
        return
    total = sum(r.places for r in rows)
    if not total and not unlocated(app.store):
        out(_(NO_PLACES_HINT))
        return
    statuses = [label("plan_status", r.plan_status) if r.plan_status else "–" for r in rows]
    width = max(14, *map(len, statuses))
    code, name, places, per, plan = _("code"), _("département"), _("places"), _("/100k"), _("plan")
    out(f"{code:<4} {name:<26} {places:>6} {per:>6}  {plan:<{width}} " + _("top services"))
    for r, status in zip(rows, statuses):
        per = decimal(r.per_100k, ".1f") if r.per_100k is not None else "–"
        services = ", ".join(f"{s} ({format_number(n)})" for s, n in r.top_services(top))
        out(f"{r.code:<4} {r.name[:26]:<26} {format_number(r.places):>6} {per:>6}  {status:<{width}} {services}")
    out(ngettext("{n} place in {departements} départements; {unlocated} unlocated",
                 "{n} places in {departements} départements; {unlocated} unlocated", total).format(
        n=format_number(total), departements=sum(1 for r in rows if r.places),
        unlocated=format_number(unlocated(app.store))), dim=True)
