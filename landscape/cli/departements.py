"""Départements: one page per département, and the 101 at a glance by generation."""

from __future__ import annotations

import click

from landscape.analysis.brief import text_lines
from landscape.analysis.departement import departement_view, departements_table, resolve_departement
from landscape.i18n import N_, format_number
from landscape.model.labels import label
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


@main.command(help=N_(
    "One département before a meeting. REF: a code (33, 2A, 971), a name, or its council's id.\n\n"
    "Plans by generation with status, carriers, dates and sources; the actors active there; people; places of "
    "help when imported; the last events and news; what is not known."))
@click.argument("ref")
@click.option("--generation", type=GENERATION, help=N_("Standing as of this generation of plans."))
@json_option
@pass_app
def departement(app: AppContext, ref: str, generation: str | None, as_json: bool) -> None:
    view = departement_view(app.store, resolve_departement(app.store, ref), generation=generation)
    if as_json:
        emit_json(view)
        return
    print_lines(text_lines(view))


@main.command(help=N_("The 101 départements with their standing, derived from their newest plan."))
@click.option("--generation", type=GENERATION, help=N_("Standing as of this generation (how the country moved)."))
@json_option
@pass_app
def departements(app: AppContext, generation: str | None, as_json: bool) -> None:
    rows = departements_table(app.store, generation)
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
