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
from landscape.i18n import N_, _, colon, decimal, display_date, ngettext, semicolon, text_of
from landscape.analysis.influence import GAP_FLAG, measure
from landscape.model.labels import label
from landscape.analysis.lookup import resolve
from landscape.model.models import Actor
from landscape.analysis.positioning import (KIND_NAMES, LEVEL_MARKS, ROLE_NAMES, grid, grid_lines, role_short,
                                            roles_matrix)
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


@main.command(help=N_(
    "Roles matrix (● primary, ○ secondary) and power-interest grid (influence and interest: high = 4 or 5).\n\n"
    "Where you recorded your own assessment (landscape assess), the grid places the actor by it and marks it "
    "with °; the curated scores stay beside it (JSON: \"own\" and \"curated\")."))
@click.option("--focal", "focal_ref", metavar="REF", help=N_("Actor to highlight (default: the focal_actor setting)."))
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KIND_NAMES), metavar="KIND",
              help=N_("Only actors of this kind (repeatable)."))
@click.option("--sector", type=click.Choice(tuple(SECTORS)), help=N_("Only actors of this sector."))
@click.option("--search", "text", metavar="TEXT", help=N_("Only actors whose id, name or alias contains TEXT."))
@json_option
@pass_app
def positioning(app: AppContext, focal_ref: str | None, kinds: tuple[str, ...], sector: str | None,
                text: str | None, as_json: bool) -> None:
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
        out(_("no actor matches these filters"))
        return
    _print_matrix(matrix, terminal_width())
    out()
    heading(_("Power-interest grid"))
    _print_grid(rows, terminal_width())
    assessed = [r for r in rows if r["own"] is not None]
    if assessed:
        out()
        heading(_("Your assessments (°)"))
        for r in assessed:
            curated = (_("curated {influence}/{interest}").format(influence=r["curated"][0], interest=r["curated"][1])
                       if r["curated"] else _("no curated score"))
            out(f"  {r['name']}{colon()} " + _("influence {influence}, interest {interest}").format(
                influence=r["influence"], interest=r["interest"]) + f" — {r['own']['why']} ({curated})")


_SCORES_WIDTH = 25  # "  inf int  " and the longest quadrant name ("manage closely", 14)
_MARK_WIDTH = 2  # "▶ " before the focal actor


def _level_titles() -> dict[str, str]:
    """The roles matrix's count rows' titles: "primary ●", "secondary ○"."""
    return {level: f"{label('role_level', level)} {mark}" for level, mark in LEVEL_MARKS.items()}


def matrix_layout(names: list[str], width: int) -> tuple[int, int]:
    """(name column, role cell) widths for a roles matrix that fits `width` columns.

    Role cells shrink from 6 to 4 to 3 characters (headings then alternate on two lines) before
    names are cut below 20 characters; names never go below the count rows' titles ("secondary ○", 11).
    """
    longest = max(map(len, names), default=5)
    least_name = max(11, *map(len, _level_titles().values()))
    for cell, least in ((6, 20), (4, 14), (3, least_name)):
        room = width - _MARK_WIDTH - 1 - (len(ROLE_NAMES) * (cell + 1) - 1) - _SCORES_WIDTH
        if room >= min(least, longest):
            return max(5, min(34, longest, room)), cell
    return least_name, 3


def _role_headings(name_width: int, cell: int) -> list[str]:
    """The role headings over the cells: one line when they fit, else alternating over two lines."""
    start = _MARK_WIDTH + name_width + 1
    short = {r: role_short(r) for r in ROLE_NAMES}
    actor = _("actor")[:name_width]
    if cell >= max(map(len, short.values())):
        return [" " * _MARK_WIDTH + actor.ljust(name_width) + " " + " ".join(short[r].center(cell) for r in ROLE_NAMES)]
    lines = [[" "] * (start + len(ROLE_NAMES) * (cell + 1)) for _row in range(2)]
    lines[1][_MARK_WIDTH:_MARK_WIDTH + len(actor)] = actor
    for i, role in enumerate(ROLE_NAMES):
        text = short[role]
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
    heading(head[-1].ljust(pad) + "  " + _("inf int  quadrant"))
    for row in rows:
        mark = "▶ " if row["focal"] else "  "
        name = row["name"] if len(row["name"]) <= name_width else row["label"]
        name = name if len(name) <= name_width else name[: name_width - 1] + "…"
        cells = " ".join(LEVEL_MARKS.get(row["roles"].get(r, ""), "·").center(cell) for r in ROLE_NAMES)
        scores = (f"{row['influence']:>3} {row['interest']:>3}  {_(row['quadrant'])}" if row["quadrant"]
                  else "  -   -  " + _("unrated"))
        out(mark + name.ljust(name_width) + " " + cells + "  " + scores, bold=row["focal"])
    counts = matrix["roles"]
    titles = _level_titles()
    for level in ("primary", "secondary"):
        out(" " * _MARK_WIDTH + titles[level].rjust(name_width) + " "
            + " ".join(str(c[level]).center(cell) for c in counts), dim=True)
    focal = next((row["name"] for row in rows if row["focal"]), None)
    wrapped(ngettext("{n} actor", "{n} actors", len(rows)).format(n=len(rows))
            + ("; ▶ " + _("focal: {name}").format(name=focal) if focal else ""), dim=True)
    if cell < 6:
        wrapped(_("roles: {roles}").format(roles=", ".join(f"{role_short(r)} = {label('role', r)}"
                                                          for r in ROLE_NAMES)), dim=True)


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
        wrapped(_("unrated (no curated positioning): {names}").format(
            names=", ".join(names.get(i, i) for i in layout["unrated"])), dim=True)


@main.command(help=N_(
    "Measured influence from the relations graph (PageRank, betweenness, degree) beside the curated score."))
@click.option("--limit", type=click.IntRange(min=1), help=N_("Only the first N actors by PageRank."))
@json_option
@pass_app
def influence(app: AppContext, limit: int | None, as_json: bool) -> None:
    rows = measure(app.store.map())[:limit]
    if as_json:
        emit_json(rows)
        return
    width = terminal_width()
    name_width = max(12, min(30, width - 45))
    actor, between, degree = _("actor"), _("between"), _("deg")
    heading(f"{'#':>3}  {actor:<{name_width}} {'pagerank':>8} {between:>7} {degree:>3}  " + _("cur mes  gap"))
    for row in rows:
        cur = "-" if row["curated"] is None else row["curated"]
        mes = "-" if row["measured"] is None else row["measured"]
        gap = "" if row["gap"] is None else f"{row['gap']:+d}"
        name = row["name"] if len(row["name"]) <= name_width else row["name"][:name_width - 1] + "…"
        line = (f"{row['pagerank_rank']:>3}  {name:<{name_width}} {decimal(row['pagerank'], '.4f'):>8} "
                f"{decimal(row['betweenness'], '.3f'):>7} {row['degree']:>3}  {cur!s:>3} {mes!s:>3} {gap:>4}")
        flag = "⚠ " + row["flag"] if row["flagged"] else ""
        colour = "yellow" if row["flagged"] else None
        if flag and len(line) + 2 + len(flag) <= width:
            out(f"{line}  {flag}", fg=colour)
        else:
            out(line, fg=colour)
            if flag:
                wrapped(flag, indent=7, fg=colour)
        wrapped(row["explanation"], indent=7, hang=0, dim=True)
    wrapped(_("cur: curated influence; mes: measured (PageRank quintile); ⚠ when |gap| >= {n}").format(n=GAP_FLAG),
            dim=True)


@main.command(help=N_(
    "Two to four actors side by side: roles, positioning, funders, partners, offers, competitors, plans, events."))
@click.argument("refs", nargs=-1, required=True, metavar="REF REF [REF REF]")
@json_option
@pass_app
def compare(app: AppContext, refs: tuple[str, ...], as_json: bool) -> None:
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
    heading(_("In common"))
    shared = result["shared"]
    readable = {N_("funders"): [names.get(i, i) for i in shared["funders"]],
                N_("partners"): [names.get(i, i) for i in shared["partners"]],
                N_("plans"): [plans.get(i, i) for i in shared["plans"]],
                N_("offer categories"): [label("offer_category", c) for c in shared["offer_categories"]],
                N_("roles"): [label("role", r) for r in shared["roles"]]}
    for key, values in readable.items():
        wrapped(f"{_(key)}{colon()} {', '.join(values) if values else '—'}", indent=2)
    for r in result["rivalries"]:
        rivals = _("{actor} vs {competitor}").format(actor=names.get(r["actor"], r["actor"]),
                                                     competitor=names.get(r["competitor"], r["competitor"]))
        wrapped(_("rivalry") + f"{colon()} {rivals} — {text_of(r, 'arena')} ("
                + _("overlap {level}").format(level=label("overlap", r["overlap"])) + ")", indent=2)


def _print_column(col: dict[str, Any]) -> None:
    heading(col["name"])
    out(f"{label('actor_kind', col['kind'])} · {col['id']}", dim=True)

    def line(name: str, text: str, **kwargs: Any) -> None:
        wrapped(f"{_(name)}{colon()} {text or '—'}", indent=2, **kwargs)

    line(N_("roles"), ", ".join(f"{LEVEL_MARKS[level]} {label('role', role)}" for role, level in col["roles"].items()))
    pos = col["positioning"]
    if pos["quadrant"]:
        line(N_("positioning"), _("influence {influence}, interest {interest}").format(
            influence=pos["influence"], interest=pos["interest"]) + f" — {_(pos['quadrant'])}")
    line(N_("measured influence"), (str(pos["measured"]) if pos["measured"] is not None else "—") + " (" + _(
        "PageRank #{rank}, betweenness {betweenness}, degree {degree}").format(
        rank=pos["pagerank_rank"], betweenness=decimal(pos["betweenness"], ".3f"), degree=pos["degree"]) + ")")
    for key, name in (("funders", N_("funders")), ("sponsors", N_("supporters")), ("funds", N_("funds")),
                      ("partners", N_("partners"))):
        line(name, ", ".join(x["name"] for x in col[key]))
    line(N_("offers"), ", ".join(f"{o['name']} ({label('offer_category', o['category'])})" for o in col["offers"]))
    line(N_("competitors"), ", ".join(f"{c['name']} ({text_of(c, 'arena')})" for c in col["competitors"]))
    line(N_("plans"), ", ".join(f"{p['departement']} ({label('plan_status', p['status'])}"
                                + (", " + _("carrier") if p["carrier"] else "") + ")" for p in col["plans"]))
    for e in col["events"]:
        when = display_date(e["date"])
        wrapped(f"{when}  {text_of(e, 'title')}", indent=2, hang=len(when) + 2)


@main.command(help=N_("An actor's recorded competitors by arena (overlap, each side's edge), then suggested ones."))
@click.argument("ref")
@click.option("--limit", type=click.IntRange(min=0), default=10, show_default=True, help=N_("Suggestions to show."))
@json_option
@pass_app
def competitors(app: AppContext, ref: str, limit: int, as_json: bool) -> None:
    data = app.store.map()
    result = competition(data, resolve_actor(data, ref).id, limit=limit)
    if as_json:
        emit_json(result)
        return
    me = result["actor"]["name"]
    heading(_("Competitors of {name}").format(name=me))
    if not result["recorded"]:
        out("  " + _("none recorded"))
    for group in result["recorded"]:
        out(f"  {text_of(group, 'arena')}", bold=True)
        for rival in group["rivals"]:
            out(f"    {rival['name']}  (" + _("overlap {level}").format(level=label("overlap", rival["overlap"])) + ")")
            if rival["note"]:
                out(f"      {text_of(rival, 'note')}", dim=True)
            for name, edge in ((me, rival["edge"]["actor"]), (rival["name"], rival["edge"]["competitor"])):
                out("      " + _("{name}'s edge: {edge}").format(name=name, edge=f"{semicolon()} ".join(edge) or "—"))
    out()
    heading(_("Suggested (not yet recorded)"))
    if not result["suggested"]:
        out("  " + _("none"))
    for s in result["suggested"]:
        out(f"  {s['name']}  (" + _("score {score}").format(score=decimal(s["score"])) + ")")
        out(f"      {s['reason']}", dim=True)


@main.command(help=N_("Show the focal actor, or set it to REF (saved in the settings)."))
@click.argument("ref", required=False)
@json_option
@pass_app
def focal(app: AppContext, ref: str | None, as_json: bool) -> None:
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
        raise NotFound(_("focal actor {id!r} is not in the map; set one with 'landscape focal REF'").format(
            id=settings.focal_actor))
    told = _("focal actor set to {name} ({id})") if ref else _("focal actor: {name} ({id})")
    out(told.format(name=actor.label, id=actor.id))
