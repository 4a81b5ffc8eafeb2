"""Départements: one page per département, and the 101 at a glance by generation."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from landscape.analysis.brief import text_lines
from landscape.analysis.departement import departement_view, departements_table, resolve_departement
from landscape.i18n import N_, format_number
from landscape.model.labels import label
from landscape.store.plain import PlainStore
from landscape.cli import main
from landscape.cli.common import AppContext, emit_json, heading, json_option, out, pass_app

GENERATION = click.Choice(["strategie-2018", "charte-2019", "fne-2024"])


def print_lines(lines: list[tuple[str, str]]) -> None:
    for style, text in lines:
        if style == "title":
            heading(text)
        elif style == "heading":
            out()
            heading(text)
        elif style == "item":
            out(f"  {text}")
        else:
            out(text)


@contextmanager
def plain_store(app: AppContext) -> Iterator[PlainStore]:
    """The map read with the standard library's sqlite3, for pages that only read (no models to import)."""
    from landscape.store.summary import open_readonly

    conn = app.read_fast(open_readonly)
    try:
        yield PlainStore(conn, where=str(app.db_path))
    finally:
        conn.close()


def print_view(view: dict, as_json: bool) -> None:
    """A département's page (`departement_view`) as JSON or text."""
    if as_json:
        emit_json(view)
    else:
        print_lines(text_lines(view))


@main.command(help=N_(
    "One département before a meeting. REF: a code (33, 2A, 971), a name, or its council's id.\n\n"
    "Plans by generation with status, carriers, dates and sources; the actors active there; people; places of "
    "help when imported; the last events and news; what is not known."))
@click.argument("ref")
@click.option("--generation", type=GENERATION, help=N_("Standing as of this generation of plans."))
@json_option
@pass_app
def departement(app: AppContext, ref: str, generation: str | None, as_json: bool) -> None:
    with plain_store(app) as store:
        view = departement_view(store, resolve_departement(store, ref), generation=generation)
    print_view(view, as_json)


@main.command(help=N_("The 101 départements with their standing, derived from their newest plan."))
@click.option("--generation", type=GENERATION, help=N_("Standing as of this generation (how the country moved)."))
@json_option
@pass_app
def departements(app: AppContext, generation: str | None, as_json: bool) -> None:
    with plain_store(app) as store:
        rows = departements_table(store, generation)
    if as_json:
        emit_json(rows)
        return
    counts: dict[str, int] = {}
    for row in rows:
        counts[row["standing"]] = counts.get(row["standing"], 0) + 1
        generations = sorted({label("plan_generation", p["generation"]) for p in row["plans"].values()
                              if p["generation"]})
        out(f"{row['code']:>3}  {row['name']:<26} {label('plan_status', row['standing']):<26} "
            + ", ".join(generations))
    out(", ".join(f"{format_number(n)} {label('plan_status', s)}"
                  for s, n in sorted(counts.items(), key=lambda kv: -kv[1])), dim=True)
