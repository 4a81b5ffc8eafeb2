"""CLI commands: positioning (roles matrix and power-interest grid), influence, compare, competitors, focal."""

from __future__ import annotations

import shutil
import textwrap
from typing import Any

import click

from landscape.analysis.competition import competition
from landscape.analysis.compare import compare as compare_actors
from landscape.dataset import MapData
from landscape.errors import NotFound
from landscape.analysis.influence import GAP_FLAG, measure
from landscape.model.labels import label
from landscape.analysis.lookup import resolve
from landscape.model.models import Actor
from landscape.analysis.positioning import (KIND_NAMES, LEVEL_MARKS, ROLE_NAMES, ROLE_SHORT, grid, grid_lines, roles_matrix)
from landscape.settings import load_settings, save_settings
from landscape.text import printable
from landscape.model.vocab import SECTORS
from landscape.cli import main
from landscape.cli.common import AppContext, emit_json, heading, json_option, out, pass_app


def terminal_width() -> int:
    """Columns to lay text out in: the terminal's ($COLUMNS first), 80 when output is not a terminal."""
    return max(40, shutil.get_terminal_size((80, 24)).columns)


def wrapped(text: str, *, indent: int = 0, hang: int = 2, **style: Any) -> None:
    """Print `text` wrapped to the terminal, `indent` spaces before it and `hang` more on following lines."""
    width = terminal_width()
    lines = textwrap.wrap(printable(text), width=width, initial_indent=" " * indent,
                          subsequent_indent=" " * (indent + hang), break_on_hyphens=False) or [""]
    for line in lines:
        out(line, **style)


def resolve_actor(data: MapData, ref: str) -> Actor:
    record = resolve(data, ref, tables=("actors",))
    assert isinstance(record, Actor)
    return record


def focal_id(data: MapData, ref: str | None) -> str | None:
    """The focal actor: `ref` when given (must name an actor), else the setting if it is in the map."""
    if ref:
        return resolve_actor(data, ref).id
    wanted = load_settings().focal_actor
    return wanted if wanted in data.index("actors") else None


@main.command()
@click.option("--focal", "focal_ref", metavar="REF", help="Actor to highlight (default: the focal_actor setting).")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KIND_NAMES), metavar="KIND",
              help="Only actors of this kind (repeatable).")
@click.option("--sector", type=click.Choice(tuple(SECTORS)), help="Only actors of this sector.")
@click.option("--search", "text", metavar="TEXT", help="Only actors whose id, name or alias contains TEXT.")
@json_option
@pass_app
def positioning(app: AppContext, focal_ref: str | None, kinds: tuple[str, ...], sector: str | None,
                text: str | None, as_json: bool) -> None:
    """Roles matrix (● primary, ○ secondary) and power-interest grid (influence and interest: high = 4 or 5).

    Where you recorded your own assessment (landscape assess), the grid places the actor by it and marks
    it with °; the curated scores stay beside it (JSON: "own" and "curated").
    """
    from landscape.store.journal import assessments
    from landscape.analysis.positioning import with_assessments

    data = app.store.map()
    focal = focal_id(data, focal_ref)
    matrix = roles_matrix(data, focal=focal, kinds=kinds, sector=sector, text=text)
    matrix["rows"] = with_assessments(matrix["rows"], assessments(app.store.db.conn))
    for row in matrix["rows"]:
        if row["own"] is not None:
            row["label"] = row["label"] + "°"
    if as_json:
        emit_json(matrix["rows"])
        return
    rows = matrix["rows"]
    if not rows:
        out("no actor matches these filters")
        return
    _print_matrix(matrix, terminal_width())
    out()
    heading("Power-interest grid")
    _print_grid(rows, terminal_width())
    assessed = [r for r in rows if r["own"] is not None]
    if assessed:
        out()
        heading("Your assessments (°)")
        for r in assessed:
            curated = f"curated {r['curated'][0]}/{r['curated'][1]}" if r["curated"] else "no curated score"
            out(f"  {r['name']}: influence {r['influence']}, interest {r['interest']} — {r['own']['why']} ({curated})")


_SCORES_WIDTH = 25  # "  inf int  " and the longest quadrant name ("manage closely", 14)
_MARK_WIDTH = 2  # "▶ " before the focal actor


def matrix_layout(names: list[str], width: int) -> tuple[int, int]:
    """(name column, role cell) widths for a roles matrix that fits `width` columns.

    Role cells shrink from 6 to 4 to 3 characters (headings then alternate on two lines) before
    names are cut below 20 characters; names never go below 11 ("secondary ○").
    """
    longest = max(map(len, names), default=5)
    for cell, least in ((6, 20), (4, 14), (3, 11)):
        room = width - _MARK_WIDTH - 1 - (len(ROLE_NAMES) * (cell + 1) - 1) - _SCORES_WIDTH
        if room >= min(least, longest):
            return max(5, min(34, longest, room)), cell
    return 11, 3


def _role_headings(name_width: int, cell: int) -> list[str]:
    """The role headings over the cells: one line when they fit, else alternating over two lines."""
    start = _MARK_WIDTH + name_width + 1
    if cell >= max(len(ROLE_SHORT[r]) for r in ROLE_NAMES):
        return [" " * _MARK_WIDTH + "actor".ljust(name_width) + " "
                + " ".join(ROLE_SHORT[r].center(cell) for r in ROLE_NAMES)]
    lines = [[" "] * (start + len(ROLE_NAMES) * (cell + 1)) for _ in range(2)]
    lines[1][_MARK_WIDTH:_MARK_WIDTH + 5] = "actor"
    for i, role in enumerate(ROLE_NAMES):
        text = ROLE_SHORT[role]
        centre = start + i * (cell + 1) + cell // 2
        at = max(0, centre - (len(text) - 1) // 2)
        lines[i % 2][at:at + len(text)] = text
    return ["".join(line).rstrip() for line in lines]


def _print_matrix(matrix: dict[str, Any], width: int) -> None:
    rows = matrix["rows"]
    names = [row["name"] for row in rows]
    name_width, cell = matrix_layout(names, width)
    pad = _MARK_WIDTH + name_width + 1 + len(ROLE_NAMES) * (cell + 1) - 1
    head = _role_headings(name_width, cell)
    for line in head[:-1]:
        heading(line)
    heading(head[-1].ljust(pad) + "  inf int  quadrant")
    for row in rows:
        mark = "▶ " if row["focal"] else "  "
        name = row["name"] if len(row["name"]) <= name_width else row["label"]
        name = name if len(name) <= name_width else name[: name_width - 1] + "…"
        cells = " ".join(LEVEL_MARKS.get(row["roles"].get(r, ""), "·").center(cell) for r in ROLE_NAMES)
        scores = (f"{row['influence']:>3} {row['interest']:>3}  {row['quadrant']}" if row["quadrant"]
                  else "  -   -  unrated")
        out(mark + name.ljust(name_width) + " " + cells + "  " + scores, bold=row["focal"])
    counts = matrix["roles"]
    for level in ("primary", "secondary"):
        title = f"{level} {LEVEL_MARKS[level]}"
        out(" " * _MARK_WIDTH + title.rjust(name_width) + " "
            + " ".join(str(c[level]).center(cell) for c in counts), dim=True)
    focal = next((row["name"] for row in rows if row["focal"]), None)
    wrapped(f"{len(rows)} actors" + (f"; ▶ focal: {focal}" if focal else ""), dim=True)
    if cell < 6:
        wrapped("roles: " + ", ".join(f"{ROLE_SHORT[r]} = {label('role', r)}" for r in ROLE_NAMES), dim=True)


def _print_grid(rows: list[dict[str, Any]], width: int) -> None:
    """The power-interest grid, its cells narrowed to fit `width` (5 cells, their rules and the axis)."""
    cell = max(6, min(14, (width - 6) // 5 - 3))
    layout = grid(rows, width=cell)
    for line in grid_lines(layout, width=cell):
        if len(line) <= width:
            out(line)
        else:
            wrapped(line.strip(), indent=5)
    if layout["unrated"]:
        names = {row["id"]: row["name"] for row in rows}
        wrapped("unrated (no curated positioning): " + ", ".join(names.get(i, i) for i in layout["unrated"]),
                dim=True)


@main.command()
@click.option("--limit", type=click.IntRange(min=1), help="Only the first N actors by PageRank.")
@json_option
@pass_app
def influence(app: AppContext, limit: int | None, as_json: bool) -> None:
    """Measured influence from the relations graph (PageRank, betweenness, degree) beside the curated score."""
    rows = measure(app.store.map())[:limit]
    if as_json:
        emit_json(rows)
        return
    width = terminal_width()
    name_width = max(12, min(30, width - 45))
    heading(f"{'#':>3}  {'actor':<{name_width}} {'pagerank':>8} {'between':>7} {'deg':>3}  cur mes  gap")
    for row in rows:
        cur = "-" if row["curated"] is None else row["curated"]
        mes = "-" if row["measured"] is None else row["measured"]
        gap = "" if row["gap"] is None else f"{row['gap']:+d}"
        name = row["name"] if len(row["name"]) <= name_width else row["name"][:name_width - 1] + "…"
        line = (f"{row['pagerank_rank']:>3}  {name:<{name_width}} {row['pagerank']:>8.4f} {row['betweenness']:>7.3f} "
                f"{row['degree']:>3}  {cur!s:>3} {mes!s:>3} {gap:>4}")
        flag = "⚠ " + row["flag"] if row["flagged"] else ""
        colour = "yellow" if row["flagged"] else None
        if flag and len(line) + 2 + len(flag) <= width:
            out(f"{line}  {flag}", fg=colour)
        else:
            out(line, fg=colour)
            if flag:
                wrapped(flag, indent=7, fg=colour)
        wrapped(row["explanation"], indent=7, hang=0, dim=True)
    wrapped(f"cur: curated influence; mes: measured (PageRank quintile); ⚠ when |gap| >= {GAP_FLAG}", dim=True)


@main.command()
@click.argument("refs", nargs=-1, required=True, metavar="REF REF [REF REF]")
@json_option
@pass_app
def compare(app: AppContext, refs: tuple[str, ...], as_json: bool) -> None:
    """Two to four actors side by side: roles, positioning, funders, partners, offers, competitors, plans, events."""
    data = app.store.map()
    result = compare_actors(data, [resolve_actor(data, r) for r in refs])
    if as_json:
        emit_json(result)
        return
    names = {item["id"]: item["name"] for col in result["actors"]
             for key in ("funders", "partners") for item in col[key]}
    names.update((col["id"], col["name"]) for col in result["actors"])
    plans = {p["id"]: p["departement"] for col in result["actors"] for p in col["plans"]}
    for col in result["actors"]:
        _print_column(col)
        out()
    heading("In common")
    shared = result["shared"]
    readable = {"funders": [names.get(i, i) for i in shared["funders"]],
                "partners": [names.get(i, i) for i in shared["partners"]],
                "plans": [plans.get(i, i) for i in shared["plans"]],
                "offer categories": [label("offer_category", c) for c in shared["offer_categories"]],
                "roles": [label("role", r) for r in shared["roles"]]}
    for key, values in readable.items():
        wrapped(f"{key}: {', '.join(values) if values else '—'}", indent=2)
    for r in result["rivalries"]:
        wrapped(f"rivalry: {names.get(r['actor'], r['actor'])} vs {names.get(r['competitor'], r['competitor'])}"
                f" — {r['arena']} (overlap {label('overlap', r['overlap'])})", indent=2)


def _print_column(col: dict[str, Any]) -> None:
    heading(col["name"])
    out(f"{label('actor_kind', col['kind'])} · {col['id']}", dim=True)
    roles = ", ".join(f"{LEVEL_MARKS[level]} {label('role', role)}" for role, level in col["roles"].items())
    wrapped(f"roles: {roles or '—'}", indent=2)
    pos = col["positioning"]
    if pos["quadrant"]:
        wrapped(f"positioning: influence {pos['influence']}, interest {pos['interest']} — {pos['quadrant']}", indent=2)
    wrapped(f"measured influence: {pos['measured'] if pos['measured'] is not None else '—'}"
            f" (PageRank #{pos['pagerank_rank']}, betweenness {pos['betweenness']:.3f}, degree {pos['degree']})",
            indent=2)
    for key in ("funders", "sponsors", "funds", "partners"):
        wrapped(f"{key}: " + (", ".join(x["name"] for x in col[key]) or "—"), indent=2)
    wrapped("offers: " + (", ".join(f"{o['name']} ({label('offer_category', o['category'])})"
                                    for o in col["offers"]) or "—"), indent=2)
    wrapped("competitors: " + (", ".join(f"{c['name']} ({c['arena']})" for c in col["competitors"]) or "—"),
            indent=2)
    wrapped("plans: " + (", ".join(f"{p['departement']} ({label('plan_status', p['status'])}"
                                   f"{', carrier' if p['carrier'] else ''})" for p in col["plans"]) or "—"), indent=2)
    for e in col["events"]:
        wrapped(f"{e['date']}  {e['title']}", indent=2, hang=len(e["date"]) + 2)


@main.command()
@click.argument("ref")
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True, help="Suggestions to show.")
@json_option
@pass_app
def competitors(app: AppContext, ref: str, limit: int, as_json: bool) -> None:
    """An actor's recorded competitors by arena (overlap, each side's edge), then suggested ones."""
    data = app.store.map()
    result = competition(data, resolve_actor(data, ref).id, limit=limit)
    if as_json:
        emit_json(result)
        return
    me = result["actor"]["name"]
    heading(f"Competitors of {me}")
    if not result["recorded"]:
        out("  none recorded")
    for group in result["recorded"]:
        out(f"  {group['arena']}", bold=True)
        for rival in group["rivals"]:
            out(f"    {rival['name']}  (overlap {rival['overlap']})")
            if rival["note"]:
                out(f"      {rival['note']}", dim=True)
            out(f"      {me}'s edge: " + ("; ".join(rival["edge"]["actor"]) or "—"))
            out(f"      {rival['name']}'s edge: " + ("; ".join(rival["edge"]["competitor"]) or "—"))
    out()
    heading("Suggested (not yet recorded)")
    if not result["suggested"]:
        out("  none")
    for s in result["suggested"]:
        out(f"  {s['name']}  (score {s['score']:g})")
        out(f"      {s['reason']}", dim=True)


@main.command()
@click.argument("ref", required=False)
@json_option
@pass_app
def focal(app: AppContext, ref: str | None, as_json: bool) -> None:
    """Show the focal actor, or set it to REF (saved in the settings)."""
    settings = load_settings()
    data = app.store.map()
    if ref:
        actor = resolve_actor(data, ref)
        settings.focal_actor = actor.id
        save_settings(settings)
    actor = data.index("actors").get(settings.focal_actor)
    result = {"focal_actor": settings.focal_actor, "name": actor.label if actor else None, "in_map": actor is not None}
    if as_json:
        emit_json(result)
        return
    if actor is None:
        raise NotFound(f"focal actor {settings.focal_actor!r} is not in the map; set one with 'landscape focal REF'")
    out(f"{'focal actor set to' if ref else 'focal actor:'} {actor.label} ({actor.id})")
