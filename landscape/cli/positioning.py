"""CLI commands: positioning (roles matrix and power-interest grid), influence, compare, competitors, focal."""

from __future__ import annotations

from typing import Any

import click

from ..competition import competition
from ..compare import compare as compare_actors
from ..dataset import MapData
from ..errors import NotFound
from ..influence import GAP_FLAG, measure
from ..lookup import resolve
from ..models import Actor
from ..positioning import (KIND_NAMES, LEVEL_MARKS, ROLE_NAMES, ROLE_SHORT, grid, grid_lines, roles_matrix)
from ..settings import load_settings, save_settings
from ..vocab import SECTORS
from . import main
from .common import AppContext, emit_json, heading, json_option, out, pass_app


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
    """Roles matrix (● primary, ○ secondary) and power-interest grid (influence and interest: high = 4 or 5)."""
    data = app.store.map()
    focal = focal_id(data, focal_ref)
    matrix = roles_matrix(data, focal=focal, kinds=kinds, sector=sector, text=text)
    if as_json:
        emit_json(matrix["rows"])
        return
    rows = matrix["rows"]
    if not rows:
        out("no actor matches these filters")
        return
    width = min(34, max(len(r["name"]) for r in rows))
    header = "  " + "actor".ljust(width) + " " + " ".join(ROLE_SHORT[r].center(6) for r in ROLE_NAMES)
    heading(header + "  inf int  quadrant")
    for row in rows:
        mark = "▶ " if row["focal"] else "  "
        name = row["name"] if len(row["name"]) <= width else row["name"][: width - 1] + "…"
        cells = " ".join(LEVEL_MARKS.get(row["roles"].get(r, ""), "·").center(6) for r in ROLE_NAMES)
        scores = (f"{row['influence']:>3} {row['interest']:>3}  {row['quadrant']}" if row["quadrant"]
                  else "  -   -  unrated")
        out(mark + name.ljust(width) + " " + cells + "  " + scores, bold=row["focal"])
    counts = matrix["roles"]
    out("  " + "primary ●".rjust(width) + " " + " ".join(str(c["primary"]).center(6) for c in counts), dim=True)
    out("  " + "secondary ○".rjust(width) + " " + " ".join(str(c["secondary"]).center(6) for c in counts), dim=True)
    out(f"{len(rows)} actors" + (f"; ▶ focal: {focal}" if focal else ""), dim=True)
    out()
    heading("Power-interest grid")
    layout = grid(rows)
    for line in grid_lines(layout):
        out(line)
    if layout["unrated"]:
        out(f"unrated (no curated positioning): {', '.join(layout['unrated'])}", dim=True)


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
    heading(f"{'#':>3}  {'actor':<30} {'pagerank':>8} {'between':>7} {'deg':>3}  cur mes  gap")
    for row in rows:
        cur = "-" if row["curated"] is None else row["curated"]
        mes = "-" if row["measured"] is None else row["measured"]
        gap = "" if row["gap"] is None else f"{row['gap']:+d}"
        flag = "  ⚠ " + row["flag"] if row["flagged"] else ""
        name = row["name"] if len(row["name"]) <= 30 else row["name"][:29] + "…"
        out(f"{row['pagerank_rank']:>3}  {name:<30} {row['pagerank']:>8.4f} {row['betweenness']:>7.3f} "
            f"{row['degree']:>3}  {cur!s:>3} {mes!s:>3} {gap:>4}{flag}", fg="yellow" if row["flagged"] else None)
        out(f"       {row['explanation']}", dim=True)
    out(f"cur: curated influence; mes: measured (PageRank quintile); ⚠ when |gap| >= {GAP_FLAG}", dim=True)


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
    for col in result["actors"]:
        _print_column(col)
        out()
    heading("In common")
    for key, values in result["shared"].items():
        out(f"  {key.replace('_', ' ')}: {', '.join(values) if values else '—'}")
    for r in result["rivalries"]:
        out(f"  rivalry: {r['actor']} vs {r['competitor']} — {r['arena']} (overlap {r['overlap']})")


def _print_column(col: dict[str, Any]) -> None:
    heading(f"{col['name']}  [{col['kind']} {col['id']}]")
    roles = ", ".join(f"{LEVEL_MARKS[level]} {role}" for role, level in col["roles"].items())
    out(f"  roles: {roles or '—'}")
    pos = col["positioning"]
    if pos["quadrant"]:
        out(f"  positioning: influence {pos['influence']}, interest {pos['interest']} — {pos['quadrant']}")
    out(f"  measured influence: {pos['measured'] if pos['measured'] is not None else '—'}"
        f" (PageRank #{pos['pagerank_rank']}, betweenness {pos['betweenness']:.3f}, degree {pos['degree']})")
    for key in ("funders", "sponsors", "funds", "partners"):
        out(f"  {key}: " + (", ".join(x["name"] for x in col[key]) or "—"))
    out("  offers: " + (", ".join(f"{o['name']} ({o['category']})" for o in col["offers"]) or "—"))
    out("  competitors: " + (", ".join(f"{c['name']} ({c['arena']})" for c in col["competitors"]) or "—"))
    out("  plans: " + (", ".join(f"{p['departement']}{' (carrier)' if p['carrier'] else ''}" for p in col["plans"]) or "—"))
    for e in col["events"]:
        out(f"  {e['date']}  {e['title']}")


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
